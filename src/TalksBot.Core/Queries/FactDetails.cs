using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using TalksBot.Core.Knowledge;

namespace TalksBot.Core.Queries;

/// <summary>
/// Whether a fact's text holds the kind of detail a question asks for: a date, a place, a person, a count of the thing
/// asked about, an amount, a duration. Places and people are the ones the knowledge itself names (learned from its own
/// texts and person facts once per snapshot), not a list in code.
/// </summary>
internal static partial class FactDetails
{
    private static readonly ConditionalWeakTable<KnowledgeSnapshot, Vocabulary> Vocabularies = [];

    /// <summary>Each person fact's defining words, read once per fact (a fact is immutable; an edit is a new one).</summary>
    private static readonly ConditionalWeakTable<Fact, HashSet<string>> DefiningWordsOfFacts = [];

    private static readonly HashSet<string> Months = new(StringComparer.OrdinalIgnoreCase)
    {
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    };

    private static readonly HashSet<string> NumberWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "fifteen", "twenty",
        "thirty", "forty", "fifty", "hundred", "hundreds", "thousand", "thousands", "million", "millions", "dozen", "dozens",
    };

    private static readonly HashSet<string> QuantityWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "bn", "billion", "m", "million", "thousand", "k", "of",
    };

    public static bool Holds(Fact fact, QuestionDetail detail, KnowledgeSnapshot knowledge) => detail.Kind switch
    {
        DetailKind.Date => HasDate(fact.Text),
        DetailKind.Place => VocabularyOf(knowledge).Places.Any(p => fact.Text.Contains(p, StringComparison.Ordinal)),
        DetailKind.Person => VocabularyOf(knowledge).People.Any(p => !detail.QuestionWords.Contains(p) && fact.Text.Contains(p, StringComparison.Ordinal)),
        DetailKind.Count => detail.CountedWords.Count == 0 ? HasCount(fact.Text, null) : detail.CountedWords.Any(w => HasCount(fact.Text, w)),
        DetailKind.Amount => AmountPattern().IsMatch(fact.Text),
        DetailKind.Duration => DurationPattern().IsMatch(fact.Text),
        _ => true,
    };

    /// <summary>
    /// True when a person fact defines its person by the role (every one of its stemmed words): they are in the clause
    /// that says who the person is — after "is"/"was" up to the first comma, semicolon or colon ("Steve Witkoff is
    /// President Trump's special envoy …"), or between the commas of an apposition ("Jared Kushner, President Trump's
    /// son-in-law, works …"), after any possessor ("President Trump's") — not later, where the text speaks of others
    /// ("… he sends Witkoff and Kushner as envoys").
    /// </summary>
    public static bool DefinesRole(Fact fact, IReadOnlyList<string> role) =>
        role.Count > 0 && DefiningWords(fact) is { } words && role.All(words.Contains);

    /// <summary>The stemmed words of a person fact's defining clause (see <see cref="DefinesRole"/>); null for other facts.</summary>
    private static HashSet<string>? DefiningWords(Fact fact) =>
        fact.Kind != FactKind.Person ? null : DefiningWordsOfFacts.GetValue(fact, ReadDefiningWords);

    private static HashSet<string> ReadDefiningWords(Fact fact)
    {
        var text = fact.Text;
        var comma = text.IndexOf(',', StringComparison.Ordinal);
        var verb = text.IndexOf(" is ", StringComparison.Ordinal) is var isAt and >= 0 ? isAt : text.IndexOf(" was ", StringComparison.Ordinal);
        int from;
        if (verb >= 0 && (comma < 0 || verb < comma))
        {
            from = text.IndexOf(' ', verb + 1) + 1;
        }
        else if (comma >= 0)
        {
            from = comma + 1;
        }
        else
        {
            return [];
        }

        var to = text.IndexOfAny([',', ';', ':'], from);
        var clause = text.AsSpan(from, (to < 0 ? text.Length : to) - from);

        // "President Trump's special envoy": the role is what follows a possessor that opens the clause (three words at most),
        // not the possessor's own title; a later "Moscow's" belongs to the rest of the sentence.
        var possessive = clause.IndexOf("'s ", StringComparison.Ordinal) is var straight and >= 0 ? straight : clause.IndexOf("’s ", StringComparison.Ordinal);
        if (possessive >= 0 && clause[..possessive].Trim().Count(' ') < 3)
        {
            clause = clause[(possessive + 3)..];
        }

        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in WordPattern().EnumerateMatches(clause))
        {
            words.Add(Stem(clause.Slice(word.Index, word.Length).ToString()));
        }

        return words;
    }

    /// <summary>The surname a person fact opens with ("Witkoff" in "Steve Witkoff is …"), lower-case; null for other facts.</summary>
    public static string? SubjectSurname(Fact fact) =>
        fact.Kind == FactKind.Person && LeadingNamePattern().Match(fact.Text) is { Success: true } name
            ? name.Groups[1].Value.Split(' ')[^1].ToLowerInvariant()
            : null;

    /// <summary>
    /// True when the text names a month of the window ("In late January 2026 …" for January 2026): a fact dated just
    /// outside a period may still be about it.
    /// </summary>
    public static bool NamesAMonthOf(string text, Queries.Time.TimeWindow window)
    {
        if (window.From == DateOnly.MinValue || window.To == DateOnly.MaxValue)
        {
            return false;
        }

        var month = new DateOnly(window.From.Year, window.From.Month, 1);
        for (var i = 0; i < 24 && month <= window.To; i++, month = month.AddMonths(1))
        {
            if (text.Contains(month.ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture), StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A day, a month or a year in the text.</summary>
    public static bool HasDate(string text) => DatePattern().IsMatch(text);

    /// <summary>
    /// A number of things (not a date, a year or an ordinal) with the counted word near it ("157-for-157 prisoner of war
    /// exchange", "an army of 600,000"); without a counted word, any such number.
    /// </summary>
    public static bool HasCount(string text, string? countedNoun)
    {
        var words = TokenPattern().Matches(text).Select(m => m.Value).ToList();
        var stem = countedNoun is null ? null : Stem(countedNoun);
        for (var i = 0; i < words.Count; i++)
        {
            if (!IsCount(words, i))
            {
                continue;
            }

            if (stem is null)
            {
                return true;
            }

            // The counted word may follow a unit ("€210bn of Russian central-bank assets"): a unit and "of" do not use up the reach.
            var units = 0;
            while (i + 1 + units < words.Count && QuantityWords.Contains(words[i + 1 + units]))
            {
                units++;
            }

            for (var j = Math.Max(0, i - 4); j < Math.Min(words.Count, i + 6 + units); j++)
            {
                if (j != i && Stem(words[j]).Equals(stem, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsCount(List<string> words, int i)
    {
        var word = words[i];
        if (NumberWords.Contains(word))
        {
            return true;
        }

        if (!char.IsAsciiDigit(word[0]))
        {
            return false;
        }

        var digits = word.Replace(",", "", StringComparison.Ordinal);
        var isYear = digits.Length == 4 && digits[0] is '1' or '2' && int.TryParse(digits, out var year) && year is >= 1900 and <= 2100;
        var nextToMonth = (i > 0 && Months.Contains(words[i - 1])) || (i + 1 < words.Count && Months.Contains(words[i + 1]));
        var ordinal = word.EndsWith("st", StringComparison.Ordinal) || word.EndsWith("nd", StringComparison.Ordinal) ||
            word.EndsWith("rd", StringComparison.Ordinal) || word.EndsWith("th", StringComparison.Ordinal);
        return !isYear && !nextToMonth && !ordinal;
    }

    /// <summary>"soldiers" → "soldier", "prisoners" → "prisoner", "casualties" → "casualty": enough to match a counted word.</summary>
    internal static string Stem(string word)
    {
        var lower = word.ToLowerInvariant();
        if (lower.EndsWith("ies", StringComparison.Ordinal) && lower.Length > 4)
        {
            return lower[..^3] + "y";
        }

        return lower.EndsWith('s') && !lower.EndsWith("ss", StringComparison.Ordinal) && lower.Length > 3 ? lower[..^1] : lower;
    }

    /// <summary>How telling a word is in this knowledge: 1 / the number of current facts holding it (at least one).</summary>
    public static double Rarity(KnowledgeSnapshot knowledge, string stem)
    {
        var counts = VocabularyOf(knowledge).FactsWith;
        return 1.0 / counts.GetOrAdd(stem, word => Math.Max(1, knowledge.Facts.Count(f => f.IsCurrent && f.Text.Contains(word, StringComparison.OrdinalIgnoreCase))));
    }

    private static Vocabulary VocabularyOf(KnowledgeSnapshot knowledge) => Vocabularies.GetValue(knowledge, Vocabulary.Learn);

    // A year, or a month's name ("May" only with a year: it is also a verb). Matching without capturing allocates nothing.
    [GeneratedRegex(@"\b(19|20)\d\d\b|\b(January|February|March|April|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"\d[\d,\.]*(st|nd|rd|th)?|\p{L}+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"\p{L}+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"[€$£]\s?\d|\d[\d,\.]*\s?(bn|billion|million|m\b|%|per ?cent)|\d+%", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex AmountPattern();

    [GeneratedRegex(@"\b(\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|sixty|ninety|several|few|full)[\s-]+(minute|hour|day|week|month|year)s?\b|\b(minute|hour|day|week|month|year)-long\b|\bovernight\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"\b(?:in|at|near|from|to)\s+((?:[A-Z][a-z]+)(?:[\s-][A-Z][a-z]+)?)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PlacePattern();

    [GeneratedRegex(@"^((?:[A-Z][\p{Ll}'’-]+\s){1,2}[A-Z][\p{Ll}'’-]+)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex LeadingNamePattern();

    /// <summary>The places and people this knowledge names.</summary>
    private sealed class Vocabulary(HashSet<string> places, HashSet<string> people)
    {
        public HashSet<string> Places { get; } = places;

        public HashSet<string> People { get; } = people;

        /// <summary>How many facts hold a word, counted when first asked (bounded: question words only).</summary>
        public System.Collections.Concurrent.ConcurrentDictionary<string, int> FactsWith { get; } = new(StringComparer.OrdinalIgnoreCase);

        public static Vocabulary Learn(KnowledgeSnapshot knowledge)
        {
            // Places: capitalised words after "in", "at" … that are not months, weekdays or a party's name.
            string[] notPlaces = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "The", "A", "An"];
            var parties = knowledge.Parties.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var places = knowledge.Facts
                .SelectMany(f => PlacePattern().Matches(f.Text).Select(m => m.Groups[1].Value.Split(' ', '-')[0]))
                .Where(p => !Months.Contains(p) && !notPlaces.Contains(p) && !parties.Contains(p))
                .ToHashSet(StringComparer.Ordinal);

            // People: the name a person fact opens with ("Kirill Dmitriev is …"), and two-word names among the parties' aliases.
            var people = knowledge.Facts
                .Where(f => f.Kind == FactKind.Person)
                .Select(f => LeadingNamePattern().Match(f.Text))
                .Where(m => m.Success)
                .Select(m => m.Groups[1].Value.Split(' ')[^1])
                .Concat(knowledge.Parties.SelectMany(p => p.Aliases).Where(a => a.Split(' ') is { Length: >= 2 } w && w.All(x => x.Length > 1 && char.IsUpper(x[0]))).Select(a => a.Split(' ')[^1]))
                .ToHashSet(StringComparer.Ordinal);
            people.ExceptWith(places);
            return new Vocabulary(places, people);
        }
    }
}
