using System.Net.WebSockets;

namespace TalksBot.Platform.WebSockets;

/// <summary>What the <see cref="ReconnectingWebSocket"/> does after a connection ends.</summary>
public enum SessionExitKind
{
    /// <summary>The platform asked for a new connection (Discord op 7, Slack <c>disconnect</c>): connect again without waiting.</summary>
    ReconnectNow,

    /// <summary>The connection failed or was lost: connect again after an exponential backoff with jitter.</summary>
    ReconnectWithBackoff,

    /// <summary>Reconnecting cannot help (bad token, disallowed intents, link disabled): stop for good.</summary>
    Stop,
}

/// <summary>
/// How a protocol session's connection ended: a typed decision for the reconnect loop (never a parsed string), the
/// reason for the log, and the close code to send when this side still has to close (null: the loop's default).
/// </summary>
public sealed record SessionExit
{
    private SessionExit(SessionExitKind kind, string reason, WebSocketCloseStatus? closeStatus)
    {
        Kind = kind;
        Reason = reason;
        CloseStatus = closeStatus;
    }

    public SessionExitKind Kind { get; }

    /// <summary>For the log: what happened, in a few words. Never a token.</summary>
    public string Reason { get; }

    /// <summary>The close code this side sends if the connection is still open (Discord: 4000 keeps the session resumable).</summary>
    public WebSocketCloseStatus? CloseStatus { get; }

    public static SessionExit ReconnectNow(string reason, WebSocketCloseStatus? closeStatus = null) => new(SessionExitKind.ReconnectNow, reason, closeStatus);

    public static SessionExit ReconnectWithBackoff(string reason, WebSocketCloseStatus? closeStatus = null) => new(SessionExitKind.ReconnectWithBackoff, reason, closeStatus);

    public static SessionExit Stop(string reason, WebSocketCloseStatus? closeStatus = null) => new(SessionExitKind.Stop, reason, closeStatus);
}

/// <summary>Where the next connection goes, or why there is none this time (<see cref="IWebSocketSession.PrepareAsync"/>).</summary>
public sealed record ConnectTarget
{
    private ConnectTarget(Uri? uri, SessionExit? exit)
    {
        Uri = uri;
        Exit = exit;
    }

    /// <summary>The URL to connect to; null when <see cref="Exit"/> is set.</summary>
    public Uri? Uri { get; }

    /// <summary>Set when no connection should be made this time: back off and ask again, or stop.</summary>
    public SessionExit? Exit { get; }

    public static ConnectTarget Connect(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return new ConnectTarget(uri, null);
    }

    /// <summary>No connection this time: e.g. <c>SessionExit.Stop("invalid_auth")</c> or <c>SessionExit.ReconnectWithBackoff("ratelimited")</c>.</summary>
    public static ConnectTarget DoNotConnect(SessionExit exit)
    {
        ArgumentNullException.ThrowIfNull(exit);
        return new ConnectTarget(null, exit);
    }
}
