using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace TalksBot.Slack.Tests.Fakes;

/// <summary>A bare WebSocket client for the fake's self-tests: send and receive JSON frames, every wait bounded.</summary>
internal sealed class RawSocketClient : IDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);
    private readonly ClientWebSocket _socket = new();

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public WebSocketState State => _socket.State;

    public static async Task<RawSocketClient> ConnectAsync(Uri url)
    {
        var client = new RawSocketClient();
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

    public async Task SendAsync(JsonObject frame)
    {
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(frame.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
    }

    /// <summary>Completes the close handshake the server started (or starts one).</summary>
    public async Task CloseAsync()
    {
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
    }

    public void Dispose() => _socket.Dispose();
}
