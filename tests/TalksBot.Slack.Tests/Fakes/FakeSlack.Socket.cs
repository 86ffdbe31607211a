using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace TalksBot.Slack.Tests.Fakes;

public sealed partial class FakeSlack
{
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan AckMonitorInterval = TimeSpan.FromMilliseconds(50);

    private readonly Dictionary<string, DateTimeOffset> _tickets = new(StringComparer.Ordinal);
    private readonly List<SocketConnection> _connections = [];
    private readonly List<string> _connectUrls = [];
    private readonly List<SocketFrame> _receivedFrames = [];
    private readonly List<SocketFrame> _sentFrames = [];
    private readonly List<SentEnvelope> _sentEnvelopes = [];
    private readonly List<SentEnvelope> _pending = [];
    private readonly List<SocketAck> _acks = [];
    private readonly List<UnackedEnvelope> _unacked = [];
    private readonly List<DisconnectRecord> _disconnects = [];
    private readonly List<SocketClose> _closes = [];
    private readonly Dictionary<string, DateTimeOffset> _deliveredTriggers = new(StringComparer.Ordinal);
    private int _connectionCount;
    private int _rejectedSocketCount;

    /// <summary>WebSocket connections accepted so far (numbers are 1-based in that order).</summary>
    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    /// <summary>Socket connects refused with 401 (unknown or used ticket).</summary>
    public int RejectedSocketCount => Volatile.Read(ref _rejectedSocketCount);

    /// <summary>Open connections (including ones that got a disconnect and wait for their grace time).</summary>
    public int LiveConnectionCount => Snapshot(() => _connections.Count(c => c.IsLive));

    /// <summary>Numbers of the open connections, oldest first.</summary>
    public IReadOnlyList<int> LiveConnections => Snapshot(() => _connections.Where(c => c.IsLive).Select(c => c.Number).ToArray());

    /// <summary>Path and query of each accepted WebSocket connect.</summary>
    public IReadOnlyList<string> ConnectUrls => Snapshot(() => _connectUrls.ToArray());

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
        lock (_lock)
        {
            _disconnects.Add(new DisconnectRecord(reason, target.Number, DateTimeOffset.UtcNow, null, null, null));
        }

        await SendJsonAsync(target, frame).ConfigureAwait(false);
        var grace = reason is "refresh_requested" or "warning" ? TimeSpan.FromMilliseconds(_options.DisconnectGraceMs) : TimeSpan.Zero;
        StartBackground(CloseAfterGraceAsync(target, grace));
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
        lock (_lock)
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

    private async Task<SocketConnection> FindConnectionAsync(int? number, string action, bool allowDisconnecting = false)
    {
        var limit = _options.ControlTimeout;
        var deadline = DateTimeOffset.UtcNow + limit;
        while (true)
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            SocketConnection? found;
            lock (_lock)
            {
                found = number is null
                    ? _connections.LastOrDefault(c => c.IsLive && (allowDisconnecting || !c.Disconnecting))
                    : _connections.FirstOrDefault(c => c.Number == number && c.IsLive);
            }

            if (found is not null)
            {
                return found;
            }

            if (number is not null && number <= ConnectionCount)
            {
                throw new InvalidOperationException($"FakeSlack: connection #{number} is not live, cannot {action}. {Describe()}");
            }

            if (DateTimeOffset.UtcNow >= deadline)
            {
                var which = number is null ? "Socket Mode connection" : $"Socket Mode connection #{number}";
                throw new TimeoutException($"FakeSlack: no live {which} to {action} within {limit.TotalSeconds:0.###} s. {Describe()}");
            }

            await Task.Delay(PollInterval).ConfigureAwait(false);
        }
    }

    private string NewTicket()
    {
        var ticket = Guid.NewGuid().ToString();
        lock (_lock)
        {
            _tickets[ticket] = DateTimeOffset.UtcNow;
        }

        return ticket;
    }

    private async Task RunSocketAsync(HttpContext context)
    {
        var ticket = context.Request.Query["ticket"].ToString();
        bool valid;
        lock (_lock)
        {
            valid = _tickets.Remove(ticket);
        }

        if (!valid || !context.WebSockets.IsWebSocketRequest)
        {
            Interlocked.Increment(ref _rejectedSocketCount);
            context.Response.StatusCode = valid ? StatusCodes.Status400BadRequest : StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync(valid ? "Expected a WebSocket upgrade." : "invalid or used ticket", _shutdown.Token).ConfigureAwait(false);
            return;
        }

        var url = context.Request.Path.Value + context.Request.QueryString.Value;
        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token, context.RequestAborted);
        using var connection = new SocketConnection(Interlocked.Increment(ref _connectionCount), socket, context, cancellation);
        int live;
        lock (_lock)
        {
            _connections.Add(connection);
            _connectUrls.Add(url);
            live = _connections.Count(c => c.IsLive);
        }

        var closedByClient = false;
        try
        {
            var hello = new JsonObject
            {
                ["type"] = "hello",
                ["num_connections"] = live,
                ["debug_info"] = new JsonObject { ["host"] = "fake", ["approximate_connection_time"] = 18060 },
                ["connection_info"] = new JsonObject { ["app_id"] = _options.AppId },
            };
            await SendJsonAsync(connection, hello).ConfigureAwait(false);
            closedByClient = await ReceiveLoopAsync(connection).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            // Dropped, aborted, timed out or shutting down.
        }
        finally
        {
            if (!closedByClient && !connection.CloseSent && !_shutdown.IsCancellationRequested)
            {
                RecordClose(connection, null, null, SocketCloseSource.Dropped);
            }

            connection.MarkEnded();
        }
    }

    /// <summary>Reads frames until the close handshake; returns whether the client sent the close first.</summary>
    private async Task<bool> ReceiveLoopAsync(SocketConnection connection)
    {
        var buffer = new byte[8192];
        using var message = new MemoryStream();
        while (true)
        {
            message.SetLength(0);
            ValueWebSocketReceiveResult result;
            do
            {
                result = await connection.Socket.ReceiveAsync(buffer.AsMemory(), connection.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);

            if (result.MessageType == WebSocketMessageType.Close)
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
            lock (_lock)
            {
                _receivedFrames.Add(new SocketFrame(connection.Number, json, raw, now));
                if (json?["envelope_id"] is JsonValue idValue && idValue.TryGetValue(out string? envelopeId) && envelopeId is not null)
                {
                    RecordAck(envelopeId, json["payload"]?.DeepClone(), now, connection.Number);
                }
            }
        }
    }

    /// <summary>Call under <see cref="_lock"/>.</summary>
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
                lock (_lock)
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
                    lock (_lock)
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
                await Task.Delay(grace, _shutdown.Token).ConfigureAwait(false);
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
        if (connection.TryMarkCloseSent())
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(connection.Token);
            timeout.CancelAfter(CloseHandshakeTimeout);
            await socket.CloseOutputAsync(status ?? WebSocketCloseStatus.NormalClosure, socket.CloseStatusDescription, timeout.Token).ConfigureAwait(false);
            return true;
        }

        return false;
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

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(connection.Token);
            timeout.CancelAfter(SendTimeout);
            await connection.Socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, endOfMessage: true, timeout.Token).ConfigureAwait(false);
            lock (_lock)
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
        try
        {
            await connection.SendLock.WaitAsync(connection.Token).ConfigureAwait(false);
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(connection.Token);
                timeout.CancelAfter(CloseHandshakeTimeout);
                await connection.Socket.CloseOutputAsync(status, reason, timeout.Token).ConfigureAwait(false);
            }
            finally
            {
                connection.SendLock.Release();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The client is already gone.
        }

        // The fake drops the TCP connection soon after its close frame if the client does not answer.
        connection.EndAfter(CloseHandshakeTimeout);
    }

    private void RecordClose(SocketConnection connection, int? code, string? reason, SocketCloseSource source)
    {
        lock (_lock)
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
