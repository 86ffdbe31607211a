using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using TalksBot.Testing;

namespace TalksBot.Slack.Tests.Fakes;

public sealed partial class FakeSlack
{
    private static readonly TimeSpan AckMonitorInterval = TimeSpan.FromMilliseconds(50);

    private readonly Dictionary<string, DateTimeOffset> _tickets = new(StringComparer.Ordinal);
    private readonly List<SocketConnection> _connections = [];
    private readonly List<SocketFrame> _receivedFrames = [];
    private readonly List<SocketFrame> _sentFrames = [];
    private readonly List<SentEnvelope> _sentEnvelopes = [];
    private readonly List<SentEnvelope> _pending = [];
    private readonly List<SocketAck> _acks = [];
    private readonly List<UnackedEnvelope> _unacked = [];
    private readonly List<DisconnectRecord> _disconnects = [];
    private readonly List<SocketClose> _closes = [];
    private readonly Dictionary<string, DateTimeOffset> _deliveredTriggers = new(StringComparer.Ordinal);
    private int _rejectedSocketCount;
    private int _helloWithheld;

    /// <summary>Socket connects refused with 401 (unknown or used ticket).</summary>
    public int RejectedSocketCount => Volatile.Read(ref _rejectedSocketCount);

    /// <summary>Numbers of the open connections, oldest first.</summary>
    public IReadOnlyList<int> LiveConnections => Snapshot(() => _connections.Where(c => c.IsLive).Select(c => c.Number).ToArray());

    /// <summary>Every text frame a client sent, in arrival order.</summary>
    public IReadOnlyList<SocketFrame> ReceivedFrames => Snapshot(() => _receivedFrames.ToArray());

    /// <summary>Every frame the fake sent (hello, envelopes, disconnects).</summary>
    public IReadOnlyList<SocketFrame> SentFrames => Snapshot(() => _sentFrames.ToArray());

    /// <summary>Every envelope delivery (redeliveries too), in order.</summary>
    public IReadOnlyList<SentEnvelope> SentEnvelopes => Snapshot(() => _sentEnvelopes.ToArray());

    /// <summary>Every ack a client sent, in arrival order (an envelope delivered twice should be acked twice).</summary>
    public IReadOnlyList<SocketAck> Acks => Snapshot(() => _acks.ToArray());

    /// <summary>Deliveries that got no ack within <see cref="FakeSlackOptions.AckTimeout"/>.</summary>
    public IReadOnlyList<UnackedEnvelope> UnackedEnvelopes => Snapshot(() => _unacked.ToArray());

    public IReadOnlyList<DisconnectRecord> Disconnects => Snapshot(() => _disconnects.ToArray());

    public IReadOnlyList<SocketClose> Closes => Snapshot(() => _closes.ToArray());

    /// <summary>
    /// Sends <c>{"envelope_id","type","payload","accepts_response_payload","retry_attempt":0,"retry_reason":""}</c> to connection
    /// <paramref name="connection"/>, or to the newest live connection that has not been told to disconnect. A top-level
    /// <c>response_url</c> equal to <see cref="FakeSlackPayloads.AutoResponseUrl"/> is replaced (in <paramref name="payload"/> itself,
    /// so the test can read it) with <see cref="NewResponseUrl"/>. Pass the same <paramref name="envelopeId"/> again to redeliver.
    /// Returns the envelope id. <paramref name="type"/> is <c>slash_commands</c>, <c>interactive</c> or <c>events_api</c>.
    /// </summary>
    public async Task<string> SendEnvelopeAsync(string type, JsonObject payload, bool acceptsResponsePayload = true, string? envelopeId = null, int? connection = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(payload);
        FillResponseUrl(payload);
        var target = await FindConnectionAsync(connection, $"send a {type} envelope").ConfigureAwait(false);
        var id = envelopeId ?? Guid.NewGuid().ToString();
        await DeliverAsync(target, id, type, (JsonObject)payload.DeepClone(), acceptsResponsePayload, retryAttempt: 0).ConfigureAwait(false);
        return id;
    }

    /// <summary>The first ack for <paramref name="envelopeId"/>; throws <see cref="TimeoutException"/> when none comes in time.</summary>
    public Task<SocketAck> WaitForAckAsync(string envelopeId, TimeSpan timeout) =>
        WaitForAsync(s => s.Acks.FirstOrDefault(a => a.EnvelopeId == envelopeId), timeout, $"an ack of envelope {envelopeId}");

    /// <summary>
    /// Sends <c>{"type":"disconnect","reason":…}</c>. For <c>refresh_requested</c> and <c>warning</c> the fake closes that socket after
    /// <see cref="FakeSlackOptions.DisconnectGraceMs"/>; for any other reason (link_disabled, too_many_websockets, …) right away.
    /// The outcome is in <see cref="Disconnects"/>.
    /// </summary>
    public async Task SendDisconnectAsync(string reason, int? connection = null)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var target = await FindConnectionAsync(connection, $"send disconnect {reason}").ConfigureAwait(false);
        var frame = new JsonObject
        {
            ["type"] = "disconnect",
            ["reason"] = reason,
            ["debug_info"] = new JsonObject { ["host"] = "fake" },
        };
        target.MarkDisconnecting();
        lock (SyncRoot)
        {
            _disconnects.Add(new DisconnectRecord(reason, target.Number, DateTimeOffset.UtcNow, null, null, null));
        }

        await SendJsonAsync(target, frame).ConfigureAwait(false);
        var grace = reason is "refresh_requested" or "warning" ? TimeSpan.FromMilliseconds(_options.DisconnectGraceMs) : TimeSpan.Zero;
        StartBackground(CloseAfterGraceAsync(target, grace));
    }

    /// <summary>
    /// Sends <paramref name="text"/> as one text frame exactly as given (not JSON, a wrong type, an envelope without its id) to
    /// connection <paramref name="connection"/> or the newest live one that was not told to disconnect.
    /// </summary>
    public async Task SendRawAsync(string text, int? connection = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var target = await FindConnectionAsync(connection, "send a raw frame").ConfigureAwait(false);
        JsonObject? json;
        try
        {
            json = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            json = null;
        }

        await target.SendLock.WaitAsync(target.Token).ConfigureAwait(false);
        try
        {
            await target.SendTextLockedAsync(text, SendTimeout).ConfigureAwait(false);
            lock (SyncRoot)
            {
                _sentFrames.Add(new SocketFrame(target.Number, json, text, DateTimeOffset.UtcNow));
            }
        }
        finally
        {
            target.SendLock.Release();
        }
    }

    /// <summary>The next <paramref name="connections"/> sockets get no hello (a Slack that accepts the connection and then says nothing).</summary>
    public void WithholdHello(int connections = 1) => Interlocked.Add(ref _helloWithheld, connections);

    private bool TakeWithheldHello()
    {
        while (true)
        {
            var withheld = Volatile.Read(ref _helloWithheld);
            if (withheld <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _helloWithheld, withheld - 1, withheld) == withheld)
            {
                return true;
            }
        }
    }

    /// <summary>Aborts a connection (the newest live one by default) without a close frame.</summary>
    public async Task DropAsync(int? connection = null)
    {
        var target = await FindConnectionAsync(connection, "drop", allowDisconnecting: true).ConfigureAwait(false);
        RecordClose(target, null, null, SocketCloseSource.Dropped);
        target.TryMarkCloseSent();
        target.Abort();
    }

    /// <summary>Closes a connection with a close frame (code 1000 by default), as Slack does at the end of a disconnect.</summary>
    public async Task CloseAsync(int? connection = null, WebSocketCloseStatus status = WebSocketCloseStatus.NormalClosure, string reason = "")
    {
        var target = await FindConnectionAsync(connection, "close", allowDisconnecting: true).ConfigureAwait(false);
        await ServerCloseAsync(target, status, reason).ConfigureAwait(false);
    }

    private void FillResponseUrl(JsonObject payload)
    {
        if (payload["response_url"] is JsonValue value && value.TryGetValue(out string? url) && url == FakeSlackPayloads.AutoResponseUrl)
        {
            payload["response_url"] = NewResponseUrl();
        }
    }

    private async Task DeliverAsync(SocketConnection target, string envelopeId, string type, JsonObject payload, bool acceptsResponsePayload, int retryAttempt)
    {
        var envelope = new JsonObject
        {
            ["envelope_id"] = envelopeId,
            ["type"] = type,
            ["payload"] = payload.DeepClone(),
            ["accepts_response_payload"] = acceptsResponsePayload,
            ["retry_attempt"] = retryAttempt,
            ["retry_reason"] = retryAttempt == 0 ? "" : "timeout",
        };
        var record = new SentEnvelope(envelopeId, type, payload, acceptsResponsePayload, retryAttempt, target.Number, DateTimeOffset.UtcNow);
        lock (SyncRoot)
        {
            _sentEnvelopes.Add(record);
            _pending.Add(record);
            if (payload["trigger_id"] is JsonValue trigger && trigger.TryGetValue(out string? triggerId) && triggerId is not null)
            {
                _deliveredTriggers.TryAdd(triggerId, record.Time);
            }
        }

        await SendJsonAsync(target, envelope).ConfigureAwait(false);
    }

    private Task<SocketConnection> FindConnectionAsync(int? number, string action, bool allowDisconnecting = false)
    {
        var limit = _options.ControlTimeout;
        return Polling.WaitForAsync(
            () =>
            {
                var found = Snapshot(() => number is null
                    ? _connections.LastOrDefault(c => c.IsLive && (allowDisconnecting || !c.Disconnecting))
                    : _connections.FirstOrDefault(c => c.Number == number && c.IsLive));
                return found is null && number is not null && number <= ConnectionCount
                    ? throw new InvalidOperationException($"FakeSlack: connection #{number} is not live, cannot {action}. {Describe()}")
                    : found;
            },
            limit,
            () => $"FakeSlack: no live {(number is null ? "Socket Mode connection" : $"Socket Mode connection #{number}")} to {action} within {limit.TotalSeconds:0.###} s. {Describe()}",
            () => EnsureNotDisposed());
    }

    private string NewTicket()
    {
        var ticket = Guid.NewGuid().ToString();
        lock (SyncRoot)
        {
            _tickets[ticket] = DateTimeOffset.UtcNow;
        }

        return ticket;
    }

    private async Task RunSocketAsync(HttpContext context)
    {
        var ticket = context.Request.Query["ticket"].ToString();
        bool valid;
        lock (SyncRoot)
        {
            valid = _tickets.Remove(ticket);
        }

        if (!valid || !context.WebSockets.IsWebSocketRequest)
        {
            Interlocked.Increment(ref _rejectedSocketCount);
            context.Response.StatusCode = valid ? StatusCodes.Status400BadRequest : StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync(valid ? "Expected a WebSocket upgrade." : "invalid or used ticket", ShutdownToken).ConfigureAwait(false);
            return;
        }

        var live = 0;
        await RunWebSocketAsync(
            context,
            (number, socket, cancellation) =>
            {
                var connection = new SocketConnection(number, socket, context, cancellation);
                _connections.Add(connection);
                live = _connections.Count(c => c.IsLive);
                return connection;
            },
            async connection =>
            {
                if (TakeWithheldHello())
                {
                    return await ReceiveLoopAsync(connection).ConfigureAwait(false);
                }

                var hello = new JsonObject
                {
                    ["type"] = "hello",
                    ["num_connections"] = live,
                    ["debug_info"] = new JsonObject { ["host"] = "fake", ["approximate_connection_time"] = 18060 },
                    ["connection_info"] = new JsonObject { ["app_id"] = _options.AppId },
                };
                await SendJsonAsync(connection, hello).ConfigureAwait(false);
                return await ReceiveLoopAsync(connection).ConfigureAwait(false);
            },
            connection => RecordClose(connection, null, null, SocketCloseSource.Dropped)).ConfigureAwait(false);
    }

    /// <summary>Reads frames until the close handshake; returns whether the client sent the close first.</summary>
    private async Task<bool> ReceiveLoopAsync(SocketConnection connection)
    {
        var buffer = new byte[8192];
        using var message = new MemoryStream();
        while (true)
        {
            var (type, _) = await connection.ReceiveMessageAsync(buffer, message).ConfigureAwait(false);
            if (type == WebSocketMessageType.Close)
            {
                return await OnClientCloseAsync(connection).ConfigureAwait(false);
            }

            var raw = Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
            JsonObject? json;
            try
            {
                json = JsonNode.Parse(raw) as JsonObject;
            }
            catch (JsonException)
            {
                json = null;
            }

            var now = DateTimeOffset.UtcNow;
            lock (SyncRoot)
            {
                _receivedFrames.Add(new SocketFrame(connection.Number, json, raw, now));
                if (json?["envelope_id"] is JsonValue idValue && idValue.TryGetValue(out string? envelopeId) && envelopeId is not null)
                {
                    RecordAck(envelopeId, json["payload"]?.DeepClone(), now, connection.Number);
                }
            }
        }
    }

    /// <summary>Call under <c>SyncRoot</c>.</summary>
    private void RecordAck(string envelopeId, JsonNode? payload, DateTimeOffset now, int connection)
    {
        var index = _pending.FindIndex(p => p.EnvelopeId == envelopeId);
        TimeSpan? latency = null;
        if (index >= 0)
        {
            latency = now - _pending[index].Time;
            _pending.RemoveAt(index);
        }

        _acks.Add(new SocketAck(envelopeId, payload, now, connection) { Latency = latency });
    }

    private async Task MonitorAcksAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(AckMonitorInterval, cancellationToken).ConfigureAwait(false);
                List<SentEnvelope> expired;
                var now = DateTimeOffset.UtcNow;
                lock (SyncRoot)
                {
                    expired = _pending.Where(p => now - p.Time >= _options.AckTimeout).ToList();
                    foreach (var envelope in expired)
                    {
                        _pending.Remove(envelope);
                        _unacked.Add(new UnackedEnvelope(envelope.EnvelopeId, envelope.Type, envelope.RetryAttempt, envelope.Connection, envelope.Time));
                    }
                }

                if (!_options.RedeliverUnacked)
                {
                    continue;
                }

                foreach (var envelope in expired.Where(e => e.RetryAttempt == 0))
                {
                    SocketConnection? target;
                    lock (SyncRoot)
                    {
                        target = _connections.LastOrDefault(c => c.IsLive && !c.Disconnecting);
                    }

                    if (target is null)
                    {
                        continue;
                    }

                    try
                    {
                        await DeliverAsync(target, envelope.EnvelopeId, envelope.Type, envelope.Payload, envelope.AcceptsResponsePayload, retryAttempt: 1).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
                    {
                        // The connection went away; the redelivery is lost, as it would be on Slack.
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutdown.
        }
        catch (Exception ex)
        {
            RecordError(ex);
        }
    }

    private async Task CloseAfterGraceAsync(SocketConnection connection, TimeSpan grace)
    {
        try
        {
            if (grace > TimeSpan.Zero)
            {
                await Task.Delay(grace, ShutdownToken).ConfigureAwait(false);
            }

            await ServerCloseAsync(connection, WebSocketCloseStatus.NormalClosure, "").ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Shutdown.
        }
        catch (Exception ex)
        {
            RecordError(ex);
        }
    }

    private async Task<bool> OnClientCloseAsync(SocketConnection connection)
    {
        var socket = connection.Socket;
        var status = socket.CloseStatus;
        RecordClose(connection, status is null ? null : (int)status, socket.CloseStatusDescription, SocketCloseSource.Client);
        return await connection.AnswerClientCloseAsync(CloseHandshakeTimeout).ConfigureAwait(false);
    }

    private async Task SendJsonAsync(SocketConnection connection, JsonObject frame)
    {
        var json = frame.ToJsonString();
        await connection.SendLock.WaitAsync(connection.Token).ConfigureAwait(false);
        try
        {
            if (connection.CloseSent)
            {
                throw new InvalidOperationException($"FakeSlack: connection #{connection.Number} is closing; cannot send {Shorten(json)}.");
            }

            await connection.SendTextLockedAsync(json, SendTimeout).ConfigureAwait(false);
            lock (SyncRoot)
            {
                _sentFrames.Add(new SocketFrame(connection.Number, frame, json, DateTimeOffset.UtcNow));
            }
        }
        finally
        {
            connection.SendLock.Release();
        }
    }

    private async Task ServerCloseAsync(SocketConnection connection, WebSocketCloseStatus status, string reason)
    {
        if (connection.IsEnded || !connection.TryMarkCloseSent())
        {
            return;
        }

        RecordClose(connection, (int)status, reason, SocketCloseSource.Server);
        await connection.SendCloseAsync(status, reason, CloseHandshakeTimeout).ConfigureAwait(false);
    }

    private void RecordClose(SocketConnection connection, int? code, string? reason, SocketCloseSource source)
    {
        lock (SyncRoot)
        {
            var now = DateTimeOffset.UtcNow;
            _closes.Add(new SocketClose(connection.Number, code, reason, source, now));
            for (var i = 0; i < _disconnects.Count; i++)
            {
                if (_disconnects[i].OldConnection == connection.Number && _disconnects[i].ClosedAt is null)
                {
                    var newest = _connections.Where(c => c.IsLive && c != connection).Select(c => (int?)c.Number).Max();
                    _disconnects[i] = _disconnects[i] with { ClosedAt = now, ClosedBy = source, NewestLiveConnectionAtClose = newest };
                }
            }
        }
    }
}
