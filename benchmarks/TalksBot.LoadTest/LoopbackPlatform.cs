using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TalksBot.LoadTest;

/// <summary>
/// A lean loopback Discord and Slack for load: Discord REST (<c>/api/v10</c>: gateway/bot, commands, interaction
/// callbacks, edits of @original, channel messages and typing), the Discord gateway WebSocket (<c>/gateway</c>), the
/// Slack Web API (<c>/api/slack</c>) with Socket Mode sockets (<c>/slack/socket</c>) and response_url
/// (<c>/response/{n}</c>). It answers as the platforms do, but only timestamps and counts: no request is kept, so
/// thousands a second cost little.
/// Interaction n has the id <see cref="InteractionId"/>(n) and the token <see cref="Token"/>(n); the message that
/// mentions the bot n has the id <see cref="MessageId"/>(n) on Discord and the ts <see cref="MentionTs"/>(n) on Slack.
/// </summary>
internal sealed class LoopbackPlatform : IAsyncDisposable
{
    public const string ApplicationId = "1100000000000000001";
    public const string GuildId = "1100000000000000002";
    public const string ChannelId = "1100000000000000003";

    /// <summary>The bot's user on Discord: READY's <c>user.id</c>, which is the application's id, as for a real bot.</summary>
    public const string DiscordBotUserId = ApplicationId;

    /// <summary>The bot's user on Slack, as events name it in <c>authorizations[0].user_id</c>.</summary>
    public const string SlackBotUserId = "U0LOADBOT";

    public const string SlackTeamId = "T0LOAD";
    public const string SlackAppId = "A0LOAD";
    public const string SlackChannelId = "C0LOAD";
    private const string TokenPrefix = "loadtoken-";
    private const string EnvelopePrefix = "envelope-";
    private const string EventEnvelopePrefix = "event-envelope-";
    private const ulong FirstMessageId = 1_300_000_000_000_000_000UL;
    private const long FirstMentionSecond = 1_700_000_000;
    private const int HeartbeatIntervalMs = 41_250;

    // EmbedRenderer's colour for error cards (0xD93025), as JsonObject writes it.
    private static readonly byte[] ErrorColour = Encoding.UTF8.GetBytes("\"color\":14496549");
    private static readonly byte[] SlowDown = Encoding.UTF8.GetBytes("Slow down");
    private static readonly byte[] Ephemeral = Encoding.UTF8.GetBytes("\"response_type\":\"ephemeral\"");
    private static readonly byte[] DeferredType = Encoding.UTF8.GetBytes("\"type\":5");

    private readonly WebApplication _app;
    private readonly LoadRecorder _recorder;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _gatewayReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _slackReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<SocketWriter> _slackSockets = [];
    private SocketWriter? _gateway;
    private string _registeredCommands = "[]";
    private int _slackRoundRobin;
    private int _callbacks;
    private int _edits;
    private int _threadReplies;
    private int _typing;
    private int _eventAcks;
    private int _otherRequests;

    private LoopbackPlatform(WebApplication app, LoadRecorder recorder)
    {
        _app = app;
        _recorder = recorder;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public Uri DiscordApiBaseUrl => new(BaseAddress, "/api/v10");

    public Uri SlackApiBaseUrl => new(BaseAddress, "/api/slack/");

    /// <summary>Completes when the bot's gateway shard has identified and been sent READY.</summary>
    public Task GatewayReady => _gatewayReady.Task;

    /// <summary>Completes when the first Socket Mode connection has been sent hello.</summary>
    public Task SlackReady => _slackReady.Task;

    public int SlackConnections
    {
        get
        {
            lock (_slackSockets)
            {
                return _slackSockets.Count;
            }
        }
    }

    /// <summary>
    /// Answers by kind (interaction callbacks, edits of @original, replies to mentions), typing indicators, acks of event
    /// envelopes, and other requests: command registration, gateway/bot, connections.open, other Web API calls.
    /// </summary>
    public string RequestCounts => $"callbacks {_callbacks}, edits {_edits}, thread replies {_threadReplies}, typing {_typing}, event acks {_eventAcks}, other {_otherRequests}";

    public static string InteractionId(int seq) => (1_200_000_000_000_000_000UL + (ulong)seq).ToString(CultureInfo.InvariantCulture);

    public static string Token(int seq) => TokenPrefix + seq.ToString(CultureInfo.InvariantCulture);

    public static string EnvelopeId(int seq) => EnvelopePrefix + seq.ToString(CultureInfo.InvariantCulture);

    public static string EventEnvelopeId(int seq) => EventEnvelopePrefix + seq.ToString(CultureInfo.InvariantCulture);

    /// <summary>The Discord message (a snowflake) that mentions the bot in interaction <paramref name="seq"/>.</summary>
    public static string MessageId(int seq) => (FirstMessageId + (ulong)seq).ToString(CultureInfo.InvariantCulture);

    /// <summary>The Slack message ts ("seconds.microseconds") that mentions the bot in interaction <paramref name="seq"/>.</summary>
    public static string MentionTs(int seq) =>
        $"{(FirstMentionSecond + seq / 1_000_000).ToString(CultureInfo.InvariantCulture)}.{(seq % 1_000_000).ToString("D6", CultureInfo.InvariantCulture)}";

    public static async Task<LoopbackPlatform> StartAsync(LoadRecorder recorder, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Limits.MaxConcurrentConnections = null;
        });
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(1));
        var app = builder.Build();
        var platform = new LoopbackPlatform(app, recorder);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        app.Run(platform.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        platform.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return platform;
    }

    /// <summary>Whether an answer's JSON is an error: an error-coloured embed, "Slow down", or (Slack) an ephemeral reply.</summary>
    public static bool IsErrorAnswer(ReadOnlySpan<byte> json) =>
        json.IndexOf(ErrorColour) >= 0 || json.IndexOf(SlowDown) >= 0 || json.IndexOf(Ephemeral) >= 0;

    /// <summary>Whether an interaction response is a deferral (type 5): the answer follows as an edit of @original.</summary>
    public static bool IsDeferral(ReadOnlySpan<byte> json) => json.IndexOf(DeferredType) >= 0;

    /// <summary>Sends a dispatch (INTERACTION_CREATE, MESSAGE_CREATE) over the gateway; the sequence number is assigned as it is written.</summary>
    public void Dispatch(int seq, long intended, string eventName, string dataJson)
    {
        var gateway = _gateway ?? throw new InvalidOperationException("No gateway connection.");
        gateway.Enqueue(new OutgoingFrame(seq, intended, dataJson, eventName));
    }

    /// <summary>Sends a Socket Mode envelope on the next open connection (round robin).</summary>
    public void Envelope(int seq, long intended, string envelopeJson)
    {
        SocketWriter socket;
        lock (_slackSockets)
        {
            socket = _slackSockets[_slackRoundRobin++ % _slackSockets.Count];
        }

        socket.Enqueue(new OutgoingFrame(seq, intended, envelopeJson, DispatchEvent: null));
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var method = context.Request.Method;
        try
        {
            if (path.StartsWith("/api/v10/", StringComparison.Ordinal))
            {
                await DiscordRestAsync(context, path["/api/v10/".Length..], method).ConfigureAwait(false);
            }
            else if (path == "/gateway")
            {
                await WebSocketAsync(context, GatewaySessionAsync).ConfigureAwait(false);
            }
            else if (path.StartsWith("/api/slack/", StringComparison.Ordinal))
            {
                await SlackApiAsync(context, path["/api/slack/".Length..]).ConfigureAwait(false);
            }
            else if (path == "/slack/socket")
            {
                await WebSocketAsync(context, SlackSessionAsync).ConfigureAwait(false);
            }
            else if (path.StartsWith("/response/", StringComparison.Ordinal) && method == "POST")
            {
                var body = await ReadBodyAsync(context.Request).ConfigureAwait(false);
                if (int.TryParse(path["/response/".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
                {
                    _recorder.Answered(seq, IsErrorAnswer(body), 200, body);
                }

                await WriteJsonAsync(context, 200, """{"ok":true}""").ConfigureAwait(false);
            }
            else
            {
                await WriteJsonAsync(context, 404, """{"message":"404: Not Found","code":0}""").ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or WebSocketException or ConnectionResetException)
        {
            // The bot went away or the run is over.
        }
    }

    private async Task DiscordRestAsync(HttpContext context, string route, string method)
    {
        var parts = route.Split('/');
        if (method == "POST" && parts is ["interactions", _, var token, "callback"])
        {
            var body = await ReadBodyAsync(context.Request).ConfigureAwait(false);
            Interlocked.Increment(ref _callbacks);
            if (SeqOf(token) is { } seq)
            {
                if (IsDeferral(body))
                {
                    _recorder.Deferred(seq);
                }
                else
                {
                    _recorder.Answered(seq, IsErrorAnswer(body), 200, body);
                }
            }

            context.Response.StatusCode = 204;
            return;
        }

        if (method == "PATCH" && parts is ["webhooks", _, var editToken, "messages", "@original"])
        {
            var body = await ReadBodyAsync(context.Request).ConfigureAwait(false);
            Interlocked.Increment(ref _edits);
            if (SeqOf(editToken) is { } seq)
            {
                _recorder.Answered(seq, IsErrorAnswer(body), 200, body);
            }

            await WriteJsonAsync(context, 200, $$"""{"id":"{{InteractionId(0)}}","channel_id":"{{ChannelId}}","content":"","embeds":[]}""").ConfigureAwait(false);
            return;
        }

        if (method == "POST" && parts is ["channels", _, "messages"])
        {
            // A reply to a mention names the message it answers; any other message is only counted.
            var body = await ReadBodyAsync(context.Request).ConfigureAwait(false);
            if (MessageSeqOf(StringAt(body, "message_reference"u8, "message_id"u8)) is { } seq)
            {
                Interlocked.Increment(ref _threadReplies);
                _recorder.Answered(seq, IsErrorAnswer(body), 200, body);
            }
            else
            {
                Interlocked.Increment(ref _otherRequests);
            }

            await WriteJsonAsync(context, 200, $$"""{"id":"{{InteractionId(0)}}","channel_id":"{{ChannelId}}","type":19,"content":"","embeds":[]}""").ConfigureAwait(false);
            return;
        }

        if (method == "POST" && parts is ["channels", _, "typing"])
        {
            // "TalksBot is typing…": shown when an answer is slow; not an answer.
            Interlocked.Increment(ref _typing);
            context.Response.StatusCode = 204;
            return;
        }

        Interlocked.Increment(ref _otherRequests);
        if (method == "GET" && route == "gateway/bot")
        {
            var url = new Uri(BaseAddress, "/gateway").ToString().Replace("http://", "ws://", StringComparison.Ordinal);
            await WriteJsonAsync(context, 200, $$$"""{"url":"{{{url}}}","shards":1,"session_start_limit":{"total":1000,"remaining":999,"reset_after":86400000,"max_concurrency":1}}""").ConfigureAwait(false);
            return;
        }

        if (parts is ["applications", ApplicationId, "commands"] or ["applications", ApplicationId, "guilds", _, "commands"])
        {
            if (method == "PUT")
            {
                // Discord answers a bulk overwrite with the commands as registered.
                _registeredCommands = Encoding.UTF8.GetString(await ReadBodyAsync(context.Request).ConfigureAwait(false));
            }

            await WriteJsonAsync(context, 200, _registeredCommands).ConfigureAwait(false);
            return;
        }

        await WriteJsonAsync(context, 404, """{"message":"Unknown route","code":0}""").ConfigureAwait(false);
    }

    private async Task SlackApiAsync(HttpContext context, string method)
    {
        var body = await ReadBodyAsync(context.Request).ConfigureAwait(false);

        // A reply in a mention's thread answers it; a private one there (chat.postEphemeral: "Slow down", an apology) is an error.
        if (method is "chat.postMessage" or "chat.postEphemeral" && MentionSeqOf(StringAt(body, "thread_ts"u8)) is { } seq)
        {
            Interlocked.Increment(ref _threadReplies);
            _recorder.Answered(seq, method == "chat.postEphemeral" || IsErrorAnswer(body), 200, body);
            await WriteJsonAsync(context, 200, $$"""{"ok":true,"channel":"{{SlackChannelId}}","ts":"1800000000.000100","message_ts":"1800000000.000100"}""").ConfigureAwait(false);
            return;
        }

        Interlocked.Increment(ref _otherRequests);
        if (method == "apps.connections.open")
        {
            if (!context.Request.Headers.Authorization.ToString().StartsWith("Bearer xapp-", StringComparison.Ordinal))
            {
                await WriteJsonAsync(context, 200, """{"ok":false,"error":"not_authed"}""").ConfigureAwait(false);
                return;
            }

            var url = new Uri(BaseAddress, "/slack/socket").ToString().Replace("http://", "ws://", StringComparison.Ordinal);
            await WriteJsonAsync(context, 200, $$"""{"ok":true,"url":"{{url}}"}""").ConfigureAwait(false);
            return;
        }

        // chat.postMessage, chat.postEphemeral …: accepted, not kept.
        await WriteJsonAsync(context, 200, """{"ok":true,"channel":"C0LOAD","ts":"1800000000.000100"}""").ConfigureAwait(false);
    }

    /// <summary>Accepts a WebSocket and runs <paramref name="session"/> on it with its own writer, until the peer or the run ends.</summary>
    private async Task WebSocketAsync(HttpContext context, Func<WebSocket, SocketWriter, CancellationToken, Task> session)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, context.RequestAborted);
        var writer = new SocketWriter(socket, _recorder, connection.Token);
        try
        {
            await session(socket, writer, connection.Token).ConfigureAwait(false);
        }
        finally
        {
            writer.Complete();
            await writer.Completion.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task GatewaySessionAsync(WebSocket socket, SocketWriter writer, CancellationToken cancellationToken)
    {
        writer.Enqueue(OutgoingFrame.Raw($$"""{"op":10,"d":{"heartbeat_interval":{{HeartbeatIntervalMs}}},"s":null,"t":null}"""));
        while (await ReceiveAsync(socket, cancellationToken).ConfigureAwait(false) is { } frame)
        {
            using var document = frame;
            var op = document.RootElement.GetProperty("op").GetInt32();
            switch (op)
            {
                case 1:
                    writer.Enqueue(OutgoingFrame.Raw("""{"op":11,"d":null,"s":null,"t":null}"""));
                    break;
                case 2:
                    var resumeUrl = new Uri(BaseAddress, "/gateway").ToString().Replace("http://", "ws://", StringComparison.Ordinal).TrimEnd('/');
                    var ready = $$$"""{"op":0,"t":"READY","s":1,"d":{"v":10,"session_id":"load-session","resume_gateway_url":"{{{resumeUrl}}}","user":{"id":"{{{DiscordBotUserId}}}","username":"TalksBot","discriminator":"0","bot":true},"guilds":[],"shard":[0,1],"application":{"id":"{{{ApplicationId}}}","flags":0""";
                    writer.Enqueue(OutgoingFrame.Raw(ready + "}}}"));
                    writer.NextSequence = 2;
                    _gateway = writer;
                    _gatewayReady.TrySetResult();
                    break;
                case 6:
                    writer.Enqueue(OutgoingFrame.Raw($$$"""{"op":0,"t":"RESUMED","s":{{{writer.NextSequence}}},"d":{}}"""));
                    writer.NextSequence++;
                    _gateway = writer;
                    break;
            }
        }
    }

    private async Task SlackSessionAsync(WebSocket socket, SocketWriter writer, CancellationToken cancellationToken)
    {
        int count;
        lock (_slackSockets)
        {
            _slackSockets.Add(writer);
            count = _slackSockets.Count;
        }

        writer.Enqueue(OutgoingFrame.Raw($$$"""{"type":"hello","num_connections":{{{count}}},"debug_info":{"host":"loopback","approximate_connection_time":18060},"connection_info":{"app_id":"{{{SlackAppId}}}"}}"""));

        _slackReady.TrySetResult();
        try
        {
            while (await ReceiveRawAsync(socket, cancellationToken).ConfigureAwait(false) is { } message)
            {
                OnSlackAck(message);
            }
        }
        finally
        {
            lock (_slackSockets)
            {
                _slackSockets.Remove(writer);
            }
        }
    }

    /// <summary>An ack: with a payload it is the answer; empty, the answer follows through response_url.</summary>
    private void OnSlackAck(byte[] message)
    {
        var reader = new Utf8JsonReader(message);
        string? envelopeId = null;
        var hasPayload = false;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
            {
                if (reader.ValueTextEquals("envelope_id"))
                {
                    reader.Read();
                    envelopeId = reader.GetString();
                }
                else if (reader.ValueTextEquals("payload"))
                {
                    hasPayload = true;
                    reader.Read();
                    reader.Skip();
                }
            }
        }

        if (envelopeId is not null && envelopeId.StartsWith(EventEnvelopePrefix, StringComparison.Ordinal))
        {
            // An event is acknowledged at once; its answer is a message in the thread (chat.postMessage).
            Interlocked.Increment(ref _eventAcks);
            return;
        }

        if (envelopeId is null || SeqOf(envelopeId, EnvelopePrefix) is not { } seq)
        {
            return;
        }

        if (hasPayload)
        {
            _recorder.Answered(seq, IsErrorAnswer(message), 200, message);
        }
        else
        {
            _recorder.Deferred(seq);
        }
    }

    private static int? SeqOf(string token, string prefix = TokenPrefix) =>
        token.StartsWith(prefix, StringComparison.Ordinal) &&
        int.TryParse(token.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var seq) ? seq : null;

    /// <summary>The interaction whose mention is the Discord message <paramref name="messageId"/>, if it is one.</summary>
    private int? MessageSeqOf(string? messageId) =>
        ulong.TryParse(messageId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id >= FirstMessageId && id - FirstMessageId < (ulong)_recorder.Capacity
            ? (int)(id - FirstMessageId)
            : null;

    /// <summary>The interaction whose mention has the Slack ts <paramref name="ts"/>, if it is one.</summary>
    private int? MentionSeqOf(string? ts)
    {
        if (ts?.Split('.') is not [var seconds, { Length: 6 } micros] ||
            !long.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var second) ||
            !int.TryParse(micros, NumberStyles.None, CultureInfo.InvariantCulture, out var micro) ||
            second < FirstMentionSecond || second - FirstMentionSecond > _recorder.Capacity / 1_000_000)
        {
            return null;
        }

        var seq = (second - FirstMentionSecond) * 1_000_000 + micro;
        return seq < _recorder.Capacity ? (int)seq : null;
    }

    /// <summary>A string property of a JSON object (<paramref name="name"/>, or <paramref name="inner"/> inside the object <paramref name="name"/>); null when absent or not JSON.</summary>
    private static string? StringAt(ReadOnlySpan<byte> json, ReadOnlySpan<byte> name, ReadOnlySpan<byte> inner = default)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject ? PropertyString(ref reader, name, inner) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>With the reader on an object's start: the string <paramref name="name"/> (or <paramref name="inner"/> within it); other values are skipped.</summary>
    private static string? PropertyString(ref Utf8JsonReader reader, ReadOnlySpan<byte> name, ReadOnlySpan<byte> inner)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(name);
            reader.Read();
            if (match && inner.IsEmpty)
            {
                return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }

            if (match && reader.TokenType == JsonTokenType.StartObject)
            {
                return PropertyString(ref reader, inner, default);
            }

            reader.Skip();
        }

        return null;
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream(request.ContentLength is { } length and < 1_000_000 ? (int)length : 4096);
        await request.Body.CopyToAsync(buffer).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static async Task WriteJsonAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json).ConfigureAwait(false);
    }

    private static async Task<JsonDocument?> ReceiveAsync(WebSocket socket, CancellationToken cancellationToken) =>
        await ReceiveRawAsync(socket, cancellationToken).ConfigureAwait(false) is { } bytes ? JsonDocument.Parse(bytes) : null;

    /// <summary>One whole text message (frames joined to EndOfMessage), or null when the peer closed.</summary>
    private static async Task<byte[]?> ReceiveRawAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            using var message = new MemoryStream();
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (socket.State == WebSocketState.CloseReceived)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    }

                    return null;
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    return message.ToArray();
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A frame to send: a raw one, a gateway dispatch (<paramref name="DispatchEvent"/>) of interaction n, or a Slack envelope for interaction n.</summary>
    private sealed record OutgoingFrame(int Seq, long Intended, string Json, string? DispatchEvent)
    {
        public static OutgoingFrame Raw(string json) => new(-1, 0, json, DispatchEvent: null);
    }

    /// <summary>One writer per socket (a WebSocket allows one send at a time); timestamps interactions as they go out.</summary>
    private sealed class SocketWriter
    {
        private readonly Channel<OutgoingFrame> _frames = Channel.CreateUnbounded<OutgoingFrame>(new UnboundedChannelOptions { SingleReader = true });
        private readonly WebSocket _socket;
        private readonly LoadRecorder _recorder;

        public SocketWriter(WebSocket socket, LoadRecorder recorder, CancellationToken cancellationToken)
        {
            _socket = socket;
            _recorder = recorder;
            Completion = Task.Run(() => WriteAsync(cancellationToken), CancellationToken.None);
        }

        /// <summary>The gateway's next <c>s</c>.</summary>
        public long NextSequence { get; set; } = 1;

        public Task Completion { get; }

        public void Enqueue(OutgoingFrame frame) => _frames.Writer.TryWrite(frame);

        public void Complete() => _frames.Writer.TryComplete();

        private async Task WriteAsync(CancellationToken cancellationToken)
        {
            try
            {
                await foreach (var frame in _frames.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    var json = frame.DispatchEvent is { } eventName
                        ? $$"""{"op":0,"t":"{{eventName}}","s":{{NextSequence++}},"d":{{frame.Json}}}"""
                        : frame.Json;
                    var bytes = Encoding.UTF8.GetBytes(json);
                    if (frame.Seq >= 0)
                    {
                        _recorder.Sent(frame.Seq, frame.Intended);
                    }

                    await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
            {
                // The connection ended; interactions not sent stay unanswered.
            }
        }
    }
}
