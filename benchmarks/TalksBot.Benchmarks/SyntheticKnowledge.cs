using System.Globalization;
using System.Text.RegularExpressions;
using TalksBot.Core.Knowledge;

namespace TalksBot.Benchmarks;

/// <summary>
/// A large, deterministic knowledge base grown from the real one: the real parties, topics, sources and facts, plus
/// generated facts up to <see cref="DefaultFactCount"/>. Generated sentences combine speakers (party names and
/// aliases), actions, subjects (tied to the fact's topic), places, dates, outcomes and clauses lifted from real facts,
/// so word frequencies and sentence vectors look like real knowledge rather than a handful of repeated strings.
/// </summary>
public static partial class SyntheticKnowledge
{
    public const int DefaultFactCount = 10_000;

    private const int Seed = 20_251_215;

    private static readonly string[] Actions =
    [
        "proposed", "rejected", "endorsed", "called for", "ruled out", "demanded", "offered", "signalled support for",
        "warned against", "questioned", "welcomed", "insisted on", "pushed for", "agreed to discuss", "refused to discuss",
        "played down", "set conditions on", "floated", "criticised", "backed", "dismissed", "reaffirmed its stance on",
        "asked for clarity on", "linked sanctions relief to", "sought written guarantees on", "expressed doubts about",
    ];

    private static readonly string[] BaseActions =
    [
        "accept", "reject", "discuss", "sign", "guarantee", "revisit", "delay", "approve", "consider", "block", "endorse",
        "renegotiate", "put to a vote", "tie to a ceasefire",
    ];

    private static readonly string[] Subjects =
    [
        "a phased withdrawal of troops", "a demilitarised buffer zone", "an exchange of prisoners of war",
        "new sanctions on Russian oil exports", "security guarantees modelled on Article 5", "an international monitoring mission",
        "a freeze along the line of contact", "the return of deported Ukrainian children", "international control of the nuclear plant",
        "a reconstruction fund financed by frozen assets", "the release of frozen central bank reserves", "limits on the size of Ukraine's army",
        "elections within 100 days of a ceasefire", "a summit between the presidents", "a new round of trilateral talks",
        "a moratorium on strikes against energy infrastructure", "a Black Sea shipping corridor", "a ban on long-range missile strikes",
        "a referendum on the peace plan", "a reassurance force of European troops", "a 20-point framework agreement",
        "a timetable for lifting sanctions", "a joint commission on humanitarian issues", "recognition of the occupied regions",
        "a free economic zone in the Donbas", "protection for the Russian language", "the status of the Ukrainian Orthodox Church",
        "Ukraine's path to EU membership", "a neutral status for Ukraine", "the deployment of air defence systems",
        "a minerals revenue-sharing deal", "a pause in weapons deliveries", "the sharing of intelligence with Kyiv",
        "a written non-aggression pact", "a Christmas truce", "an amnesty for wartime actions", "the exchange of the dead",
    ];

    private static readonly string[] TopicFrames =
    [
        "the {0} proposals", "a compromise on {0}", "talks on {0}", "the latest draft on {0}", "any deal on {0}",
        "the question of {0}", "fresh terms on {0}",
    ];

    private static readonly string[] Places =
    [
        "in Geneva", "in Riyadh", "in Jeddah", "in Abu Dhabi", "in Istanbul", "in Berlin", "in Miami", "in Moscow", "in Kyiv",
        "in Washington", "in Brussels", "in Paris", "in London", "at the White House", "at the Kremlin", "in Anchorage",
        "in Doha", "in Ankara", "in Budapest", "in Rome", "by video link", "in Davos", "at the UN Security Council",
        "on the sidelines of a NATO summit", "at Mar-a-Lago", "in Helsinki", "in Warsaw", "in Vatican City",
    ];

    private static readonly string[] Speakers =
    [
        "a senior official", "a Kremlin spokesman", "a European diplomat", "an adviser to the president", "a US envoy",
        "the foreign minister", "a member of the negotiating team", "a spokeswoman for the government", "a NATO official",
        "a senior White House aide", "a Ukrainian negotiator", "a Russian deputy foreign minister",
    ];

    private static readonly string[] Outcomes =
    [
        "no agreement was reached", "the talks ended without a joint statement", "officials described the meeting as constructive",
        "details were not made public", "both sides agreed to meet again", "the draft was sent back for revisions",
        "the sides remained far apart on territory", "a follow-up meeting was scheduled for the next month",
        "the other side called the idea unacceptable", "observers saw little chance of a breakthrough",
        "the proposal was welcomed in principle", "the discussion was postponed",
    ];

    private static readonly string[] Connectors =
    [
        "adding that", "arguing that", "even as", "while noting that", "after reports that", "although", "just as",
    ];

    private static readonly string[] Reasons =
    [
        "citing the need for binding security guarantees", "saying the front line must be frozen first",
        "pointing to continued strikes on energy infrastructure", "arguing that sanctions relief must come first",
        "because the previous truce had collapsed", "saying parliament would have to approve it",
        "warning that the offer could be withdrawn", "describing it as a first step", "under pressure from Washington",
        "after consultations with European allies",
    ];

    /// <summary>The real knowledge plus generated facts, <paramref name="totalFacts"/> facts in all, always the same for the same input.</summary>
    public static KnowledgeSet Generate(KnowledgeSet real, int totalFacts)
    {
        var random = new Random(Seed);
        var vocabulary = new Vocabulary(real);
        var facts = new List<Fact>(Math.Max(totalFacts, real.Facts.Count));
        facts.AddRange(real.Facts);
        var ids = real.Facts.Select(f => f.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; facts.Count < totalFacts; i++)
        {
            var topic = Pick(random, real.Topics);
            var id = string.Create(CultureInfo.InvariantCulture, $"synthetic-{i:D5}-{topic.Id}");
            if (ids.Add(id))
            {
                facts.Add(Generate(random, vocabulary, real, topic, id));
            }
        }

        return new KnowledgeSet(real.Parties, real.Topics, real.Sources, facts);
    }

    private static Fact Generate(Random random, Vocabulary vocabulary, KnowledgeSet real, Topic topic, string id)
    {
        var kind = random.Next(100) switch
        {
            < 45 => FactKind.Position,
            < 75 => FactKind.Event,
            < 90 => FactKind.Context,
            _ => FactKind.Person,
        };
        var party = Pick(random, real.Parties);
        var others = real.Parties.Where(p => p.Id != party.Id).OrderBy(_ => random.Next()).Take(random.Next(0, 3)).ToList();
        var counterpart = others.Count > 0 ? others[0] : Pick(random, real.Parties.Where(p => p.Id != party.Id).ToList());
        var asOf = new DateOnly(2025, 1, 1).AddDays(random.Next(0, 450));
        var text = kind switch
        {
            FactKind.Person => PersonSentence(random, vocabulary, party, topic, asOf),
            FactKind.Event => EventSentence(random, vocabulary, party, counterpart, topic, asOf),
            _ => PositionSentence(random, vocabulary, party, topic, asOf),
        };
        var sources = real.Sources.OrderBy(_ => random.Next()).Take(random.Next(1, 3)).Select(s => new SourceRef(s.Id)).ToList();
        return new Fact
        {
            Id = id,
            Kind = kind,
            Party = kind == FactKind.Event && random.Next(2) == 0 ? null : party.Id,
            Involves = kind == FactKind.Event && others.Count == 0 ? [counterpart.Id] : [.. others.Select(p => p.Id)],
            Topic = topic.Id,
            AsOf = asOf,
            Rank = random.Next(10) == 0 ? FactRank.Preferred : FactRank.Normal,
            Text = text,
            Sources = sources,
        };
    }

    private static string PositionSentence(Random random, Vocabulary vocabulary, Party party, Topic topic, DateOnly asOf)
    {
        var speaker = vocabulary.SpeakerFor(random, party);
        var subject = SubjectFor(random, topic);
        return random.Next(5) switch
        {
            0 => $"{Capitalise(DatePhrase(random, asOf))}, {speaker} {Pick(random, Actions)} {subject} {Pick(random, Places)}, {Pick(random, Connectors)} {vocabulary.Clause(random)}.",
            1 => $"{Capitalise(speaker)} {Pick(random, Actions)} {subject}, {Pick(random, Reasons)}.",
            2 => $"Speaking {Pick(random, Places)} {DatePhrase(random, asOf)}, {Pick(random, Speakers)} said {speaker} would not {Pick(random, BaseActions)} {subject} unless {vocabulary.Clause(random)}.",
            3 => $"According to {vocabulary.Publisher(random)}, {speaker} {Pick(random, Actions)} {subject} and {Pick(random, Actions)} {SubjectFor(random, topic)}.",
            _ => $"{Capitalise(speaker)} said {DatePhrase(random, asOf)} that it was ready to {Pick(random, BaseActions)} {subject}; {vocabulary.Clause(random)}.",
        };
    }

    private static string EventSentence(Random random, Vocabulary vocabulary, Party party, Party other, Topic topic, DateOnly asOf)
    {
        return random.Next(4) switch
        {
            0 => $"{Capitalise(vocabulary.SpeakerFor(random, party))} and {vocabulary.SpeakerFor(random, other)} met {Pick(random, Places)} {DatePhrase(random, asOf)} to discuss {SubjectFor(random, topic)}, but {Pick(random, Outcomes)}.",
            1 => $"{Capitalise(DatePhrase(random, asOf))}, negotiators from {party.Name} and {other.Name} held talks {Pick(random, Places)} on {SubjectFor(random, topic)}; {Pick(random, Outcomes)}.",
            2 => $"{Capitalise(Pick(random, Speakers))} told {vocabulary.Publisher(random)} {DatePhrase(random, asOf)} that {SubjectFor(random, topic)} was on the agenda {Pick(random, Places)}, {Pick(random, Connectors)} {vocabulary.Clause(random)}.",
            _ => $"A round of talks {Pick(random, Places)} {DatePhrase(random, asOf)} focused on {SubjectFor(random, topic)} and {Pick(random, Subjects)}; {Pick(random, Outcomes)}.",
        };
    }

    private static string PersonSentence(Random random, Vocabulary vocabulary, Party party, Topic topic, DateOnly asOf)
    {
        var person = vocabulary.PersonFor(random, party);
        return random.Next(3) switch
        {
            0 => $"{person} took part in {party.Name}'s delegation {Pick(random, Places)} {DatePhrase(random, asOf)} and handled {SubjectFor(random, topic)}.",
            1 => $"{person} {Pick(random, Actions)} {SubjectFor(random, topic)} {DatePhrase(random, asOf)}, {Pick(random, Reasons)}.",
            _ => $"{person}, who speaks for {party.Name} on {topic.Title}, said {DatePhrase(random, asOf)} that {vocabulary.Clause(random)}.",
        };
    }

    private static string SubjectFor(Random random, Topic topic)
    {
        if (random.Next(3) == 0)
        {
            return Pick(random, Subjects);
        }

        var name = topic.Aliases.Count > 0 && random.Next(2) == 0 ? Pick(random, topic.Aliases) : topic.Title;
        return string.Format(CultureInfo.InvariantCulture, Pick(random, TopicFrames), name);
    }

    private static string DatePhrase(Random random, DateOnly date) => random.Next(3) switch
    {
        0 => "on " + date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture),
        1 => "in " + date.ToString("MMMM yyyy", CultureInfo.InvariantCulture),
        _ => "in early " + date.ToString("MMMM", CultureInfo.InvariantCulture),
    };

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    [GeneratedRegex(@"[,;:]\s+|\s+(?:and|but|while|after|because|though|which)\s+")]
    private static partial Regex ClauseBreak();

    /// <summary>Words and phrases taken from the real knowledge.</summary>
    private sealed class Vocabulary
    {
        private readonly string[] _clauses;
        private readonly string[] _publishers;
        private readonly Dictionary<string, string[]> _aliases;
        private readonly Dictionary<string, string[]> _people;

        public Vocabulary(KnowledgeSet real)
        {
            // Clauses of real facts (4 to 16 words) become the tails of generated sentences.
            _clauses = [.. real.Facts
                .SelectMany(f => ClauseBreak().Split(f.Text.TrimEnd('.')))
                .Select(c => c.Trim())
                .Where(c => c.Split(' ').Length is >= 4 and <= 16)
                .Select(c => char.IsUpper(c[0]) && !char.IsUpper(c.Length > 1 ? c[1] : 'a') && IsCommonWord(c) ? char.ToLowerInvariant(c[0]) + c[1..] : c)
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)];
            _publishers = [.. real.Sources.Select(s => s.Publisher).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
            _aliases = real.Parties.ToDictionary(p => p.Id, p => (string[])[p.Name, .. p.Aliases.Where(a => a.Length > 2)]);

            // Aliases of two or more capitalised words are mostly people ("Keir Starmer", "Vladimir Putin").
            _people = real.Parties.ToDictionary(
                p => p.Id,
                p =>
                {
                    string[] people = [.. p.Aliases.Where(a => a.Split(' ') is { Length: >= 2 } words && words.All(w => w.Length > 1 && char.IsUpper(w[0])) && !a.Contains("Union", StringComparison.Ordinal) && !a.Contains("States", StringComparison.Ordinal) && !a.Contains("Kingdom", StringComparison.Ordinal))];
                    return people.Length > 0 ? people : [$"A spokesperson for {p.Name}"];
                });
        }

        public string Clause(Random random) => _clauses.Length == 0 ? "the talks continued" : Pick(random, _clauses);

        public string Publisher(Random random) => _publishers.Length == 0 ? "local media" : Pick(random, _publishers);

        public string SpeakerFor(Random random, Party party) => random.Next(4) == 0
            ? $"{Pick(random, Speakers)} from {party.Name}"
            : Pick(random, _aliases[party.Id]);

        public string PersonFor(Random random, Party party) => Pick(random, _people[party.Id]);

        private static bool IsCommonWord(string clause)
        {
            var first = clause.Split(' ')[0];
            return first is "The" or "A" or "An" or "It" or "Its" or "They" or "He" or "She" or "In" or "On" or "At" or "By" or "For" or "Both" or "No" or "Any";
        }
    }
}
