namespace TalksBot.Slack;

/// <summary>Time limits of the Slack adapter. The defaults follow Slack's rules; tests register shorter ones.</summary>
internal sealed record SlackTuning
{
    /// <summary>An answer not ready by then is acked empty and sent through response_url (Slack wants the ack within 3 s).</summary>
    public TimeSpan AckAfter { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The second connection opens this long after the first, so they are not refreshed together.</summary>
    public TimeSpan Stagger { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan HelloTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>WebSocket keep-alive pings; Slack's pongs can be slow, so the time-out is generous.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a delivered envelope, trigger or retried request is remembered to answer it only once.</summary>
    public TimeSpan DuplicateWindow { get; init; } = TimeSpan.FromMinutes(10);
}
