using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Serialization.Metadata;

namespace TalksBot.Platform.WebSockets;

/// <summary>
/// One WebSocket connection as a protocol session sees it: whole messages in, serialised sends out, a real close
/// handshake. The session never touches the socket. Implemented by <see cref="WebSocketTransport"/>; tests may fake it.
/// </summary>
public interface IWebSocketTransport : IAsyncDisposable
{
    /// <summary>The socket's state (Open until a close starts).</summary>
    WebSocketState State { get; }

    /// <summary>The peer's close, once it came.</summary>
    ReceivedClose? PeerClose { get; }

    /// <summary>
    /// The next whole message, or <see cref="ReceivedClose"/> when the peer closed (also on every call after that).
    /// Cancelling a receive is harmless: the connection stays open (a background pump reads the socket), so a time-out
    /// per step (HELLO, READY) is just a token. Throws <see cref="MalformedMessageException"/> for a message over
    /// <see cref="WebSocketTransportOptions.MaxMessageBytes"/> (the connection is then closed with 1009), and
    /// <see cref="WebSocketException"/> when the connection was lost.
    /// </summary>
    Task<ReceiveResult> ReceiveAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Sends one whole message. Sends are serialised (one writer) and wait for <see cref="WebSocketTransportOptions.SendRate"/>;
    /// a message over <see cref="WebSocketTransportOptions.MaxSendBytes"/> throws <see cref="ArgumentException"/> before
    /// anything is sent; a send after the close started throws <see cref="InvalidOperationException"/>.
    /// </summary>
    Task SendAsync(ReadOnlyMemory<byte> payload, WebSocketMessageType type, CancellationToken cancellationToken);

    /// <summary>
    /// The close handshake: waits for any send in progress, sends the close frame with <paramref name="status"/>, waits
    /// (at most <see cref="WebSocketTransportOptions.CloseHandshakeTimeout"/>) for the peer's close, and aborts only then.
    /// Never throws for network trouble; a second call returns at once. Messages arriving meanwhile are discarded.
    /// </summary>
    Task CloseAsync(WebSocketCloseStatus status, string? description, CancellationToken cancellationToken);
}

/// <summary>Typed sends over a transport.</summary>
public static class WebSocketTransportExtensions
{
    /// <summary>Sends <paramref name="text"/> as one UTF-8 text message.</summary>
    public static Task SendTextAsync(this IWebSocketTransport transport, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        return transport.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, cancellationToken);
    }

    /// <summary>Sends <paramref name="payload"/> as one JSON text message, serialised with source-generated metadata.</summary>
    public static Task SendJsonAsync<T>(this IWebSocketTransport transport, T payload, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        return transport.SendAsync(PayloadJson.Serialize(payload, typeInfo), WebSocketMessageType.Text, cancellationToken);
    }
}
