using System.Net.WebSockets;

namespace TalksBot.Platform.WebSockets;

/// <summary>At most <see cref="Sends"/> messages in any window of <see cref="Per"/> (Discord's gateway: 120 per 60 s).</summary>
public sealed record SendRateLimit(int Sends, TimeSpan Per);

/// <summary>
/// Limits and time-outs of one <see cref="WebSocketTransport"/>. The defaults suit any platform; an adapter narrows them
/// (Discord: <c>MaxSendBytes = 4096</c>, <c>SendRate = new(110, TimeSpan.FromSeconds(60))</c>; Slack: keep-alive 10 s / 15 s).
/// </summary>
public sealed record WebSocketTransportOptions
{
    /// <summary>How long the WebSocket handshake may take before the attempt counts as failed.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The largest whole message accepted (frames reassembled). A longer one is malformed: the connection is closed with
    /// 1009 and <see cref="IWebSocketTransport.ReceiveAsync"/> throws <see cref="MalformedMessageException"/>. Memory per
    /// connection is bounded by this, never by what the peer sends.
    /// </summary>
    public int MaxMessageBytes { get; init; } = 1024 * 1024;

    /// <summary>The largest message this side may send (Discord: 4096); null for no limit. A larger one is refused before anything is sent.</summary>
    public int? MaxSendBytes { get; init; }

    /// <summary>Sends beyond this rate wait for their turn (in order, one writer); null for no limit.</summary>
    public SendRateLimit? SendRate { get; init; }

    /// <summary>WebSocket ping interval (.NET's keep-alive); <see cref="TimeSpan.Zero"/> turns pings off.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long to wait for a pong before the connection counts as dead (the pump then reports a lost connection);
    /// <see cref="Timeout.InfiniteTimeSpan"/> sends unsolicited pongs only. Slack's pongs can take over 5 s: be generous.
    /// </summary>
    public TimeSpan KeepAliveTimeout { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>How long <see cref="IWebSocketTransport.CloseAsync"/> waits for the send lock and for the peer's close frame before aborting.</summary>
    public TimeSpan CloseHandshakeTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The size of one receive call's buffer (a message may span many).</summary>
    public int ReceiveBufferBytes { get; init; } = 16 * 1024;

    /// <summary>Anything else the client socket needs (headers, sub-protocols, a proxy); runs before connecting.</summary>
    public Action<ClientWebSocketOptions>? ConfigureSocket { get; init; }
}
