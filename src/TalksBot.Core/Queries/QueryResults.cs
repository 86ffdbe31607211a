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

public sealed record AskAnswer(string Question, bool Answered, IReadOnlyList<RankedFact> Results, IReadOnlyList<Topic> NearestTopics, KnowledgeSnapshot Knowledge);

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
