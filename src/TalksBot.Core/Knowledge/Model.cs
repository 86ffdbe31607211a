namespace TalksBot.Core.Knowledge;

/// <summary>What a fact is: a party's stance, something that happened, background, or who someone is.</summary>
public enum FactKind
{
    Position,
    Event,
    Context,
    Person,
}

/// <summary>How a fact ranks among facts on the same party and topic; superseded facts are deprecated, never deleted.</summary>
public enum FactRank
{
    Preferred,
    Normal,
    Deprecated,
}

/// <summary>Whether a fact stands or was withdrawn by a moderator.</summary>
public enum FactStatus
{
    Active,
    Retracted,
}

/// <summary>Who last shaped a fact: the seed files in <c>knowledge/</c> or a moderator.</summary>
public enum FactOrigin
{
    Seed,
    Moderator,
}

/// <summary>
/// How exactly a date is known: the day, or only the month (a source that says "December 2025"). A month-precise date
/// is kept as the first of its month, so it sorts before that month's dated facts, and is shown as "December 2025".
/// </summary>
public enum DatePrecision
{
    Day,
    Month,
}

/// <summary>How much a source can be trusted on its own.</summary>
public enum SourceReliability
{
    Normal,
    Weak,
    StateMedia,
}

/// <summary>A side in the talks, with the names people use for it.</summary>
public sealed record Party(string Id, string Name, IReadOnlyList<string> Aliases);

/// <summary>A subject of the talks (territory, NATO, elections …), with the words people use for it.</summary>
public sealed record Topic(string Id, string Title, string Description, IReadOnlyList<string> Aliases);

/// <summary>A published page a fact rests on.</summary>
public sealed record Source(
    string Id,
    string Title,
    string Publisher,
    string Url,
    DateOnly? Published,
    SourceReliability Reliability,
    string? Note)
{
    /// <summary>Whether <see cref="Published"/> is a day or only a month (then the first of that month).</summary>
    public DatePrecision PublishedPrecision { get; init; } = DatePrecision.Day;
}

/// <summary>A fact's reference to a source, with an optional short quote.</summary>
public sealed record SourceRef(string SourceId, string? Quote = null);

/// <summary>A statement with provenance. Content fields come from YAML or a moderator; bookkeeping fields from the store.</summary>
public sealed record Fact
{
    public required string Id { get; init; }
    public required FactKind Kind { get; init; }
    public string? Party { get; init; }
    public IReadOnlyList<string> Involves { get; init; } = [];
    public required string Topic { get; init; }
    public required DateOnly AsOf { get; init; }

    /// <summary>Whether <see cref="AsOf"/> is a day or only a month (then the first of that month): <c>asOf: 2025-12</c>.</summary>
    public DatePrecision AsOfPrecision { get; init; } = DatePrecision.Day;
    public FactRank Rank { get; init; } = FactRank.Normal;
    public string? SupersededBy { get; init; }
    public FactStatus Status { get; init; } = FactStatus.Active;
    public string? RetractionReason { get; init; }
    public required string Text { get; init; }
    public required IReadOnlyList<SourceRef> Sources { get; init; }

    public int Revision { get; init; }
    public string UpdatedBy { get; init; } = "seed";
    public DateTimeOffset UpdatedAt { get; init; }
    public FactOrigin Origin { get; init; } = FactOrigin.Seed;

    /// <summary>Hash of the seed content last imported for this fact; tells a changed seed file from a moderator edit.</summary>
    public string? SeedHash { get; init; }

    /// <summary>True when the fact is shown to members: active and not deprecated.</summary>
    public bool IsCurrent => Status == FactStatus.Active && Rank != FactRank.Deprecated;

    /// <summary>Every party the fact concerns: its own party first, then the others involved.</summary>
    public IEnumerable<string> AllParties => Party is null ? Involves : Involves.Prepend(Party);
}

/// <summary>What a revision did to a fact.</summary>
public enum RevisionAction
{
    Create,
    Import,
    Edit,
    Deprecate,
    Retract,
    Restore,
}

/// <summary>Who made a change: the platform, the user's id there, and the name shown in the history.</summary>
public sealed record Actor(string Platform, string UserId, string DisplayName)
{
    /// <summary>The seed files in <c>knowledge/</c>.</summary>
    public static Actor Seed { get; } = new("seed", "seed", "seed");

    /// <summary>"Anna (discord 123…)": the name people know, and the id that proves who it was.</summary>
    public override string ToString() => Platform == DisplayName ? DisplayName : $"{DisplayName} ({Platform} {UserId})";
}

/// <summary>An append-only record of one change to a fact, with the full snapshot after the change.</summary>
public sealed record FactRevision(
    string FactId,
    int Revision,
    RevisionAction Action,
    string Who,
    DateTimeOffset When,
    string? Reason,
    Fact Snapshot)
{
    /// <summary>The platform the change came from ("discord", "slack", "console", "seed").</summary>
    public string Platform { get; init; } = "";

    /// <summary>The user's id on that platform.</summary>
    public string UserId { get; init; } = "";
}

/// <summary>A channel that is told whenever a fact changes.</summary>
public sealed record Subscription(string Platform, string ChannelId, string AddedBy, DateTimeOffset AddedAt)
{
    public string Key => $"{Platform}:{ChannelId}";
}

/// <summary>A fact change waiting to be announced to subscribed channels; <see cref="DeliveredTo"/> holds the subscription keys already told.</summary>
public sealed record PendingNotification(long Id, string FactId, int Revision, RevisionAction Action, string Who, string? Reason, DateTimeOffset When, IReadOnlySet<string> DeliveredTo);

/// <summary>Everything the knowledge files hold: the unit of import and export.</summary>
public sealed record KnowledgeSet(
    IReadOnlyList<Party> Parties,
    IReadOnlyList<Topic> Topics,
    IReadOnlyList<Source> Sources,
    IReadOnlyList<Fact> Facts)
{
    public static KnowledgeSet Empty { get; } = new([], [], [], []);
}
