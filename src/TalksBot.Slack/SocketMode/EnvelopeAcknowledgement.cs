using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using TalksBot.Platform.WebSockets;
using TalksBot.Slack.Interactions;
using TalksBot.Slack.Protocol;

namespace TalksBot.Slack.SocketMode;

/// <summary>
/// The ack of one Socket Mode envelope, sent once on the connection it arrived on, with the answer as payload when the
/// envelope accepts one. When it cannot be sent (the connection went), Slack redelivers the envelope elsewhere, and the
/// answer in hand goes through the response_url instead.
/// </summary>
internal sealed class EnvelopeAcknowledgement(IWebSocketTransport transport, string envelopeId, bool acceptsResponsePayload, ILogger logger) : ISlackAcknowledgement
{
    private readonly TaskCompletionSource _sent = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;

    public string? DeliveryKey => DeliveryKeys.Envelope(envelopeId);

    /// <summary>Completes once the ack went out (or could not).</summary>
    public Task Sent => _sent.Task;

    public async Task<bool> TryAcknowledgeAsync(SlackResponse? payload, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            return false;
        }

        var carried = acceptsResponsePayload ? payload : null;
        try
        {
            await transport.SendJsonAsync(new SocketModeAck(envelopeId, carried), SlackJson.Default.SocketModeAck, cancellationToken).ConfigureAwait(false);
            return carried is not null || payload is null;
        }
        catch (Exception exception) when (exception is WebSocketException or InvalidOperationException or ObjectDisposedException or IOException or OperationCanceledException)
        {
            Log.AckNotSent(logger, envelopeId, exception.GetType().Name);
            return false;
        }
        finally
        {
            _sent.TrySetResult();
        }
    }
}
