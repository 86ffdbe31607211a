using System.Diagnostics;
using System.Net.WebSockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TalksBot.Platform.WebSockets;

namespace TalksBot.Platform.Tests.WebSockets;

public sealed class ReconnectingWebSocketTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task RunAsync_MessageOverTheSizeCap_DropsTheConnectionAndReconnects()
    {
        await using var server = await ScriptedWebSocketServer.StartAsync(async (connection, token) =>
        {
            var size = connection.Number == 1 ? 4096 : 16;
            await connection.Socket.SendAsync(new byte[size], WebSocketMessageType.Binary, endOfMessage: true, token);
        });
        var session = new ScriptedSession(server.Url, async (connection, token) =>
        {
            var message = await connection.Transport.ReceiveAsync(token);
            return SessionExit.Stop($"got {((ReceivedMessage)message).Payload.Length} bytes");
        });

        var exit = await NewLoop(session, new WebSocketTransportOptions { MaxMessageBytes = 1024 }).RunAsync(Bounded());

        Assert.Equal("got 16 bytes", exit?.Reason);
        Assert.Equal((int)WebSocketCloseStatus.MessageTooBig, (await server.Connections[0].ClientClose.WaitAsync(Timeout)).Code);
    }

    [Fact]
    public async Task RunAsync_SessionThrowsWhileHandlingAFrame_ReconnectsInsteadOfFaulting()
    {
        await using var server = await ScriptedWebSocketServer.StartAsync();
        var session = new ScriptedSession(server.Url, (connection, token) =>
            connection.Number == 1
                ? throw new InvalidOperationException("a frame without its session_id")
                : Task.FromResult(SessionExit.Stop("second connection")));

        var exit = await NewLoop(session).RunAsync(Bounded());

        Assert.Equal("second connection", exit?.Reason);
        Assert.Equal((int)WebSocketCloseStatus.InternalServerError, (await server.Connections[0].ClientClose.WaitAsync(Timeout)).Code);
    }

    [Fact]
    public async Task RunAsync_SessionAsksToReconnectWithACode_ClosesWithThatCodeAndConnectsAgain()
    {
        await using var server = await ScriptedWebSocketServer.StartAsync();
        var session = new ScriptedSession(server.Url, (connection, token) => Task.FromResult(connection.Number == 1
            ? SessionExit.ReconnectNow("RECONNECT requested", (WebSocketCloseStatus)4000)
            : SessionExit.Stop("done")));

        var exit = await NewLoop(session).RunAsync(Bounded());

        Assert.Equal(SessionExitKind.Stop, exit?.Kind);
        Assert.Equal(4000, (await server.Connections[0].ClientClose.WaitAsync(Timeout)).Code);
        Assert.Equal(2, server.Connections.Count);
    }

    [Fact]
    public async Task RunAsync_HostStops_EndsPromptlyAndClosesWithTheShutdownCode()
    {
        await using var server = await ScriptedWebSocketServer.StartAsync();
        var sessionRuns = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var session = new ScriptedSession(server.Url, async (connection, token) =>
        {
            sessionRuns.TrySetResult();
            await connection.Transport.ReceiveAsync(token);
            return SessionExit.ReconnectWithBackoff("unexpected");
        });
        using var stopping = new CancellationTokenSource();
        var loop = NewLoop(session);

        var running = loop.RunAsync(stopping.Token);
        var connection = await server.WaitForConnectionAsync(1, Timeout);

        // The server has accepted, but a stop before the client finished its side of the handshake has no connection to close.
        await sessionRuns.Task.WaitAsync(Timeout);
        var watch = Stopwatch.StartNew();
        await stopping.CancelAsync();
        var exit = await running.WaitAsync(Timeout);

        Assert.Null(exit);
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(3));
        Assert.Equal(4000, (await connection.ClientClose.WaitAsync(Timeout)).Code);
    }

    [Fact]
    public async Task RunAsync_ReplacementRequested_NewConnectionOpensWhileTheOldOneStillRuns()
    {
        await using var server = await ScriptedWebSocketServer.StartAsync();
        var secondConnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var oldSawSecond = false;
        var session = new ScriptedSession(server.Url, async (connection, token) =>
        {
            if (connection.Number == 1)
            {
                connection.RequestReplacement("refresh_requested");
                await secondConnected.Task.WaitAsync(token);
                oldSawSecond = connection.Transport.State == WebSocketState.Open;
                return SessionExit.ReconnectNow("old connection done");
            }

            secondConnected.TrySetResult();
            return SessionExit.Stop("new connection up");
        });

        var exit = await NewLoop(session).RunAsync(Bounded());

        Assert.Equal("new connection up", exit?.Reason);
        Assert.True(oldSawSecond);
        await server.Connections[0].ClientClose.WaitAsync(Timeout);
    }

    [Fact]
    public async Task RunAsync_RepeatedFailures_BackoffGrowsAndResetsAfterAStableConnection()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var lifetimes = new Dictionary<int, TimeSpan> { [4] = TimeSpan.FromSeconds(90) };
        var session = new ScriptedSession(new Uri("ws://127.0.0.1:9/"), async (connection, token) =>
        {
            if (lifetimes.TryGetValue(connection.Number, out var lifetime))
            {
                await Task.Delay(lifetime, time, token);
            }

            return connection.Number == 6 ? SessionExit.Stop("enough") : SessionExit.ReconnectWithBackoff("lost");
        });
        session.Time = time;
        var backoff = new ReconnectBackoff(new ReconnectBackoffOptions { InitialDelay = TimeSpan.FromSeconds(1), StableConnection = TimeSpan.FromSeconds(60) }, () => 0.5);
        var loop = new ReconnectingWebSocket(session, Options(), new FakeConnector(), time, NullLogger.Instance, backoff);

        var running = loop.RunAsync(Bounded());
        for (var step = 0; step < 10_000 && !running.IsCompleted; step++)
        {
            time.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(1);
        }

        await running.WaitAsync(Timeout);
        var gaps = session.PreparedAt.Zip(session.PreparedAt.Skip(1), (a, b) => b - a).ToArray();

        // 1 s, 2 s, 4 s after quick failures; the fourth connection lived 90 s, so its loss waits 1 s again (not 8), the next 2 s.
        Assert.Equal([1, 2, 4, 90 + 1, 2], gaps.Select(g => Math.Round(g.TotalSeconds)));
    }

    [Fact]
    public async Task RunAsync_PeerAsksToReconnectRightAfterEveryConnect_BacksOffInsteadOfSpinning()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var session = new ScriptedSession(new Uri("ws://127.0.0.1:9/"), (connection, token) =>
            Task.FromResult(connection.Number == 6 ? SessionExit.Stop("enough") : SessionExit.ReconnectNow("RECONNECT requested")));
        session.Time = time;
        var backoff = new ReconnectBackoff(new ReconnectBackoffOptions { InitialDelay = TimeSpan.FromSeconds(1) }, () => 0.5);
        var loop = new ReconnectingWebSocket(session, Options(), new FakeConnector(), time, NullLogger.Instance, backoff);

        var running = loop.RunAsync(Bounded());
        for (var step = 0; step < 10_000 && !running.IsCompleted; step++)
        {
            time.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(1);
        }

        await running.WaitAsync(Timeout);
        var gaps = session.PreparedAt.Zip(session.PreparedAt.Skip(1), (a, b) => b - a).Select(g => Math.Round(g.TotalSeconds)).ToArray();

        // The first request is honoured at once; from the second quick one in a row the loop backs off.
        Assert.Equal([0, 1, 2, 4, 8], gaps);
    }

    [Fact]
    public async Task RunAsync_ConnectFails_BacksOffAndTriesAgain()
    {
        await using var server = await ScriptedWebSocketServer.StartAsync();
        var attempts = 0;
        var session = new ScriptedSession(
            () => Interlocked.Increment(ref attempts) == 1 ? new Uri("ws://127.0.0.1:1/nothing-listens-here") : server.Url,
            (connection, token) => Task.FromResult(SessionExit.Stop("connected")));

        var exit = await NewLoop(session).RunAsync(Bounded());

        Assert.Equal("connected", exit?.Reason);
        Assert.Equal(2, attempts);
    }

    private static ReconnectingWebSocketOptions Options(WebSocketTransportOptions? transport = null) => new()
    {
        Platform = "test",
        Transport = transport ?? new WebSocketTransportOptions(),
        Backoff = new ReconnectBackoffOptions { InitialDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(100) },
        ShutdownCloseStatus = (WebSocketCloseStatus)4000,
    };

    private static ReconnectingWebSocket NewLoop(IWebSocketSession session, WebSocketTransportOptions? transport = null) =>
        new(session, Options(transport), new WebSocketConnector(TimeProvider.System), TimeProvider.System, NullLogger.Instance);

    private static CancellationToken Bounded() => new CancellationTokenSource(Timeout).Token;

    private sealed class ScriptedSession(Func<Uri> url, Func<SessionConnection, CancellationToken, Task<SessionExit>> run) : IWebSocketSession
    {
        private readonly List<DateTimeOffset> _preparedAt = [];
        private TimeProvider _time = TimeProvider.System;

        public ScriptedSession(Uri url, Func<SessionConnection, CancellationToken, Task<SessionExit>> run)
            : this(() => url, run)
        {
        }

        public IReadOnlyList<DateTimeOffset> PreparedAt
        {
            get
            {
                lock (_preparedAt)
                {
                    return [.. _preparedAt];
                }
            }
        }

        public TimeProvider Time
        {
            set => _time = value;
        }

        public Task<ConnectTarget> PrepareAsync(CancellationToken cancellationToken)
        {
            lock (_preparedAt)
            {
                _preparedAt.Add(_time.GetUtcNow());
            }

            return Task.FromResult(ConnectTarget.Connect(url()));
        }

        public Task<SessionExit> RunAsync(SessionConnection connection, CancellationToken cancellationToken) => run(connection, cancellationToken);
    }

    /// <summary>Connections that exist only as far as the session needs: open until closed.</summary>
    private sealed class FakeConnector : IWebSocketConnector
    {
        public Task<IWebSocketTransport> ConnectAsync(Uri uri, WebSocketTransportOptions options, CancellationToken cancellationToken) =>
            Task.FromResult<IWebSocketTransport>(new FakeTransport());
    }

    private sealed class FakeTransport : IWebSocketTransport
    {
        public WebSocketState State { get; private set; } = WebSocketState.Open;

        public ReceivedClose? PeerClose => null;

        public Task<ReceiveResult> ReceiveAsync(CancellationToken cancellationToken) => Task.FromResult<ReceiveResult>(new ReceivedClose(1000, null));

        public Task SendAsync(ReadOnlyMemory<byte> payload, WebSocketMessageType type, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task CloseAsync(WebSocketCloseStatus status, string? description, CancellationToken cancellationToken)
        {
            State = WebSocketState.Closed;
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
