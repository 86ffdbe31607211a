namespace TalksBot.Platform.WebSockets;

/// <summary>Opens transports; the seam tests replace to run a session without sockets.</summary>
public interface IWebSocketConnector
{
    /// <summary>Connects within <see cref="WebSocketTransportOptions.ConnectTimeout"/>; throws when it cannot.</summary>
    Task<IWebSocketTransport> ConnectAsync(Uri uri, WebSocketTransportOptions options, CancellationToken cancellationToken);
}

/// <summary>Client WebSockets (<see cref="WebSocketTransport.ConnectAsync"/>).</summary>
public sealed class WebSocketConnector(TimeProvider time) : IWebSocketConnector
{
    public async Task<IWebSocketTransport> ConnectAsync(Uri uri, WebSocketTransportOptions options, CancellationToken cancellationToken) =>
        await WebSocketTransport.ConnectAsync(uri, options, time, cancellationToken).ConfigureAwait(false);
}
