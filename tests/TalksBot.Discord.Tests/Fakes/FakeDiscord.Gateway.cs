using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using TalksBot.Testing;

namespace TalksBot.Discord.Tests.Fakes;

public sealed partial class FakeDiscord
{

    private readonly List<GatewayConnection> _connections = [];
    private readonly Dictionary<string, GatewaySession> _sessions = new(StringComparer.Ordinal);
    private readonly List<GatewaySession> _sessionOrder = [];
    private readonly List<GatewayFrame> _receivedFrames = [];
    private readonly List<GatewayFrame> _sentFrames = [];
    private readonly List<GatewayClose> _closes = [];
    private readonly List<ShardIdentify> _shards = [];
    private int _identifyCount;
    private int _resumeCount;
    private int _heartbeatCount;
    private string? _nextHello;
    private Action<JsonObject>? _nextReadyChange;

    public int IdentifyCount => Volatile.Read(ref _identifyCount);

    /// <summary>Successful RESUMEs (the ones answered with replay + RESUMED).</summary>
    public int ResumeCount => Volatile.Read(ref _resumeCount);

    public int HeartbeatCount => Volatile.Read(ref _heartbeatCount);

    /// <summary>Every frame a client sent, parsed, in arrival order.</summary>
    public IReadOnlyList<GatewayFrame> ReceivedFrames => Snapshot(() => _receivedFrames.ToArray());

    /// <summary>Every frame the fake sent (HELLO, ACKs, dispatches, …).</summary>
    public IReadOnlyList<GatewayFrame> SentFrames => Snapshot(() => _sentFrames.ToArray());

    public IReadOnlyList<GatewayClose> Closes => Snapshot(() => _closes.ToArray());

    /// <summary>Successful IDENTIFYs, one per session created.</summary>
    public IReadOnlyList<ShardIdentify> Shards => Snapshot(() => _shards.ToArray());

    public IReadOnlyList<string> SessionIds => Snapshot(() => _sessionOrder.Select(s => s.Id).ToArray());

    /// <summary>The session id once a live connection is READY (or RESUMED).</summary>
    public async Task<string> WaitForReadyAsync(TimeSpan timeout, int? shardId = null)
    {
        var connection = await FindConnectionAsync(shardId, requireReady: true, timeout, "become READY").ConfigureAwait(false);
        return connection.Session!.Id;
    }

    /// <summary>Sends op 0 with the session's next sequence number to the newest READY connection (of the shard); returns that s.</summary>
    public async Task<int> DispatchAsync(string eventName, JsonObject data, int? shardId = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var connection = await FindConnectionAsync(shardId, requireReady: true, timeout, $"dispatch {eventName}").ConfigureAwait(false);
        return await SendDispatchAsync(connection, connection.Session!, eventName, data.DeepClone()).ConfigureAwait(false);
    }

    /// <summary>DispatchAsync("INTERACTION_CREATE", …), remembering the interaction (id, token, time) for callback checks.</summary>
    public Task<int> DispatchInteractionAsync(JsonObject interaction, int? shardId = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        RegisterInteraction(interaction);
        return DispatchAsync("INTERACTION_CREATE", interaction, shardId, timeout);
    }

    /// <summary>
    /// Dispatches MESSAGE_CREATE as Discord does for the session's intents: a guild message only with GUILD_MESSAGES
    /// (1 &lt;&lt; 9), a DM only with DIRECT_MESSAGES (1 &lt;&lt; 12); without MESSAGE_CONTENT (1 &lt;&lt; 15), a guild message that
    /// neither mentions the bot nor is the bot's own arrives with empty content, embeds, attachments and components.
    /// Returns its s, or null when the session's intents do not get it.
    /// </summary>
    public async Task<int?> DispatchMessageAsync(JsonObject message, int? shardId = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var connection = await FindConnectionAsync(shardId, requireReady: true, timeout, "dispatch MESSAGE_CREATE").ConfigureAwait(false);
        var intents = connection.Session!.Intents;
        var inGuild = message["guild_id"] is not null;
        if ((intents & (inGuild ? FakeDiscordOptions.GuildMessagesIntent : FakeDiscordOptions.DirectMessagesIntent)) == 0)
        {
            return null;
        }

        var delivered = (JsonObject)message.DeepClone();
        // Read leniently: a test may dispatch a malformed message on purpose.
        var mentionsBot = delivered["mentions"] is JsonArray mentions && mentions.Any(m => IdOf(m) == _options.BotUserId);
        var byBot = IdOf(delivered["author"]) == _options.BotUserId;
        if (inGuild && (intents & FakeDiscordOptions.MessageContentIntent) == 0 && !mentionsBot && !byBot)
        {
            delivered["content"] = "";
            delivered["embeds"] = new JsonArray();
            delivered["attachments"] = new JsonArray();
            delivered["components"] = new JsonArray();
        }

        return await SendDispatchAsync(connection, connection.Session!, "MESSAGE_CREATE", delivered).ConfigureAwait(false);
    }

    private static string? IdOf(JsonNode? user) => user is JsonObject { } o && o["id"] is JsonValue v && v.TryGetValue(out string? id) ? id : null;

    /// <summary>
    /// Records a dispatch in a session's history without sending it, as if it was lost in flight: a later RESUME replays it.
    /// Uses the newest session when <paramref name="sessionId"/> is null. Returns its s.
    /// </summary>
    public int BufferMissedDispatch(string eventName, JsonObject data, string? sessionId = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var session = FindSession(sessionId);
        if (data["token"] is not null && data["id"] is not null && eventName == "INTERACTION_CREATE")
        {
            RegisterInteraction(data);
        }

        lock (session.Lock)
        {
            session.NextDispatch(eventName, data.DeepClone());
            return session.Sequence;
        }
    }

    /// <summary>Marks every session (or one) as not resumable: a later RESUME gets op 9 d:false.</summary>
    public void ExpireSessions(string? sessionId = null)
    {
        lock (SyncRoot)
        {
            foreach (var session in _sessionOrder.Where(s => sessionId is null || s.Id == sessionId))
            {
                session.Resumable = false;
            }
        }
    }

    /// <summary>Sends op 7 RECONNECT; the client should close and RESUME.</summary>
    public async Task SendReconnectAsync(int? shardId = null, TimeSpan? timeout = null)
    {
        var connection = await FindConnectionAsync(shardId, requireReady: false, timeout, "send RECONNECT").ConfigureAwait(false);
        await SendJsonAsync(connection, """{"op":7,"d":null,"s":null,"t":null}""").ConfigureAwait(false);
    }

    /// <summary>Sends op 9 with d = <paramref name="resumable"/>; a non-resumable one also ends the session.</summary>
    public async Task SendInvalidSessionAsync(bool resumable, int? shardId = null, TimeSpan? timeout = null)
    {
        var connection = await FindConnectionAsync(shardId, requireReady: false, timeout, "send INVALID_SESSION").ConfigureAwait(false);
        if (!resumable && connection.Session is { } session)
        {
            session.Resumable = false;
        }

        await SendJsonAsync(connection, $$"""{"op":9,"d":{{(resumable ? "true" : "false")}},"s":null,"t":null}""").ConfigureAwait(false);
    }

    /// <summary>Sends a server op 1; the client must heartbeat at once.</summary>
    public async Task SendHeartbeatRequestAsync(int? shardId = null, TimeSpan? timeout = null)
    {
        var connection = await FindConnectionAsync(shardId, requireReady: false, timeout, "request a heartbeat").ConfigureAwait(false);
        await SendJsonAsync(connection, """{"op":1,"d":null,"s":null,"t":null}""").ConfigureAwait(false);
    }

    /// <summary>Closes the newest live connection with <paramref name="code"/> (4004/4007/4009/4010–4014 also end the session).</summary>
    public async Task CloseAsync(int code, string reason, int? shardId = null, TimeSpan? timeout = null)
    {
        var connection = await FindConnectionAsync(shardId, requireReady: false, timeout, $"close with {code}").ConfigureAwait(false);
        await ServerCloseAsync(connection, code, reason).ConfigureAwait(false);
    }

    /// <summary>Aborts the newest live connection without a close frame; the session stays resumable.</summary>
    public async Task DropAsync(int? shardId = null, TimeSpan? timeout = null)
    {
        var connection = await FindConnectionAsync(shardId, requireReady: false, timeout, "drop").ConfigureAwait(false);
        RecordClose(connection, null, null, GatewayCloseSource.Dropped);
        connection.TryMarkCloseSent();
        connection.Abort();
    }

    /// <summary>The next connection gets <paramref name="json"/> as its HELLO (any text, for malformed-frame tests).</summary>
    public void ReplaceNextHello(string json)
    {
        lock (SyncRoot)
        {
            _nextHello = json;
        }
    }

    /// <summary>The next READY's <c>d</c> is changed by <paramref name="change"/> before it is sent (e.g. a field removed).</summary>
    public void ChangeNextReady(Action<JsonObject> change)
    {
        lock (SyncRoot)
        {
            _nextReadyChange = change;
        }
    }

    /// <summary>Sends <paramref name="text"/> as one text frame, as it is, on the newest live connection: no parsing, no record.</summary>
    public async Task SendRawTextAsync(string text, int? shardId = null, TimeSpan? timeout = null)
    {
        var connection = await FindConnectionAsync(shardId, requireReady: false, timeout, "send a raw frame").ConfigureAwait(false);
        await connection.SendLock.WaitAsync(connection.Token).ConfigureAwait(false);
        try
        {
            await connection.SendTextLockedAsync(text, SendTimeout).ConfigureAwait(false);
        }
        finally
        {
            connection.SendLock.Release();
        }
    }

    /// <summary>Sends <paramref name="payload"/> as one binary frame on the newest live connection (Discord sends binary only when compressing).</summary>
    public async Task SendBinaryAsync(byte[] payload, int? shardId = null, TimeSpan? timeout = null)
    {
        var connection = await FindConnectionAsync(shardId, requireReady: false, timeout, "send a binary frame").ConfigureAwait(false);
        await connection.SendLock.WaitAsync(connection.Token).ConfigureAwait(false);
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(connection.Token);
            limit.CancelAfter(SendTimeout);
            await connection.Socket.SendAsync(payload, WebSocketMessageType.Binary, endOfMessage: true, limit.Token).ConfigureAwait(false);
        }
        finally
        {
            connection.SendLock.Release();
        }
    }

    /// <summary>Sends op 0 with any <c>d</c> (a number, an array, null) to the newest READY connection; returns its s.</summary>
    public async Task<int> DispatchRawAsync(string eventName, JsonNode? data, int? shardId = null, TimeSpan? timeout = null)
    {
        var connection = await FindConnectionAsync(shardId, requireReady: true, timeout, $"dispatch {eventName}").ConfigureAwait(false);
        return await SendDispatchAsync(connection, connection.Session!, eventName, data?.DeepClone()).ConfigureAwait(false);
    }

    private GatewaySession FindSession(string? sessionId)
    {
        lock (SyncRoot)
        {
            if (sessionId is null)
            {
                return _sessionOrder.LastOrDefault() ?? throw new InvalidOperationException("FakeDiscord: no gateway session exists yet.");
            }

            return _sessions.TryGetValue(sessionId, out var session) ? session : throw new InvalidOperationException($"FakeDiscord: unknown session {sessionId}.");
        }
    }

    private Task<GatewayConnection> FindConnectionAsync(int? shardId, bool requireReady, TimeSpan? timeout, string action)
    {
        var limit = timeout ?? _options.ControlTimeout;
        return Polling.WaitForAsync(
            () => Snapshot(() => _connections.LastOrDefault(c => c.IsLive
                && (!requireReady || (c.Ready && c.Session is not null))
                && (shardId is null || c.Session?.ShardId == shardId))),
            limit,
            () =>
            {
                var which = (requireReady ? "READY " : "") + "gateway connection" + (shardId is null ? "" : $" for shard {shardId}");
                return $"FakeDiscord: no live {which} to {action} within {limit.TotalSeconds:0.###} s. {Describe()}";
            },
            () => EnsureNotDisposed());
    }

    private async Task RunGatewayConnectionAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("Expected a WebSocket upgrade.", ShutdownToken).ConfigureAwait(false);
            return;
        }

        await RunWebSocketAsync(
            context,
            (number, socket, cancellation) =>
            {
                var connection = new GatewayConnection(number, socket, context, cancellation);
                _connections.Add(connection);
                return connection;
            },
            async connection =>
            {
                string? hello;
                lock (SyncRoot)
                {
                    (hello, _nextHello) = (_nextHello, null);
                }

                await SendJsonAsync(connection, hello ?? $$"""{"op":10,"d":{"heartbeat_interval":{{_options.HeartbeatIntervalMs}}},"s":null,"t":null}""").ConfigureAwait(false);
                var version = context.Request.Query["v"].ToString();
                var encoding = context.Request.Query["encoding"].ToString();
                if (version.Length > 0 && version != "10")
                {
                    await ServerCloseAsync(connection, 4012, "Invalid API version.").ConfigureAwait(false);
                }
                else if ((encoding.Length > 0 && encoding != "json") || context.Request.Query.ContainsKey("compress"))
                {
                    await ServerCloseAsync(connection, 4002, "FakeDiscord speaks only uncompressed JSON.").ConfigureAwait(false);
                }

                return await ReceiveLoopAsync(connection).ConfigureAwait(false);
            },
            connection => RecordClose(connection, null, null, GatewayCloseSource.Dropped),
            connection =>
            {
                lock (SyncRoot)
                {
                    if (connection.Session is { } session && session.Connection == connection)
                    {
                        session.Connection = null;
                    }
                }
            }).ConfigureAwait(false);
    }

    /// <summary>Reads frames until the close handshake; returns whether the client sent the close first.</summary>
    private async Task<bool> ReceiveLoopAsync(GatewayConnection connection)
    {
        var buffer = new byte[8192];
        using var message = new MemoryStream();
        while (true)
        {
            var (type, tooLarge) = await connection.ReceiveMessageAsync(buffer, message, _options.MaxClientFrameBytes).ConfigureAwait(false);
            if (type == WebSocketMessageType.Close)
            {
                return await OnClientCloseAsync(connection).ConfigureAwait(false);
            }

            if (connection.CloseSent)
            {
                continue;
            }

            if (tooLarge || type == WebSocketMessageType.Binary)
            {
                await ServerCloseAsync(connection, 4002, "Error while decoding payload.").ConfigureAwait(false);
                continue;
            }

            JsonObject? frame;
            try
            {
                frame = JsonNode.Parse(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length)) as JsonObject;
            }
            catch (JsonException)
            {
                frame = null;
            }

            int op = -1;
            if (frame?["op"] is not JsonValue opValue || !opValue.TryGetValue(out op))
            {
                await ServerCloseAsync(connection, 4002, "Error while decoding payload.").ConfigureAwait(false);
                continue;
            }

            lock (SyncRoot)
            {
                _receivedFrames.Add(new GatewayFrame(connection.Number, op, frame, DateTimeOffset.UtcNow));
            }

            await HandleClientFrameAsync(connection, op, frame).ConfigureAwait(false);
        }
    }

    private async Task<bool> OnClientCloseAsync(GatewayConnection connection)
    {
        var socket = connection.Socket;
        var status = socket.CloseStatus;
        RecordClose(connection, status is null ? null : (int)status, socket.CloseStatusDescription, GatewayCloseSource.Client);
        if (status is WebSocketCloseStatus.NormalClosure or WebSocketCloseStatus.EndpointUnavailable && connection.Session is { } session)
        {
            // Discord ends the session when a client closes with 1000 or 1001.
            session.Resumable = false;
        }

        return await connection.AnswerClientCloseAsync(CloseHandshakeTimeout).ConfigureAwait(false);
    }

    private async Task HandleClientFrameAsync(GatewayConnection connection, int op, JsonObject frame)
    {
        switch (op)
        {
            case 1:
                Interlocked.Increment(ref _heartbeatCount);
                if (AckHeartbeats)
                {
                    await SendJsonAsync(connection, """{"op":11,"d":null,"s":null,"t":null}""").ConfigureAwait(false);
                }

                break;
            case 2:
                await IdentifyAsync(connection, frame["d"] as JsonObject).ConfigureAwait(false);
                break;
            case 6:
                await ResumeAsync(connection, frame["d"] as JsonObject).ConfigureAwait(false);
                break;
            case 3 or 4 or 8:
                if (connection.Session is null)
                {
                    await ServerCloseAsync(connection, 4003, "Not authenticated.").ConfigureAwait(false);
                }

                break;
            default:
                await ServerCloseAsync(connection, 4001, "Unknown opcode.").ConfigureAwait(false);
                break;
        }
    }

    private async Task IdentifyAsync(GatewayConnection connection, JsonObject? d)
    {
        if (d is null)
        {
            await ServerCloseAsync(connection, 4002, "Error while decoding payload.").ConfigureAwait(false);
            return;
        }

        if (connection.Session is not null)
        {
            await ServerCloseAsync(connection, 4005, "Already authenticated.").ConfigureAwait(false);
            return;
        }

        if (GetString(d, "token") != _options.Token)
        {
            await ServerCloseAsync(connection, 4004, "Authentication failed.").ConfigureAwait(false);
            return;
        }

        if (d["intents"] is not JsonValue intentsValue || !intentsValue.TryGetValue(out long intents) || intents < 0)
        {
            await ServerCloseAsync(connection, 4013, "Invalid intent(s).").ConfigureAwait(false);
            return;
        }

        if ((intents & _options.DisallowedIntents) != 0)
        {
            await ServerCloseAsync(connection, 4014, "Disallowed intent(s).").ConfigureAwait(false);
            return;
        }

        if (d["properties"] is not JsonObject properties)
        {
            await ServerCloseAsync(connection, 4002, "Error while decoding payload.").ConfigureAwait(false);
            return;
        }

        var (shardId, shardCount) = (0, 1);
        if (d["shard"] is JsonArray shard)
        {
            if (shard.Count != 2 || shard[0] is not JsonValue idValue || shard[1] is not JsonValue countValue
                || !idValue.TryGetValue(out shardId) || !countValue.TryGetValue(out shardCount)
                || shardCount < 1 || shardId < 0 || shardId >= shardCount)
            {
                await ServerCloseAsync(connection, 4010, "Invalid shard.").ConfigureAwait(false);
                return;
            }
        }
        else if (d["shard"] is not null)
        {
            await ServerCloseAsync(connection, 4010, "Invalid shard.").ConfigureAwait(false);
            return;
        }

        var session = new GatewaySession(Guid.NewGuid().ToString("N"), shardId, shardCount) { Connection = connection, Intents = intents };
        lock (SyncRoot)
        {
            _sessions[session.Id] = session;
            _sessionOrder.Add(session);
            _shards.Add(new ShardIdentify(connection.Number, shardId, shardCount, intents, session.Id, (JsonObject)properties.DeepClone(), DateTimeOffset.UtcNow));
        }

        Interlocked.Increment(ref _identifyCount);
        connection.Session = session;
        var guilds = new JsonArray([.. _options.GuildIds.Select(id => (JsonNode)new JsonObject { ["id"] = id, ["unavailable"] = true })]);
        var ready = new JsonObject
        {
            ["v"] = 10,
            ["user"] = new JsonObject
            {
                ["id"] = _options.BotUserId,
                ["username"] = _options.BotUsername,
                ["discriminator"] = "0",
                ["global_name"] = null,
                ["avatar"] = null,
                ["bot"] = true,
                ["verified"] = true,
                ["flags"] = 0,
            },
            ["guilds"] = guilds,
            ["session_id"] = session.Id,
            ["resume_gateway_url"] = ResumeGatewayUrl.ToString().TrimEnd('/'),
            ["shard"] = new JsonArray(shardId, shardCount),
            ["application"] = new JsonObject { ["id"] = _options.ApplicationId, ["flags"] = 0 },
        };
        Action<JsonObject>? change;
        lock (SyncRoot)
        {
            (change, _nextReadyChange) = (_nextReadyChange, null);
        }

        change?.Invoke(ready);
        await SendDispatchAsync(connection, session, "READY", ready).ConfigureAwait(false);
        connection.Ready = true;
    }

    private async Task ResumeAsync(GatewayConnection connection, JsonObject? d)
    {
        if (d is null)
        {
            await ServerCloseAsync(connection, 4002, "Error while decoding payload.").ConfigureAwait(false);
            return;
        }

        if (GetString(d, "token") != _options.Token)
        {
            await ServerCloseAsync(connection, 4004, "Authentication failed.").ConfigureAwait(false);
            return;
        }

        if (connection.Session is not null)
        {
            await ServerCloseAsync(connection, 4005, "Already authenticated.").ConfigureAwait(false);
            return;
        }

        var sessionId = GetString(d, "session_id");
        var sequence = d["seq"] is JsonValue seqValue && seqValue.TryGetValue(out int seq) ? seq : 0;
        GatewaySession? session;
        lock (SyncRoot)
        {
            session = sessionId is not null && _sessions.TryGetValue(sessionId, out var known) && known.Resumable ? known : null;
            if (session is not null)
            {
                session.Connection = connection;
            }
        }

        if (session is null)
        {
            await SendJsonAsync(connection, """{"op":9,"d":false,"s":null,"t":null}""").ConfigureAwait(false);
            return;
        }

        if (sequence > session.Sequence)
        {
            await ServerCloseAsync(connection, 4007, "Invalid seq.").ConfigureAwait(false);
            return;
        }

        Interlocked.Increment(ref _resumeCount);
        connection.Session = session;
        await connection.SendLock.WaitAsync(connection.Token).ConfigureAwait(false);
        try
        {
            List<string> replay;
            string resumed;
            lock (session.Lock)
            {
                replay = session.After(sequence);
                resumed = session.NextDispatch("RESUMED", new JsonObject { ["_trace"] = new JsonArray("fake-discord") });
            }

            foreach (var json in replay)
            {
                await SendLockedAsync(connection, json).ConfigureAwait(false);
            }

            await SendLockedAsync(connection, resumed).ConfigureAwait(false);
            connection.Ready = true;
        }
        finally
        {
            connection.SendLock.Release();
        }
    }

    private async Task<int> SendDispatchAsync(GatewayConnection connection, GatewaySession session, string eventName, JsonNode? data)
    {
        await connection.SendLock.WaitAsync(connection.Token).ConfigureAwait(false);
        try
        {
            string json;
            int sequence;
            lock (session.Lock)
            {
                json = session.NextDispatch(eventName, data);
                sequence = session.Sequence;
            }

            await SendLockedAsync(connection, json).ConfigureAwait(false);
            return sequence;
        }
        finally
        {
            connection.SendLock.Release();
        }
    }

    private async Task SendJsonAsync(GatewayConnection connection, string json)
    {
        await connection.SendLock.WaitAsync(connection.Token).ConfigureAwait(false);
        try
        {
            await SendLockedAsync(connection, json).ConfigureAwait(false);
        }
        finally
        {
            connection.SendLock.Release();
        }
    }

    private async Task SendLockedAsync(GatewayConnection connection, string json)
    {
        if (connection.CloseSent)
        {
            return;
        }

        await connection.SendTextLockedAsync(json, SendTimeout).ConfigureAwait(false);
        var frame = (JsonObject)JsonNode.Parse(json)!;
        lock (SyncRoot)
        {
            _sentFrames.Add(new GatewayFrame(connection.Number, frame["op"]!.GetValue<int>(), frame, DateTimeOffset.UtcNow));
        }
    }

    private async Task ServerCloseAsync(GatewayConnection connection, int code, string reason)
    {
        if (!connection.TryMarkCloseSent())
        {
            return;
        }

        RecordClose(connection, code, reason, GatewayCloseSource.Server);
        if (connection.Session is { } session && code is 4004 or 4007 or 4009 or (>= 4010 and <= 4014))
        {
            session.Resumable = false;
        }

        await connection.SendCloseAsync((WebSocketCloseStatus)code, reason, CloseHandshakeTimeout).ConfigureAwait(false);
    }

    private void RecordClose(GatewayConnection connection, int? code, string? reason, GatewayCloseSource source)
    {
        lock (SyncRoot)
        {
            _closes.Add(new GatewayClose(connection.Number, code, reason, source, DateTimeOffset.UtcNow));
        }
    }

    private static string? GetString(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.TryGetValue(out string? text) ? text : null;
}
