using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace TalksBot.Discord.Tests.Fakes;

/// <summary>A bare WebSocket client for the fake's self-tests: send and receive JSON frames, every wait bounded.</summary>
internal sealed class RawGatewayClient : IDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);
    private readonly ClientWebSocket _socket = new();

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public string? CloseDescription => _socket.CloseStatusDescription;

    public WebSocketState State => _socket.State;

    public static async Task<RawGatewayClient> ConnectAsync(Uri url)
    {
        var client = new RawGatewayClient();
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await client._socket.ConnectAsync(url, timeout.Token);
        return client;
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

    public Task IdentifyAsync(string token, long intents = 0, int[]? shard = null)
    {
        var d = new JsonObject
        {
            ["token"] = token,
            ["intents"] = intents,
            ["properties"] = new JsonObject { ["os"] = "linux", ["browser"] = "TalksBot", ["device"] = "TalksBot" },
        };
        if (shard is not null)
        {
            d["shard"] = new JsonArray(shard[0], shard[1]);
        }

        return SendAsync(new JsonObject { ["op"] = 2, ["d"] = d });
    }

    public async Task CloseAsync(WebSocketCloseStatus status)
    {
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await _socket.CloseAsync(status, "bye", timeout.Token);
    }

    public void Dispose() => _socket.Dispose();
}
