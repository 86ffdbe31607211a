using TalksBot.Core.Knowledge;

namespace TalksBot.Core.Queries;

/// <summary>A party or topic looked up by a name the user typed; <see cref="Value"/> is null when nothing matched.</summary>
public sealed record Lookup<T>(T? Value, string Input, IReadOnlyList<string> Suggestions, IReadOnlyList<string> Valid)
    where T : class
{
    public bool Found => Value is not null;
}

/// <summary>One party's current positions on a topic, newest first.</summary>
public sealed record PartyPositions(Party Party, IReadOnlyList<Fact> Facts);

public sealed record PositionsAnswer(Topic Topic, IReadOnlyList<PartyPositions> Parties, KnowledgeSnapshot Knowledge);

/// <summary>A fact ranked for a free-text question.</summary>
public sealed record RankedFact(Fact Fact, double Score);

/// <summary>Why <c>/ask</c> gave no answer (shown in <c>ask --json</c> as <c>reason</c>).</summary>
public enum AskReason
{
    /// <summary>Answered.</summary>
    None,

    /// <summary>Nothing in the knowledge fits the question well enough.</summary>
    NoMatch,

    /// <summary>The question asks about a time after the knowledge's horizon ("last week", "in September 2026").</summary>
    AfterHorizon,

    /// <summary>The question's time runs past the horizon ("this year") and nothing known inside it answers the question.</summary>
    PastHorizon,

    /// <summary>
    /// The question asks for a detail (a count, an amount, a duration, "the second round", something in a given month) that
    /// the nearest facts do not hold: "I don't have that detail".
    /// </summary>
    NoDetail,

    /// <summary>
    /// The question names someone or something the knowledge holds nothing on: a person it has only as another name of a
    /// party ("Sybiha"), or a name it never mentions ("Orban"). <see cref="AskAnswer.UnknownNames"/> lists them.
    /// </summary>
    UnknownName,
}

/// <summary>What the results of an answer are: the best fact first, the newest relevant facts, or a period's events.</summary>
public enum AskShape
{
    BestMatch,
    Latest,
    Period,
}

/// <summary>
/// An answer to a free-text question: <see cref="Results"/> best first (newest first for <see cref="AskShape.Latest"/>,
/// in date order for <see cref="AskShape.Period"/>); when not <see cref="Answered"/>, the nearest facts, shown as such.
/// </summary>
public sealed record AskAnswer(string Question, bool Answered, IReadOnlyList<RankedFact> Results, IReadOnlyList<Topic> NearestTopics, KnowledgeSnapshot Knowledge)
{
    public AskReason Reason { get; init; } = Answered ? AskReason.None : AskReason.NoMatch;

    public AskShape Shape { get; init; } = AskShape.BestMatch;

    /// <summary>What the question said about time, read against <see cref="Today"/>.</summary>
    public Time.QuestionTime Time { get; init; } = Queries.Time.QuestionTime.None(Question);

    /// <summary>The day the question was answered on (ages are counted to it).</summary>
    public DateOnly Today { get; init; }

    /// <summary>The names in the question the knowledge holds nothing on (with <see cref="AskReason.UnknownName"/>).</summary>
    public IReadOnlyList<string> UnknownNames { get; init; } = [];

    /// <summary>The English reading the question was answered from, when it was asked in Ukrainian or Russian; else null.</summary>
    public string? Reading { get; init; }

    /// <summary>True when the best result lies inside the question's time window, or the question names none.</summary>
    public bool BestIsInWindow =>
        Time.Window is not { } window || (Results.Count > 0 && Results[0].Fact.AsOf >= window.From && Results[0].Fact.AsOf <= window.To);
}

public sealed record TopicSummary(Topic Topic, int CurrentFacts, DateOnly? Latest);

public sealed record AboutAnswer(
    DateOnly? AsOf,
    int Facts,
    int CurrentFacts,
    int Events,
    int Parties,
    int Topics,
    int Sources,
    int DeprecatedFacts,
    int RetractedFacts);

/// <summary>The sources behind one fact or behind all current facts of a topic.</summary>
public sealed record SourcesAnswer(string Subject, Fact? Fact, Topic? Topic, IReadOnlyList<(Source Source, int Citations)> Sources, DateOnly? AsOf);
