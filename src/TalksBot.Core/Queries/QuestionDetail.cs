using System.Text.RegularExpressions;

namespace TalksBot.Core.Queries;

/// <summary>The kind of answer a question asks for: a date, a place, a person, a number of things, an amount, a duration.</summary>
internal enum DetailKind
{
    None,
    Date,
    Place,
    Person,
    Count,
    Amount,
    Duration,
}

/// <summary>
/// What detail a question wants ("How many soldiers …?" wants a count of soldiers; "In which city …?" a place) and which
/// ordinal it names ("the second trilateral round"). Facts that hold the detail rank first; for a count, an amount or a
/// duration, a best fact without one is no answer at all ("I don't have that detail").
/// </summary>
internal sealed partial record QuestionDetail(DetailKind Kind, string? Ordinal, bool StrictOrdinal)
{
    /// <summary>"Which officials …?": individuals by name, not a country or an institution ("Who would run the plant?").</summary>
    public bool Individuals { get; init; }

    /// <summary>The words of "how many coalition members …": any of them next to a number counts.</summary>
    public IReadOnlyList<string> CountedWords { get; init; } = [];

    public static readonly QuestionDetail None = new(DetailKind.None, null, false);

    /// <summary>The question's own words: a person it names is not the person it asks for.</summary>
    public IReadOnlySet<string> QuestionWords { get; init; } = new HashSet<string>();

    /// <summary>
    /// "Who is the US envoy?", "Who was Ukraine's chief negotiator?": the noun naming the role asked about ("envoy",
    /// "negotiator"), stemmed; null for any other question. The person the knowledge defines by that role answers, not one
    /// whose fact only mentions it about someone else ("works alongside special envoy Steve Witkoff").
    /// </summary>
    public string? Role { get; init; }

    /// <summary>
    /// All the words of the role asked about, stemmed ("defence", "minister" in "Who is Ukraine's defence minister?",
    /// "secretary", "state" in "the US secretary of state"); the query service drops those that name a party ("US",
    /// "Kremlin"), never <see cref="Role"/>. Empty for other questions.
    /// </summary>
    public IReadOnlyList<string> RoleWords { get; init; } = [];

    /// <summary>The words after the ordinal that say what it counts ("trilateral", "round" in "the second trilateral round").</summary>
    public IReadOnlyList<string> OrdinalOf { get; init; } = [];

    private static readonly string[] Ordinals = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];

    // Words after "which"/"what" that ask for individual people ("Which Americans …?", not "Which Ukrainian regions …?").
    private static readonly HashSet<string> PeopleNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "americans", "russians", "ukrainians", "europeans", "officials", "official", "envoys", "envoy", "people", "person",
        "negotiators", "negotiator", "leaders", "leader", "ministers", "minister", "diplomats", "diplomat", "delegates",
        "aides", "aide", "advisers", "adviser", "advisors", "politicians",
    };

    private static readonly HashSet<string> PlaceNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "city", "country", "place", "venue", "location", "capital", "town",
    };

    // Words for money: a question counting them asks for an amount ("$400m a year"), not a number of things.
    private static readonly HashSet<string> MoneyNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "money", "dollars", "euros", "pounds", "funds", "funding", "cash", "financing", "billions", "millions",
    };

    private static readonly HashSet<string> DateNouns = new(StringComparer.OrdinalIgnoreCase) { "date", "day", "month", "year" };

    /// <summary>True when a best fact without the detail cannot answer: a count, an amount, a duration, individuals asked for.</summary>
    public bool MustHold => Kind is DetailKind.Count or DetailKind.Amount or DetailKind.Duration || (Kind == DetailKind.Person && Individuals);

    /// <summary>True when the question asks for a detail at all.</summary>
    public bool AsksForDetail => Kind != DetailKind.None || StrictOrdinal;

    public static QuestionDetail Of(string question)
    {
        var words = WordPattern().Matches(question).Select(m => m.Value.ToLowerInvariant()).ToList();
        var kind = DetailKind.None;
        var individuals = false;
        List<string> counted = [];
        for (var i = 0; i < words.Count && kind == DetailKind.None; i++)
        {
            var next = i + 1 < words.Count ? words[i + 1] : "";
            switch (words[i])
            {
                case "how" when next is "many":
                    counted = CountedWordsAfter(words, i + 2);
                    // "How many dollars …", and "Скільки грошей …" read as "how many money": a sum, not a count.
                    kind = counted.Any(MoneyNouns.Contains) ? DetailKind.Amount : DetailKind.Count;
                    break;
                case "how" when next is "much":
                    kind = DetailKind.Amount;
                    break;
                case "how" when next is "long":
                    kind = DetailKind.Duration;
                    break;
                case "when" when i == 0:
                    kind = DetailKind.Date;
                    break;
                case "where" when i == 0:
                    kind = DetailKind.Place;
                    break;
                case "who" when i == 0:
                    kind = DetailKind.Person;
                    break;
                case "which" or "what" when PlaceNouns.Contains(next):
                    kind = DetailKind.Place;
                    break;
                case "which" or "what" when PeopleNouns.Contains(next):
                    kind = DetailKind.Person;
                    individuals = true;
                    break;
                case "which" or "what" when DateNouns.Contains(next):
                    kind = DetailKind.Date;
                    break;
            }
        }

        // "the second trilateral round": an ordinal after "the" names one of a series; elsewhere ("first meet") it may not.
        string? ordinal = null;
        var strict = false;
        List<string> of = [];
        for (var i = 0; i < words.Count; i++)
        {
            if (Array.IndexOf(Ordinals, words[i]) >= 0)
            {
                ordinal = words[i];
                strict = i > 0 && words[i - 1] == "the";
                of = words.Skip(i + 1).Take(3).Where(w => w.Length > 3 && w is not ("time" or "they" or "with" or "that" or "were" or "held" or "take" or "took")).Select(FactDetails.Stem).ToList();
                break;
            }
        }

        var (role, roleNoun) = kind == DetailKind.Person ? RoleAskedFor(words) : ([], null);
        return kind == DetailKind.None && ordinal is null
            ? None
            : new QuestionDetail(kind, ordinal, strict && of.Count > 0)
            {
                OrdinalOf = of,
                QuestionWords = words.ToHashSet(StringComparer.OrdinalIgnoreCase),
                Individuals = individuals,
                CountedWords = counted,
                RoleWords = role,
                Role = role.Count > 0 ? roleNoun : null,
            };
    }

    /// <summary>
    /// The role's words in "who is/was the … &lt;noun&gt; [of …] [to/for/in …]" or "who is &lt;someone&gt;'s … &lt;noun&gt;",
    /// stemmed, without articles, and its noun: the word before "of", else the last. None without an article or a
    /// possessive ("Who is Kushner?" asks about a name).
    /// </summary>
    private static (List<string> Words, string? Noun) RoleAskedFor(List<string> words)
    {
        if (words.Count < 4 || words[0] != "who" || words[1] is not ("is" or "was" or "are" or "were"))
        {
            return ([], null);
        }

        // "Ukraine's" reads as the words "ukraine" and "s".
        var start = words[2] is "the" or "a" or "an" ? 3 : words.Count > 4 && words[3] == "s" ? 4 : -1;
        if (start < 0)
        {
            return ([], null);
        }

        var end = start;
        var of = -1;
        while (end < words.Count && words[end] is not ("to" or "for" or "in" or "at" or "on" or "with" or "who" or "that" or "now" or "today" or "before" or "after" or "since" or "until" or "during" or "under"))
        {
            if (words[end] == "of" && of < 0)
            {
                of = end;
            }

            end++;
        }

        var noun = of > start ? words[of - 1] : end > start ? words[end - 1] : "";
        if (noun.Length <= 2)
        {
            return ([], null);
        }

        // "the current US president": when is the time's business, not the role's ("the sitting US president").
        List<string> role = [.. words.Skip(start).Take(end - start)
            .Where(w => w.Length > 1 && w is not ("of" or "the" or "a" or "an" or "current" or "present" or "sitting" or "incumbent"))
            .Select(FactDetails.Stem)];
        return (role, FactDetails.Stem(noun));
    }

    /// <summary>
    /// The ordinals a text gives to the same kind of thing the question counts, each with the share of the question's
    /// words for that thing it matches, rarer words weighing more (<paramref name="weight"/>): "second" in "the second Abu
    /// Dhabi trilateral" for "the second trilateral round", but not in "two hours on the second day".
    /// </summary>
    public IEnumerable<(string Ordinal, double Match)> OrdinalsIn(string text, Func<string, double> weight)
    {
        var total = OrdinalOf.Sum(weight);
        var words = WordPattern().Matches(text).Select(m => m.Value.ToLowerInvariant()).ToList();
        for (var i = 0; i < words.Count; i++)
        {
            if (Array.IndexOf(Ordinals, words[i]) < 0)
            {
                continue;
            }

            var following = words.Skip(i + 1).Take(4).Select(FactDetails.Stem).ToHashSet(StringComparer.Ordinal);
            var matched = OrdinalOf.Where(following.Contains).Sum(weight);
            if (matched > 0)
            {
                yield return (words[i], total > 0 ? matched / total : 0);
            }
        }
    }

    /// <summary>The words naming what is counted: up to three after "how many", to the first verb or preposition.</summary>
    private static List<string> CountedWordsAfter(List<string> words, int start)
    {
        string[] stops = ["did", "does", "do", "were", "was", "is", "are", "has", "have", "had", "will", "would", "can", "could", "should", "of", "in", "on", "at", "from", "since", "the"];
        return words.Skip(start).Take(3).TakeWhile(w => !stops.Contains(w)).Where(w => w is not ("american" or "russian" or "ukrainian" or "european" or "more" or "times")).ToList();
    }

    [GeneratedRegex(@"\p{L}+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex WordPattern();
}
