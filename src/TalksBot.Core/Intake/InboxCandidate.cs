namespace TalksBot.Core.Intake;

/// <summary>Where a candidate stands: waiting for a moderator, or decided.</summary>
public enum CandidateStatus
{
    Open,

    /// <summary>A moderator saved a new fact from it.</summary>
    Drafted,

    /// <summary>A moderator saved an existing fact with its source added.</summary>
    Updated,

    Dismissed,
}

/// <summary>One outlet's report of a candidate's story.</summary>
public sealed record CandidateSource(string Outlet, string Headline, string Url, DateTimeOffset? Published);

/// <summary>An existing fact near a candidate: it "may update" it, or the candidate is "new" beside it.</summary>
public sealed record NearFact(string FactId, bool MayUpdate, double Score);

/// <summary>
/// A story from the news that may change the knowledge: one candidate per story, with every outlet that reported it,
/// the party and topic it suggests, the nearest facts, and what a moderator decided.
/// </summary>
public sealed record InboxCandidate
{
    public required string Id { get; init; }

    public required string Headline { get; init; }

    public string Summary { get; init; } = "";

    public required IReadOnlyList<CandidateSource> Sources { get; init; }

    /// <summary>The day the story was published (the earliest report's date).</summary>
    public required DateOnly Date { get; init; }

    /// <summary>How strongly the story relates to the knowledge (0–1), for ordering.</summary>
    public double Relevance { get; init; }

    public string? PartyId { get; init; }

    public string? TopicId { get; init; }

    public IReadOnlyList<NearFact> Nearest { get; init; } = [];

    public required DateTimeOffset FoundAt { get; init; }

    public CandidateStatus Status { get; init; } = CandidateStatus.Open;

    /// <summary>The moderator who decided, "platform:user (name)".</summary>
    public string? DecidedBy { get; init; }

    public DateTimeOffset? DecidedAt { get; init; }

    /// <summary>A dismissal's reason, if given.</summary>
    public string? Reason { get; init; }

    /// <summary>The fact drafted or updated from it.</summary>
    public string? FactId { get; init; }

    /// <summary>Story keys (normalised links, headline fingerprints) that identify this story; a new item with one of them joins it.</summary>
    public IReadOnlyList<string> StoryKeys { get; init; } = [];
}

/// <summary>A feed's polling state: validators for conditional GET, failures for backoff, and a lease between instances.</summary>
public sealed record FeedState(string Url)
{
    public string? ETag { get; init; }

    public string? LastModified { get; init; }

    public DateTimeOffset? LastPolled { get; init; }

    public DateTimeOffset NextPoll { get; init; }

    public int ConsecutiveFailures { get; init; }

    public string? LastError { get; init; }

    /// <summary>Items read from this feed, all polls together.</summary>
    public long ItemsFetched { get; init; }

    /// <summary>Polls of this feed that failed, all together.</summary>
    public long Errors { get; init; }
}

/// <summary>Counts for /kb stats.</summary>
public sealed record InboxCounts(int Open, int Drafted, int Updated, int Dismissed, int Feeds, int FailingFeeds)
{
    /// <summary>The counts from candidates counted by status name and the feeds' states, as both stores read them.</summary>
    public static InboxCounts From(IReadOnlyDictionary<string, int> candidatesByStatus, IReadOnlyCollection<FeedState> feeds) => new(
        candidatesByStatus.GetValueOrDefault(nameof(CandidateStatus.Open)),
        candidatesByStatus.GetValueOrDefault(nameof(CandidateStatus.Drafted)),
        candidatesByStatus.GetValueOrDefault(nameof(CandidateStatus.Updated)),
        candidatesByStatus.GetValueOrDefault(nameof(CandidateStatus.Dismissed)),
        feeds.Count,
        feeds.Count(f => f.ConsecutiveFailures > 0))
    {
        ItemsFetched = feeds.Sum(f => f.ItemsFetched),
        FeedErrors = feeds.Sum(f => f.Errors),
    };

    public long ItemsFetched { get; init; }

    public long FeedErrors { get; init; }
}
