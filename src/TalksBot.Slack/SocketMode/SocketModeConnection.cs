using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using TalksBot.Core.Health;
using TalksBot.Slack.Interactions;

namespace TalksBot.Slack.SocketMode;

/// <summary>How a Socket Mode connection ended.</summary>
internal enum SocketEnd
{
    /// <summary>Closed or lost: connect again (with backoff).</summary>
    Lost,

    /// <summary>Slack asked for a new connection (warning, refresh_requested); this one may still deliver until it closes.</summary>
    Replace,

    /// <summary>link_disabled: the app's Socket Mode was turned off; stop.</summary>
    Fatal,
}

/// <summary>
/// One Socket Mode WebSocket: waits for hello, acks every envelope (with the answer as payload when it is ready in
/// time), one send at a time, frames reassembled to EndOfMessage, keep-alive pings with a generous time-out.
/// </summary>
internal sealed class SocketModeConnection(
    int slot,
    SlackRequestProcessor processor,
    DeliveryDeduplicator deduplicator,
    SlackTuning tuning,
    ILogger logger,
    ReadinessComponent? readiness = null)
{
    private static readonly TimeSpan CloseHandshake = TimeSpan.FromSeconds(2);

    private readonly TaskCompletionSource<(SocketEnd End, string Reason)> _replace = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes as soon as Slack asks for a replacement (or the link is disabled), before the socket closes.</summary>
    public Task<(SocketEnd End, string Reason)> ReplaceRequested => _replace.Task;

    /// <summary>
    /// Runs the connection until the socket closes; returns how it ended. When <paramref name="cancellationToken"/> is
    /// cancelled no new envelope is taken, those in hand are answered under <paramref name="workToken"/> and acked, and then
    /// the socket closes (Slack redelivers whatever was not acked).
    /// </summary>
    public async Task<(SocketEnd End, string Reason)> RunAsync(Uri url, CancellationToken cancellationToken, CancellationToken workToken = default)
    {
        using var socket = new ClientWebSocket();
        using var sendLock = new SemaphoreSlim(1, 1);
        using var closing = new CancellationTokenSource();
        socket.Options.KeepAliveInterval = tuning.KeepAliveInterval;
        socket.Options.KeepAliveTimeout = tuning.KeepAliveTimeout;
        var work = new List<Task>();
        IDisposable? connected = null;
        using var stopping = cancellationToken.Register(() => _ = CloseWhenAnsweredAsync(socket, sendLock, work, closing, workToken));
        try
        {
            using (var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                connect.CancelAfter(tuning.HelloTimeout);
                await socket.ConnectAsync(url, connect.Token).ConfigureAwait(false);
                var hello = await ReceiveAsync(socket, connect.Token).ConfigureAwait(false);
                if (hello?["type"]?.GetValue<string>() != "hello")
                {
                    return (SocketEnd.Lost, "no hello");
                }

                Log.Connected(logger, slot, hello["num_connections"]?.GetValue<int>() ?? 1);
                connected = readiness?.Up();
            }

            while (true)
            {
                var message = await ReceiveAsync(socket, closing.Token).ConfigureAwait(false);
                if (message is null)
                {
                    return _replace.Task.IsCompleted ? await _replace.Task.ConfigureAwait(false) : (SocketEnd.Lost, $"closed {socket.CloseStatus} {socket.CloseStatusDescription}".Trim());
                }

                var type = message["type"]?.GetValue<string>();
                if (type == "disconnect")
                {
                    var reason = message["reason"]?.GetValue<string>() ?? "unknown";
                    var end = reason == "link_disabled" ? SocketEnd.Fatal : SocketEnd.Replace;
                    Log.Refresh(logger, slot, reason);
                    _replace.TrySetResult((end, reason));
                    if (end == SocketEnd.Fatal)
                    {
                        return (end, reason);
                    }

                    continue;
                }

                if (message["envelope_id"]?.GetValue<string>() is { } envelopeId && !cancellationToken.IsCancellationRequested)
                {
                    // Handled off the receive loop; the ack goes out from there, one send at a time.
                    lock (work)
                    {
                        work.RemoveAll(t => t.IsCompleted);
                        work.Add(Task.Run(() => AnswerEnvelopeAsync(socket, sendLock, envelopeId, type ?? "", message, workToken), CancellationToken.None));
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException or JsonException)
        {
            return _replace.Task.IsCompleted ? await _replace.Task.ConfigureAwait(false) : (SocketEnd.Lost, exception.Message);
        }
        finally
        {
            connected?.Dispose();
            Task[] pending;
            lock (work)
            {
                pending = [.. work];
            }

            await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (socket.State == WebSocketState.Open)
            {
                using var close = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", close.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>On shutdown: waits (within the grace period) for the envelopes in hand to be acked, then closes the socket.</summary>
    private static async Task CloseWhenAnsweredAsync(ClientWebSocket socket, SemaphoreSlim sendLock, List<Task> work, CancellationTokenSource closing, CancellationToken workToken)
    {
        try
        {
            Task[] pending;
            lock (work)
            {
                pending = [.. work];
            }

            await Task.WhenAll(pending).WaitAsync(workToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (socket.State != WebSocketState.Open)
            {
                await closing.CancelAsync().ConfigureAwait(false);
                return;
            }

            closing.CancelAfter(CloseHandshake);
            await sendLock.WaitAsync(closing.Token).ConfigureAwait(false);
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", closing.Token).ConfigureAwait(false);
            }
            finally
            {
                sendLock.Release();
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection is ending anyway.
        }
    }

    private async Task AnswerEnvelopeAsync(ClientWebSocket socket, SemaphoreSlim sendLock, string envelopeId, string type, JsonObject envelope, CancellationToken cancellationToken)
    {
        var payload = envelope["payload"] as JsonObject ?? [];
        var triggerId = payload["trigger_id"]?.GetValue<string>();
        JsonObject? answer = null;
        if (!deduplicator.FirstTime(envelopeId) || (triggerId is not null && !deduplicator.FirstTime("trigger:" + triggerId)))
        {
            Log.Duplicate(logger, envelopeId);
        }
        else
        {
            answer = await processor.HandleAsync(type, payload, cancellationToken).ConfigureAwait(false);
        }

        var ack = new JsonObject { ["envelope_id"] = envelopeId };
        if (answer is not null && envelope["accepts_response_payload"]?.GetValue<bool>() != false)
        {
            ack["payload"] = answer;
        }

        await SendAsync(socket, sendLock, ack, cancellationToken).ConfigureAwait(false);
    }

    private static async Task SendAsync(ClientWebSocket socket, SemaphoreSlim sendLock, JsonObject message, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        await sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        catch (WebSocketException)
        {
            // The socket went away; Slack redelivers an envelope that was not acked.
        }
        finally
        {
            sendLock.Release();
        }
    }

    private static async Task<JsonObject?> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            using var message = new MemoryStream();
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    return JsonNode.Parse(message.ToArray()) as JsonObject;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
