using System.Net.WebSockets;

namespace TalksBot.Platform.WebSockets;

/// <summary>How a <see cref="ReconnectingWebSocket"/> connects, backs off and closes.</summary>
public sealed record ReconnectingWebSocketOptions
{
    /// <summary>The platform, for logs and the <c>talksbot.gateway.reconnects</c> metric ("discord", "slack").</summary>
    public required string Platform { get; init; }

    /// <summary>Which connection of the platform, for logs ("shard 0", "socket 1").</summary>
    public string Name { get; init; } = "connection";

    public WebSocketTransportOptions Transport { get; init; } = new();

    public ReconnectBackoffOptions Backoff { get; init; } = new();

    /// <summary>The close code when a session's exit names none.</summary>
    public WebSocketCloseStatus CloseStatus { get; init; } = WebSocketCloseStatus.NormalClosure;

    /// <summary>The close code when the host stops (Discord: 4000, so a later start may resume).</summary>
    public WebSocketCloseStatus ShutdownCloseStatus { get; init; } = WebSocketCloseStatus.NormalClosure;

    /// <summary>The close code after the session threw (a malformed message, a bug). 1011 keeps a Discord session resumable.</summary>
    public WebSocketCloseStatus FailureCloseStatus { get; init; } = WebSocketCloseStatus.InternalServerError;

    /// <summary>After the host's stop, how long the session may take to finish before its connection is closed under it.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A requested reconnect after a connection shorter than this is "quick"; two quick ones in a row back off like a lost
    /// connection, so a peer that asks to reconnect right after every connect cannot make the loop spin.
    /// </summary>
    public TimeSpan QuickRequestedReconnect { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a replaced connection may keep running (for the peer to close it) before this side closes it.</summary>
    public TimeSpan ReplacementDrainTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
