using System.Net.WebSockets;
using System.Text.Unicode;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using TalksBot.Core.Health;
using TalksBot.Discord.Api;
using TalksBot.Discord.Conversations;
using TalksBot.Discord.Interactions;
using TalksBot.Platform.WebSockets;

namespace TalksBot.Discord.Gateway;

/// <summary>
/// One shard's gateway protocol (v10, JSON) over the connections a <see cref="ReconnectingWebSocket"/> opens: HELLO,
/// heartbeats with an initial jitter and zombie detection, IDENTIFY (in turn, through the <see cref="IdentifyGate"/>) or
/// RESUME on the resume URL, READY/RESUMED, op 1/7/9/11, and Discord's close-code policy as typed exits. Interactions,
/// and the messages written to the bot, leave the receive loop through a channel to the workers. A malformed frame
/// throws, which the loop treats as a dropped connection: the session stays resumable, since the loop closes with a code
/// other than 1000/1001. The work channel is unbounded, so the receive loop never waits for the workers.
/// </summary>
internal sealed class GatewayShard(
    int shardId,
    int shardCount,
    string token,
    Uri gatewayUrl,
    IdentifyGate identifyGate,
    ChannelWriter<GatewayWork> work,
    TimeProvider time,
    ILogger logger,
    GatewayTimeouts? timeouts = null,
    ReadinessComponent? readiness = null) : IWebSocketSession
{
    /// <summary>Any close code but 1000/1001 keeps the session resumable (Discord ends the session on those two).</summary>
    public const WebSocketCloseStatus ResumableClose = (WebSocketCloseStatus)GatewayCloseCode.UnknownError;

    private static readonly TimeSpan MaxHeartbeatInterval = TimeSpan.FromMinutes(10);

    /// <summary>When the host stops, frames that already arrived are read until none comes for this long …</summary>
    private static readonly TimeSpan DrainIdle = TimeSpan.FromMilliseconds(250);

    /// <summary>… or for this long in all (well within the loop's stop time-out).</summary>
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(2);
    private readonly GatewayTimeouts _timeouts = timeouts ?? new GatewayTimeouts();
    private string? _sessionId;
    private Uri? _resumeUrl;
    private long? _sequence;
    private TimeSpan _identifyDelay;
    private IdentifyGate.Turn? _identifyTurn;

    /// <summary>The bot's user id from READY (kept across RESUMEs): its mentions address TalksBot, its messages are its own.</summary>
    private string? _botUserId;

    public int ShardId => shardId;

    public bool CanResume => _sessionId is not null && _resumeUrl is not null && _sequence is not null;

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

    public async Task<ConnectTarget> PrepareAsync(CancellationToken cancellationToken)
    {
        if (_identifyDelay > TimeSpan.Zero)
        {
            // After INVALID_SESSION d:false Discord asks for a random wait of 1-5 s before identifying afresh.
            var delay = _identifyDelay;
            _identifyDelay = TimeSpan.Zero;
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }

        // A turn taken for a connection that never came is given back unused.
        _identifyTurn?.Dispose();
        _identifyTurn = null;
        if (CanResume)
        {
            return ConnectTarget.Connect(WithGatewayQuery(_resumeUrl!));
        }

        // The turn to identify is taken before connecting, so an open connection never waits for it with its heartbeat ACKs unread.
        _identifyTurn = await identifyGate.WaitTurnAsync(shardId, cancellationToken).ConfigureAwait(false);
        return ConnectTarget.Connect(WithGatewayQuery(gatewayUrl));
    }

    public async Task<SessionExit> RunAsync(SessionConnection connection, CancellationToken cancellationToken)
    {
        var transport = connection.Transport;
        var resuming = CanResume;
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var beats = new HeartbeatState();
        Task? heartbeat = null;
        IDisposable? connected = null;
        try
        {
            var first = await ReceiveWithinAsync(transport, _timeouts.Hello, lost.Token).ConfigureAwait(false);
            if (first is not ReceivedMessage helloMessage)
            {
                return first is ReceivedClose close ? Closed(close) : SessionExit.ReconnectWithBackoff("no HELLO in time", ResumableClose);
            }

            var helloFrame = Frame(helloMessage);
            if (helloFrame.Op != GatewayOpcode.Hello)
            {
                throw new MalformedMessageException($"The first frame was op {helloFrame.Op}, not HELLO.");
            }

            var interval = TimeSpan.FromMilliseconds(helloFrame.ReadData(DiscordJson.Default.Hello).HeartbeatIntervalMs);
            if (interval <= TimeSpan.Zero || interval > MaxHeartbeatInterval)
            {
                throw new MalformedMessageException($"HELLO's heartbeat_interval of {interval.TotalMilliseconds} ms is not a usable interval.");
            }

            heartbeat = HeartbeatAsync(transport, interval, beats, lost);
            if (resuming)
            {
                await transport.SendJsonAsync(
                    new GatewayCommand<Resume>(GatewayOpcode.Resume, new Resume(token, _sessionId!, _sequence!.Value)),
                    DiscordJson.Default.GatewayCommandResume,
                    lost.Token).ConfigureAwait(false);
            }
            else
            {
                using var turn = _identifyTurn ?? await identifyGate.WaitTurnAsync(shardId, lost.Token).ConfigureAwait(false);
                _identifyTurn = null;
                await transport.SendJsonAsync(
                    new GatewayCommand<Identify>(GatewayOpcode.Identify, new Identify(token, GatewayIntents.TalksBot, new IdentifyProperties("linux", "talksbot", "talksbot"), [shardId, shardCount])),
                    DiscordJson.Default.GatewayCommandIdentify,
                    lost.Token).ConfigureAwait(false);
                turn.Identified();
            }

            var ready = false;
            var readyDeadline = time.GetUtcNow() + _timeouts.Ready;
            while (true)
            {
                TimeSpan? limit = ready ? null : readyDeadline - time.GetUtcNow();
                var received = limit <= TimeSpan.Zero ? null : await ReceiveWithinAsync(transport, limit, lost.Token).ConfigureAwait(false);
                switch (received)
                {
                    case null:
                        return SessionExit.ReconnectWithBackoff(resuming ? "no RESUMED in time" : "no READY in time", ResumableClose);
                    case ReceivedClose close:
                        return Closed(close);
                }

                var frame = Frame((ReceivedMessage)received);
                switch (frame.Op)
                {
                    case GatewayOpcode.Dispatch:
                        // The sequence first: a dispatch that fails below is not replayed by the next RESUME.
                        _sequence = frame.Sequence ?? _sequence;
                        switch (frame.Event)
                        {
                            case GatewayEvents.Ready:
                                var session = frame.ReadData(DiscordJson.Default.Ready);
                                _botUserId = InteractionPayload.IsSnowflake(session.User.Id)
                                    ? session.User.Id
                                    : throw new MalformedMessageException("READY's user id is not a snowflake.");
                                _resumeUrl = ResumeUrl(session.ResumeGatewayUrl);
                                _sessionId = session.SessionId;
                                ready = true;
                                connected ??= readiness?.Up();
                                Log.Ready(logger, shardId, session.SessionId);
                                break;
                            case GatewayEvents.Resumed:
                                ready = true;
                                connected ??= readiness?.Up();
                                Log.Resumed(logger, shardId, _sessionId ?? "?");
                                break;
                            default:
                                HandOver(frame);
                                break;
                        }

                        break;
                    case GatewayOpcode.Heartbeat:
                        await SendHeartbeatAsync(transport, lost.Token).ConfigureAwait(false);
                        break;
                    case GatewayOpcode.Reconnect:
                        Log.GatewayEvent(logger, shardId, "RECONNECT requested");
                        // A server asking again right after every connect must not make a tight loop.
                        return ready
                            ? SessionExit.ReconnectNow("RECONNECT requested", ResumableClose)
                            : SessionExit.ReconnectWithBackoff("RECONNECT before READY", ResumableClose);
                    case GatewayOpcode.InvalidSession:
                        if (frame.ReadData(DiscordJson.Default.Boolean) && CanResume)
                        {
                            return ready
                                ? SessionExit.ReconnectNow("INVALID_SESSION (resumable)", ResumableClose)
                                : SessionExit.ReconnectWithBackoff("INVALID_SESSION (resumable) before READY", ResumableClose);
                        }

                        ForgetSession();
                        _identifyDelay = TimeSpan.FromMilliseconds(Random.Shared.Next(1000, 5001) * _timeouts.InvalidSessionWaitScale);
                        return SessionExit.ReconnectNow("INVALID_SESSION", ResumableClose);
                    case GatewayOpcode.HeartbeatAck:
                        beats.Acknowledged();
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await DrainAsync(transport).ConfigureAwait(false);
            throw;
        }
        catch (OperationCanceledException) when (beats.Zombie)
        {
            Log.Zombie(logger, shardId);
            return SessionExit.ReconnectWithBackoff("zombie connection (no heartbeat ACK)", ResumableClose);
        }
        catch (WebSocketException exception)
        {
            // A close frame may have arrived just before the socket failed (a heartbeat racing Discord's 4010):
            // its code, when the transport has one, decides, so a fatal close is never retried.
            return transport.PeerClose is { Code: not null } close
                ? Closed(close)
                : SessionExit.ReconnectWithBackoff($"connection lost ({exception.Message})", ResumableClose);
        }
        finally
        {
            connected?.Dispose();
            await lost.CancelAsync().ConfigureAwait(false);
            if (heartbeat is not null)
            {
                await heartbeat.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>
    /// The host stops: interactions and messages Discord sent before the stop (already on their way, or waiting in the socket) are
    /// still handed to the workers, which answer them within the shutdown grace period. Discord replays nothing for a
    /// process that starts afresh.
    /// </summary>
    private async Task DrainAsync(IWebSocketTransport transport)
    {
        using var total = new CancellationTokenSource(DrainLimit, time);
        try
        {
            while (true)
            {
                using var idle = new CancellationTokenSource(DrainIdle, time);
                using var either = CancellationTokenSource.CreateLinkedTokenSource(total.Token, idle.Token);
                if (await transport.ReceiveAsync(either.Token).ConfigureAwait(false) is not ReceivedMessage message)
                {
                    return;
                }

                var frame = Frame(message);
                if (frame.Op == GatewayOpcode.Dispatch)
                {
                    _sequence = frame.Sequence ?? _sequence;
                    HandOver(frame);
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or MalformedMessageException or WebSocketException)
        {
            // Nothing more arrived in time, or what did cannot be read: the shutdown goes on.
        }
    }

    /// <summary>
    /// Hands an interaction, or a message written to the bot, to the workers; other dispatches (the guilds, every other
    /// message) are not TalksBot's business. Never waits: the channel is unbounded, and what was read is handed over even
    /// when the host stops this instant.
    /// </summary>
    private void HandOver(GatewayFrame frame)
    {
        switch (frame.Event)
        {
            case GatewayEvents.InteractionCreate:
                work.TryWrite(new InteractionWork(InteractionPayload.Checked(frame.ReadData(DiscordJson.Default.Interaction))));
                break;
            case GatewayEvents.MessageCreate when _botUserId is { } botUserId:
                var message = AddressedMessages.Checked(frame.ReadData(DiscordJson.Default.ChannelMessage));
                if (AddressedMessages.IsForBot(message, botUserId))
                {
                    work.TryWrite(new MessageWork(message, botUserId));
                }

                break;
        }
    }

    /// <summary>Forgets the session so the next connection identifies afresh.</summary>
    private void ForgetSession()
    {
        _sessionId = null;
        _resumeUrl = null;
        _sequence = null;
    }

    /// <summary>The close-code policy: fatal codes stop for good, 4007/4009 start a new session, anything else resumes.</summary>
    private SessionExit Closed(ReceivedClose close)
    {
        var (consequence, cause, advice) = GatewayClosePolicy.Of(close.Code);
        switch (consequence)
        {
            case CloseConsequence.Fatal:
                return SessionExit.Stop($"Discord closed the gateway with {close.Code} ({cause}). {advice}");
            case CloseConsequence.NewSession:
                ForgetSession();
                return SessionExit.ReconnectWithBackoff($"closed {close.Code}: a new session is needed");
            default:
                return SessionExit.ReconnectWithBackoff($"closed {close.Code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "without a code"} {close.Description}".TrimEnd());
        }
    }

    private static GatewayFrame Frame(ReceivedMessage message)
    {
        if (!message.IsText)
        {
            throw new MalformedMessageException("A binary frame: TalksBot asks for uncompressed JSON.");
        }

        if (!Utf8.IsValid(message.Payload.Span))
        {
            throw new MalformedMessageException("A frame that is not UTF-8.");
        }

        return message.Deserialize(DiscordJson.Default.GatewayFrame);
    }

    private static Uri ResumeUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "ws" or "wss"
            ? uri
            : throw new MalformedMessageException("READY's resume_gateway_url is not a ws:// or wss:// URL.");

    /// <summary>The next message within <paramref name="limit"/> (null: no limit); null when the limit passed first.</summary>
    private async Task<ReceiveResult?> ReceiveWithinAsync(IWebSocketTransport transport, TimeSpan? limit, CancellationToken cancellationToken)
    {
        if (limit is not { } within)
        {
            return await transport.ReceiveAsync(cancellationToken).ConfigureAwait(false);
        }

        using var timeout = new CancellationTokenSource(within, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await transport.ReceiveAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private Task SendHeartbeatAsync(IWebSocketTransport transport, CancellationToken cancellationToken) =>
        transport.SendJsonAsync(new GatewayCommand<long?>(GatewayOpcode.Heartbeat, _sequence), DiscordJson.Default.GatewayCommandNullableInt64, cancellationToken);

    /// <summary>Beats every interval after a random first wait; a beat without an ACK since the last one means a zombie connection.</summary>
    private async Task HeartbeatAsync(IWebSocketTransport transport, TimeSpan interval, HeartbeatState beats, CancellationTokenSource lost)
    {
        try
        {
            await Task.Delay(interval * Random.Shared.NextDouble(), time, lost.Token).ConfigureAwait(false);
            while (!lost.IsCancellationRequested)
            {
                if (!beats.TryBeat())
                {
                    beats.Zombie = true;
                    await lost.CancelAsync().ConfigureAwait(false);
                    return;
                }

                await SendHeartbeatAsync(transport, lost.Token).ConfigureAwait(false);
                await Task.Delay(interval, time, lost.Token).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or InvalidOperationException or ObjectDisposedException)
        {
            // The connection is ending; the receive loop reports why.
        }
    }

    private sealed class HeartbeatState
    {
        private int _awaitingAck;
        private int _zombie;

        public bool Zombie
        {
            get => Volatile.Read(ref _zombie) != 0;
            set => Volatile.Write(ref _zombie, value ? 1 : 0);
        }

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
