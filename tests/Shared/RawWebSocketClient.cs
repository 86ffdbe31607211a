using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace TalksBot.Testing;

/// <summary>A bare WebSocket client for the fakes' self-tests: send and receive JSON frames, every wait bounded.</summary>
internal sealed class RawWebSocketClient : IDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);
    private readonly ClientWebSocket _socket = new();

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public string? CloseDescription => _socket.CloseStatusDescription;

    public WebSocketState State => _socket.State;

    public static async Task<RawWebSocketClient> ConnectAsync(Uri url)
    {
        var client = new RawWebSocketClient();
        try
        {
            using var timeout = new CancellationTokenSource(DefaultTimeout);
            await client._socket.ConnectAsync(url, timeout.Token);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>The next frame, or null when the server closed (see <see cref="CloseStatus"/>).</summary>
    public async Task<JsonObject?> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? DefaultTimeout);
        var buffer = new byte[16384];
        using var message = new MemoryStream();
        ValueWebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(buffer.AsMemory(), cancellation.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        return (JsonObject)JsonNode.Parse(Encoding.UTF8.GetString(message.ToArray()))!;
    }

    /// <summary>Reads frames until one matches; throws when the server closes or the time runs out.</summary>
    public async Task<JsonObject> ReceiveUntilAsync(Func<JsonObject, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            var left = deadline - DateTimeOffset.UtcNow;
            var frame = await ReceiveAsync(left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1))
                ?? throw new InvalidOperationException($"Closed by the server: {CloseStatus} {CloseDescription}");
            if (match(frame))
            {
                return frame;
            }
        }
    }

    public async Task SendAsync(JsonObject frame)
    {
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(frame.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
    }

    /// <summary>Completes the close handshake the server started, or starts one with <paramref name="status"/>.</summary>
    public async Task CloseAsync(WebSocketCloseStatus status = WebSocketCloseStatus.NormalClosure)
    {
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await _socket.CloseAsync(status, "bye", timeout.Token);
    }

    public void Dispose() => _socket.Dispose();
}
