namespace TalksBot.Core.Intake;

/// <summary>One news feed to watch: a name moderators recognise and an http(s) address.</summary>
public sealed class FeedOptions
{
    public string Name { get; set; } = "";

    public string Url { get; set; } = "";
}

/// <summary>The news inbox: which feeds are watched, how often, what counts as relevant, and when the digest goes out.</summary>
public sealed class IntakeOptions
{
    public const string Section = "Intake";

    /// <summary>RSS 2.0 or Atom 1.0 feeds; none means the inbox is off.</summary>
    public List<FeedOptions> Feeds { get; set; } = [];

    /// <summary>Minutes between two polls of one feed.</summary>
    public int PollMinutes { get; set; } = 15;

    /// <summary>The hour of the day (UTC, 0–23) the daily digest is posted to subscribed channels.</summary>
    public int DigestHour { get; set; } = 8;

    /// <summary>A feed response larger than this is refused, unread past it.</summary>
    public int MaxFeedBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Seconds a feed may take to answer in full.</summary>
    public int TimeoutSeconds { get; set; } = 20;

    /// <summary>Redirects followed for one feed before it counts as failed.</summary>
    public int MaxRedirects { get; set; } = 3;

    /// <summary>Items scoring below this against the knowledge are dropped (and counted).</summary>
    public double MinRelevance { get; set; } = 0.35;

    /// <summary>Items read from one feed per poll, newest first; the rest wait for the next poll.</summary>
    public int MaxItemsPerPoll { get; set; } = 100;
}
