using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Time.Testing;
using TalksBot.Platform.WebSockets;

namespace TalksBot.Platform.Tests.WebSockets;

public sealed partial class WebSocketTransportTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly string[] HelloFrames = ["""{"heartbeat_interval":null}""", "{}", "not json", """{"heartbeat_interval":41250}"""];

    [Fact]
    public async Task ReceiveAsync_MessageSentInFragments_ReturnsItWhole()
    {
        await using var server = await ScriptedWebSocketServer.StartAsync(async (connection, token) =>
        {
            await connection.Socket.SendAsync(Encoding.UTF8.GetBytes("{\"op\":"), WebSocketMessageType.Text, endOfMessage: false, token);
            await connection.Socket.SendAsync(Encoding.UTF8.GetBytes("10,\"d\":"), WebSocketMessageType.Text, endOfMessage: false, token);
            await connection.Socket.SendAsync(Encoding.UTF8.GetBytes("null}"), WebSocketMessageType.Text, endOfMessage: true, token);
        });
        await using var transport = await ConnectAsync(server, new WebSocketTransportOptions { ReceiveBufferBytes = 4 });

        var received = await transport.ReceiveAsync(Bounded());

        var message = Assert.IsType<ReceivedMessage>(received);
        Assert.Equal("{\"op\":10,\"d\":null}", message.Text);
    }

    [Fact]
    public async Task ReceiveAsync_MessageOverTheLimit_ThrowsMalformedAndClosesWith1009()
    {
        await using var server = await ScriptedWebSocketServer.StartAsync(async (connection, token) =>
        {
            var chunk = new byte[512];
            for (var i = 0; i < 3; i++)
            {
                await connection.Socket.SendAsync(chunk, WebSocketMessageType.Text, endOfMessage: i == 2, token);
            }
        });
        await using var transport = await ConnectAsync(server, new WebSocketTransportOptions { MaxMessageBytes = 1024 });

        await Assert.ThrowsAsync<MalformedMessageException>(() => transport.ReceiveAsync(Bounded()));

        var connection = await server.WaitForConnectionAsync(1, Timeout);
        var close = await connection.ClientClose.WaitAsync(Timeout);
        Assert.Equal((int)WebSocketCloseStatus.MessageTooBig, close.Code);
    }

    [Fact]
    public async Task SendAsync_ManyConcurrentSenders_EveryMessageArrivesWhole()
    {
        await using var server = await ScriptedWebSocketServer.StartAsync();
        await using var transport = await ConnectAsync(server, new WebSocketTransportOptions());
        var messages = Enumerable.Range(0, 40).Select(i => new string((char)('a' + (i % 26)), 64 * 1024 + i)).ToArray();

        await Task.WhenAll(messages.Select(m => Task.Run(() => transport.SendTextAsync(m, Bounded()))));
        await transport.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", Bounded());

        var connection = await server.WaitForConnectionAsync(1, Timeout);
        await connection.ClientClose.WaitAsync(Timeout);
        var received = connection.Received.Select(b => Encoding.UTF8.GetString(b)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(messages.Order(StringComparer.Ordinal), received);
    }

    [Fact]
    public async Task CloseAsync_ResumableCode_ServerReceivesTheCloseFrameAndTheHandshakeCompletes()
    {
        await using var server = await ScriptedWebSocketServer.StartAsync();
        await using var transport = await ConnectAsync(server, new WebSocketTransportOptions());

        await transport.CloseAsync((WebSocketCloseStatus)4000, "reconnecting", Bounded());

        var connection = await server.WaitForConnectionAsync(1, Timeout);
        var close = await connection.ClientClose.WaitAsync(Timeout);
        Assert.Equal((4000, "reconnecting"), (close.Code, close.Description));
        Assert.Equal(WebSocketState.Closed, transport.State);
    }

    [Fact]
    public async Task CloseAsync_WhileASendIsInProgress_CloseFrameFollowsTheWholeMessage()
    {
        await using var server = await ScriptedWebSocketServer.StartAsync();
        await using var transport = await ConnectAsync(server, new WebSocketTransportOptions());
        var big = new string('x', 4 * 1024 * 1024);

        var sending = transport.SendTextAsync(big, Bounded());
        var closing = transport.CloseAsync((WebSocketCloseStatus)4000, "bye", Bounded());
        await Task.WhenAll(sending, closing);

        var connection = await server.WaitForConnectionAsync(1, Timeout);
        Assert.Equal(4000, (await connection.ClientClose.WaitAsync(Timeout)).Code);
        Assert.Equal(big.Length, Assert.Single(connection.Received).Length);
    }

    [Fact]
    public async Task ReceiveAsync_PeerCloses_ReturnsItsCodeAndAnswersTheClose()
    {
        await using var server = await ScriptedWebSocketServer.StartAsync(async (connection, token) =>
        {
            connection.TryMarkCloseSent();
            await connection.SendCloseAsync((WebSocketCloseStatus)4004, "Authentication failed.", Timeout);
        });
        await using var transport = await ConnectAsync(server, new WebSocketTransportOptions());

        var received = await transport.ReceiveAsync(Bounded());

        Assert.Equal(new ReceivedClose(4004, "Authentication failed."), received);
        Assert.Equal(WebSocketState.Closed, transport.State);
        Assert.Equal(received, await transport.ReceiveAsync(Bounded()));
    }

    [Fact]
    public async Task ReceiveAsync_Cancelled_ConnectionStaysOpenForTheNextMessage()
    {
        var send = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await ScriptedWebSocketServer.StartAsync(async (connection, token) =>
        {
            await send.Task.WaitAsync(token);
            await connection.Socket.SendAsync("{}"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: true, token);
        });
        await using var transport = await ConnectAsync(server, new WebSocketTransportOptions());

        using (var cancelled = new CancellationTokenSource())
        {
            var waiting = transport.ReceiveAsync(cancelled.Token);
            await cancelled.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        }

        send.SetResult();
        var message = Assert.IsType<ReceivedMessage>(await transport.ReceiveAsync(Bounded()));
        Assert.Equal("{}", message.Text);
        Assert.Equal(WebSocketState.Open, transport.State);
    }

    [Fact]
    public async Task SendAsync_OverTheSendLimit_RefusedBeforeAnythingIsSent()
    {
        await using var server = await ScriptedWebSocketServer.StartAsync();
        await using var transport = await ConnectAsync(server, new WebSocketTransportOptions { MaxSendBytes = 4096 });

        await Assert.ThrowsAsync<ArgumentException>(() => transport.SendTextAsync(new string('x', 4097), Bounded()));
        await transport.SendTextAsync(new string('y', 4096), Bounded());
        await transport.CloseAsync(WebSocketCloseStatus.NormalClosure, null, Bounded());

        var connection = await server.WaitForConnectionAsync(1, Timeout);
        await connection.ClientClose.WaitAsync(Timeout);
        Assert.Equal(4096, Assert.Single(connection.Received).Length);
    }

    [Fact]
    public async Task SendAsync_BeyondTheRate_WaitsUntilTheWindowHasRoom()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        await using var server = await ScriptedWebSocketServer.StartAsync();
        await using var transport = await ConnectAsync(server, new WebSocketTransportOptions { SendRate = new SendRateLimit(2, TimeSpan.FromSeconds(60)) }, time);

        await transport.SendTextAsync("1", Bounded());
        await transport.SendTextAsync("2", Bounded());
        var third = transport.SendTextAsync("3", Bounded());
        time.Advance(TimeSpan.FromSeconds(59));
        var waitedAt59Seconds = !third.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(1));
        await third.WaitAsync(Timeout);

        Assert.True(waitedAt59Seconds);
    }

    [Fact]
    public async Task Deserialize_RequiredValueMissingOrNull_ThrowsMalformed()
    {
        await using var server = await ScriptedWebSocketServer.StartAsync(async (connection, token) =>
        {
            foreach (var json in HelloFrames)
            {
                await connection.Socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, endOfMessage: true, token);
            }
        });
        await using var transport = await ConnectAsync(server, new WebSocketTransportOptions());

        for (var i = 0; i < 3; i++)
        {
            var message = Assert.IsType<ReceivedMessage>(await transport.ReceiveAsync(Bounded()));
            Assert.Throws<MalformedMessageException>(() => message.Deserialize(TestJson.Default.TestHello));
        }

        var valid = Assert.IsType<ReceivedMessage>(await transport.ReceiveAsync(Bounded()));
        Assert.Equal(41250, valid.Deserialize(TestJson.Default.TestHello).HeartbeatIntervalMs);
    }

    private static async Task<WebSocketTransport> ConnectAsync(ScriptedWebSocketServer server, WebSocketTransportOptions options, TimeProvider? time = null) =>
        await WebSocketTransport.ConnectAsync(server.Url, options, time ?? TimeProvider.System, Bounded());

    private static CancellationToken Bounded() => new CancellationTokenSource(Timeout).Token;
}

internal sealed record TestHello([property: JsonPropertyName("heartbeat_interval"), JsonRequired] int HeartbeatIntervalMs);

[JsonSourceGenerationOptions(RespectNullableAnnotations = true)]
[JsonSerializable(typeof(TestHello))]
internal sealed partial class TestJson : JsonSerializerContext;
