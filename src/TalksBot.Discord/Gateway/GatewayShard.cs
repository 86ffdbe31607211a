using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using TalksBot.Core.Health;

namespace TalksBot.Discord.Gateway;

/// <summary>Why a gateway connection ended, and what the supervisor should do next.</summary>
internal enum GatewayNext
{
    Resume,
    Identify,
    Stop,
}

internal sealed record GatewayExit(GatewayNext Next, string Reason, int? CloseCode = null);

/// <summary>
/// One shard's gateway connection (v10, JSON): HELLO, heartbeats with initial jitter and zombie detection, IDENTIFY or
/// RESUME, READY, dispatches, op 1/7/9/11 and the close-code policy. Interactions are written to a channel and handled
/// off the receive loop. One call of <see cref="RunOnceAsync"/> is one connection; the supervisor decides what follows.
/// </summary>
internal sealed class GatewayShard
{
    public const int MaxSendBytes = 4096;

    /// <summary>Any close code but 1000/1001 keeps the session resumable (Discord ends the session on those two).</summary>
    private const WebSocketCloseStatus ResumableClose = (WebSocketCloseStatus)4000;
    private static readonly TimeSpan CloseHandshake = TimeSpan.FromSeconds(2);

    private static readonly Dictionary<int, (string Cause, string Advice)> FatalCloseCodes = new()
    {
        [4004] = ("authentication failed", "Check Discord:Token (Developer Portal → Bot → Reset Token)."),
        [4010] = ("invalid shard", "Check Discord:ShardIds against Discord:ShardCount."),
        [4011] = ("sharding required", "Set Discord:ShardCount (or leave it unset to use Discord's recommendation)."),
        [4012] = ("invalid API version", "This build speaks gateway v10."),
        [4013] = ("invalid intents", "TalksBot identifies with intents 0."),
        [4014] = ("disallowed intents", "TalksBot needs no privileged intents."),
    };

    private readonly int _shardId;
    private readonly int _shardCount;
    private readonly string _token;
    private readonly IdentifyGate _identifyGate;
    private readonly ChannelWriter<JsonObject> _interactions;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly GatewayTimeouts _timeouts;
    private readonly ReadinessComponent? _readiness;
    private string? _sessionId;
    private Uri? _resumeUrl;
    private long? _sequence;

    public GatewayShard(
        int shardId,
        int shardCount,
        string token,
        IdentifyGate identifyGate,
        ChannelWriter<JsonObject> interactions,
        TimeProvider time,
        ILogger logger,
        GatewayTimeouts? timeouts = null,
        ReadinessComponent? readiness = null)
    {
        _shardId = shardId;
        _shardCount = shardCount;
        _token = token;
        _identifyGate = identifyGate;
        _interactions = interactions;
        _time = time;
        _logger = logger;
        _timeouts = timeouts ?? new GatewayTimeouts();
        _readiness = readiness;
    }

    public int ShardId => _shardId;

    public bool CanResume => _sessionId is not null && _resumeUrl is not null && _sequence is not null;

    /// <summary>Forgets the session so the next connection identifies afresh.</summary>
    public void ForgetSession()
    {
        _sessionId = null;
        _resumeUrl = null;
        _sequence = null;
    }

    /// <summary>Adds the query string Discord requires (v=10, encoding=json) unless the URL already has them.</summary>
    public static Uri WithGatewayQuery(Uri url)
    {
        var builder = new UriBuilder(url);
        var query = builder.Query.TrimStart('?');
        if (!query.Contains("v=", StringComparison.Ordinal))
        {
            query = (query.Length > 0 ? query + "&" : "") + "v=10";
        }

        if (!query.Contains("encoding=", StringComparison.Ordinal))
        {
            query += "&encoding=json";
        }

        builder.Query = query;
        return builder.Uri;
    }

    /// <summary>Runs one connection until it ends; never throws for network trouble, only for cancellation.</summary>
    public async Task<GatewayExit> RunOnceAsync(Uri gatewayUrl, CancellationToken cancellationToken)
    {
        var resuming = CanResume;
        var url = WithGatewayQuery(resuming ? _resumeUrl! : gatewayUrl);
        using var socket = new ClientWebSocket();
        using var connection = new CancellationTokenSource();
        var sender = new Sender(socket);
        Task? heartbeat = null;
        IDisposable? connected = null;

        // Stopping closes the socket with a resumable code and lets the receive loop see the close; cancelling a receive would only abort it.
        using var stopping = cancellationToken.Register(() => _ = CloseForShutdownAsync(socket, sender, connection));
        try
        {
            Log.Connecting(_logger, _shardId, url.GetLeftPart(UriPartial.Path));
            using (var connectTimeout = LinkedTimeout(_timeouts.Connect, connection.Token))
            {
                await socket.ConnectAsync(url, connectTimeout.Token).ConfigureAwait(false);
            }

            var hello = await ReceiveWithTimeoutAsync(socket, _timeouts.Hello, connection.Token).ConfigureAwait(false);
            if (hello is null || hello["op"]?.GetValue<int>() != 10)
            {
                return Close(socket, hello is null ? "no HELLO" : "expected HELLO", GatewayNext.Resume);
            }

            var interval = TimeSpan.FromMilliseconds(hello["d"]!["heartbeat_interval"]!.GetValue<double>());
            var beats = new HeartbeatState();
            heartbeat = HeartbeatAsync(socket, sender, interval, beats, connection);

            if (resuming)
            {
                await sender.SendAsync(new JsonObject
                {
                    ["op"] = 6,
                    ["d"] = new JsonObject { ["token"] = _token, ["session_id"] = _sessionId, ["seq"] = _sequence },
                }, connection.Token).ConfigureAwait(false);
            }
            else
            {
                await _identifyGate.WaitTurnAsync(_shardId, connection.Token).ConfigureAwait(false);
                await sender.SendAsync(Identify(), connection.Token).ConfigureAwait(false);
            }

            var ready = false;
            var readyDeadline = _time.GetUtcNow() + _timeouts.Ready;
            while (true)
            {
                var timeLeft = ready ? Timeout.InfiniteTimeSpan : readyDeadline - _time.GetUtcNow();
                if (!ready && timeLeft <= TimeSpan.Zero)
                {
                    return Close(socket, resuming ? "no RESUMED in time" : "no READY in time", resuming ? GatewayNext.Resume : GatewayNext.Identify);
                }

                JsonObject? frame;
                try
                {
                    frame = await ReceiveWithTimeoutAsync(socket, timeLeft, connection.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && beats.Zombie)
                {
                    Log.Zombie(_logger, _shardId);
                    return new GatewayExit(GatewayNext.Resume, "zombie connection (no heartbeat ACK)");
                }

                if (frame is null)
                {
                    return ClosedByServer(socket);
                }

                var op = frame["op"]?.GetValue<int>();
                switch (op)
                {
                    case 0:
                        _sequence = frame["s"]?.GetValue<long>() ?? _sequence;
                        var eventName = frame["t"]?.GetValue<string>();
                        if (eventName == "READY")
                        {
                            _sessionId = frame["d"]!["session_id"]!.GetValue<string>();
                            _resumeUrl = new Uri(frame["d"]!["resume_gateway_url"]!.GetValue<string>());
                            ready = true;
                            connected ??= _readiness?.Up();
                            Log.Ready(_logger, _shardId, _sessionId);
                        }
                        else if (eventName == "RESUMED")
                        {
                            ready = true;
                            connected ??= _readiness?.Up();
                            Log.Resumed(_logger, _shardId, _sessionId ?? "?");
                        }
                        else if (eventName == "INTERACTION_CREATE" && frame["d"] is JsonObject interaction)
                        {
                            frame.Remove("d");
                            await _interactions.WriteAsync(interaction, connection.Token).ConfigureAwait(false);
                        }

                        break;
                    case 1:
                        await sender.SendAsync(new JsonObject { ["op"] = 1, ["d"] = _sequence }, connection.Token).ConfigureAwait(false);
                        break;
                    case 7:
                        Log.GatewayEvent(_logger, _shardId, "RECONNECT requested");
                        return Close(socket, "RECONNECT requested", GatewayNext.Resume);
                    case 9:
                        if (frame["d"]?.GetValue<bool>() == true && CanResume)
                        {
                            return Close(socket, "INVALID_SESSION (resumable)", GatewayNext.Resume);
                        }

                        ForgetSession();

                        // Discord asks for a random wait of 1-5 s before identifying afresh.
                        var wait = TimeSpan.FromMilliseconds(Random.Shared.Next(1000, 5001) * _timeouts.InvalidSessionWaitScale);
                        await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                        return Close(socket, "INVALID_SESSION", GatewayNext.Identify);
                    case 11:
                        beats.Acknowledged();
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await CloseQuietlyAsync(socket, ResumableClose).ConfigureAwait(false);
            throw;
        }
        catch (OperationCanceledException)
        {
            return new GatewayExit(CanResume ? GatewayNext.Resume : GatewayNext.Identify, "timed out");
        }
        catch (Exception exception) when (exception is WebSocketException or IOException or JsonException or InvalidOperationException)
        {
            return new GatewayExit(CanResume ? GatewayNext.Resume : GatewayNext.Identify, exception.Message);
        }
        finally
        {
            connected?.Dispose();
            await connection.CancelAsync().ConfigureAwait(false);
            if (heartbeat is not null)
            {
                await heartbeat.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            sender.Dispose();
        }
    }

    private JsonObject Identify() => new()
    {
        ["op"] = 2,
        ["d"] = new JsonObject
        {
            ["token"] = _token,
            ["intents"] = 0,
            ["properties"] = new JsonObject { ["os"] = "linux", ["browser"] = "talksbot", ["device"] = "talksbot" },
            ["shard"] = new JsonArray(_shardId, _shardCount),
        },
    };

    /// <summary>Beats every interval after a random first wait; a beat without an ACK since the last one means a zombie connection.</summary>
    private async Task HeartbeatAsync(ClientWebSocket socket, Sender sender, TimeSpan interval, HeartbeatState beats, CancellationTokenSource connection)
    {
        try
        {
            await Task.Delay(interval * Random.Shared.NextDouble(), _time, connection.Token).ConfigureAwait(false);
            while (!connection.IsCancellationRequested)
            {
                if (!beats.TryBeat())
                {
                    beats.Zombie = true;
                    socket.Abort();
                    await connection.CancelAsync().ConfigureAwait(false);
                    return;
                }

                await sender.SendAsync(new JsonObject { ["op"] = 1, ["d"] = _sequence }, connection.Token).ConfigureAwait(false);
                await Task.Delay(interval, _time, connection.Token).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The connection is ending; the receive loop reports why.
        }
    }

    private GatewayExit ClosedByServer(ClientWebSocket socket)
    {
        var code = (int?)socket.CloseStatus;
        var description = socket.CloseStatusDescription ?? "";
        if (code is { } fatal && FatalCloseCodes.TryGetValue(fatal, out var why))
        {
            Log.FatalClose(_logger, _shardId, fatal, why.Cause, why.Advice);
            return new GatewayExit(GatewayNext.Stop, $"{fatal} {why.Cause}", fatal);
        }

        if (code is 4007 or 4009)
        {
            ForgetSession();
            return new GatewayExit(GatewayNext.Identify, $"closed {code} {description}", code);
        }

        return new GatewayExit(CanResume ? GatewayNext.Resume : GatewayNext.Identify, $"closed {code} {description}".Trim(), code);
    }

    private static GatewayExit Close(ClientWebSocket socket, string reason, GatewayNext next)
    {
        _ = CloseQuietlyAsync(socket, ResumableClose);
        return new GatewayExit(next, reason);
    }

    /// <summary>Sends the close frame (resumable code) and gives the server a moment to answer it; before the socket is open, cancels.</summary>
    private static async Task CloseForShutdownAsync(ClientWebSocket socket, Sender sender, CancellationTokenSource connection)
    {
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                connection.CancelAfter(CloseHandshake);
                await sender.CloseAsync(ResumableClose, "shutting down", connection.Token).ConfigureAwait(false);
                return;
            }

            await connection.CancelAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection is ending anyway; the receive loop reports how.
        }
    }

    private static async Task CloseQuietlyAsync(ClientWebSocket socket, WebSocketCloseStatus status)
    {
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await socket.CloseOutputAsync(status, "reconnecting", timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            socket.Abort();
        }
    }

    private static CancellationTokenSource LinkedTimeout(TimeSpan timeout, CancellationToken token)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(token);
        source.CancelAfter(timeout);
        return source;
    }

    /// <summary>Receives one whole message (frames reassembled to EndOfMessage); null when the server closed.</summary>
    private static async Task<JsonObject?> ReceiveWithTimeoutAsync(ClientWebSocket socket, TimeSpan timeout, CancellationToken token)
    {
        using var source = CancellationTokenSource.CreateLinkedTokenSource(token);
        if (timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            source.CancelAfter(timeout);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            using var message = new MemoryStream();
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, source.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    break;
                }
            }

            return JsonNode.Parse(message.ToArray()) as JsonObject;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>One send at a time per connection, at most 120 per 60 s, each at most 4096 bytes.</summary>
    private sealed class Sender(ClientWebSocket socket) : IDisposable
    {
        private readonly SemaphoreSlim _lock = new(1, 1);
        private readonly TokenBucketRateLimiter _limiter = new(new TokenBucketRateLimiterOptions
        {
            TokenLimit = 110,
            TokensPerPeriod = 110,
            ReplenishmentPeriod = TimeSpan.FromSeconds(60),
            QueueLimit = 200,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });

        public async Task SendAsync(JsonObject payload, CancellationToken cancellationToken)
        {
            var bytes = Encoding.UTF8.GetBytes(payload.ToJsonString());
            if (bytes.Length > MaxSendBytes)
            {
                throw new InvalidOperationException($"A gateway payload of {bytes.Length} bytes exceeds Discord's {MaxSendBytes}.");
            }

            using var lease = await _limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
            await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _lock.Release();
            }
        }

        /// <summary>The close frame, never in the middle of another send.</summary>
        public async Task CloseAsync(WebSocketCloseStatus status, string description, CancellationToken cancellationToken)
        {
            await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await socket.CloseOutputAsync(status, description, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _lock.Release();
            }
        }

        public void Dispose()
        {
            _limiter.Dispose();
            _lock.Dispose();
        }
    }

    private sealed class HeartbeatState
    {
        private int _awaitingAck;

        public bool Zombie { get; set; }

        /// <summary>False when the previous beat was never acknowledged.</summary>
        public bool TryBeat() => Interlocked.Exchange(ref _awaitingAck, 1) == 0;

        public void Acknowledged() => Interlocked.Exchange(ref _awaitingAck, 0);
    }
}

/// <summary>Time-outs for each step of a connection (shortened in tests).</summary>
internal sealed record GatewayTimeouts
{
    public TimeSpan Connect { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan Hello { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan Ready { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Scales Discord's 1-5 s wait after INVALID_SESSION (tests use a small value).</summary>
    public double InvalidSessionWaitScale { get; init; } = 1.0;
}
