using Microsoft.Extensions.Logging;
using TalksBot.Core;
using TalksBot.Core.Health;
using TalksBot.Platform.WebSockets;
using TalksBot.Slack.Interactions;
using TalksBot.Slack.Protocol;
using TalksBot.Slack.WebApi;

namespace TalksBot.Slack.SocketMode;

/// <summary>
/// Slack's Socket Mode protocol on one slot's connections (the <see cref="ReconnectingWebSocket"/> owns the sockets,
/// close handshakes and backoff): apps.connections.open for each connection, hello, every envelope acked once — with the
/// answer when it is ready in time — and handled off the receive loop, a <c>disconnect</c> warning or refresh answered with a
/// new connection before this one closes (any other disconnect, such as too_many_websockets, with a backoff),
/// <c>link_disabled</c> and refused credentials as a stop. A malformed frame drops the connection.
/// </summary>
internal sealed class SocketModeSession(
    int slot,
    SlackWebApiClient api,
    SlackRequestProcessor processor,
    SlackTuning tuning,
    ReadinessComponent readiness,
    ShutdownGrace grace,
    TimeProvider time,
    ILogger logger) : IWebSocketSession
{
    public async Task<ConnectTarget> PrepareAsync(CancellationToken cancellationToken)
    {
        try
        {
            return ConnectTarget.Connect(await api.OpenConnectionAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (SlackApiException refused) when (refused.IsFatal)
        {
            return ConnectTarget.DoNotConnect(SessionExit.Stop(
                $"Slack refused the app token ({refused.Error}). Check Slack:AppToken: an app-level token (xapp-…) with the connections:write scope, from the app's Basic Information page."));
        }
    }

    public async Task<SessionExit> RunAsync(SessionConnection connection, CancellationToken cancellationToken)
    {
        var transport = connection.Transport;
        if (await AwaitHelloAsync(transport, cancellationToken).ConfigureAwait(false) is { } noHello)
        {
            return noHello;
        }

        using var up = readiness.Up();
        var inHand = new List<Task>();
        try
        {
            while (true)
            {
                if (await transport.ReceiveAsync(cancellationToken).ConfigureAwait(false) is not ReceivedMessage message)
                {
                    var close = transport.PeerClose;
                    return SessionExit.ReconnectWithBackoff($"Slack closed the socket ({close?.Code} {close?.Description})".Trim());
                }

                var frame = message.Deserialize(SlackJson.Default.SocketModeFrame);
                switch (frame.Type)
                {
                    case SocketModeMessageType.Disconnect when frame.Reason == DisconnectReasons.LinkDisabled:
                        return SessionExit.Stop("Slack disabled the app's Socket Mode link (link_disabled). Turn Socket Mode back on for the app, or use HTTP mode (Slack:SigningSecret).");
                    case SocketModeMessageType.Disconnect when frame.Reason is DisconnectReasons.Warning or DisconnectReasons.RefreshRequested:
                        // The new connection opens now; this one delivers until Slack closes it.
                        connection.RequestReplacement($"Slack asked for a new connection ({frame.Reason})");
                        break;
                    case SocketModeMessageType.Disconnect:
                        // too_many_websockets and the like: another connection at once would be refused the same way.
                        return SessionExit.ReconnectWithBackoff($"Slack disconnected the socket ({frame.Reason ?? "no reason given"})");
                    case SocketModeMessageType.Hello:
                        break;
                    default:
                        // An envelope must say which envelope it is; an unknown message with an id is acked, one without is ignored.
                        if (frame.IsEnvelope || frame.EnvelopeId is not null)
                        {
                            inHand.RemoveAll(t => t.IsCompleted);
                            inHand.Add(StartAnswer(transport, MalformedMessageException.Required(frame.EnvelopeId, "envelope_id"), frame));
                        }

                        break;
                }
            }
        }
        finally
        {
            // Whatever is in hand is acked before the connection goes (unacked envelopes Slack redelivers elsewhere).
            await Task.WhenAll(inHand).WaitAsync(tuning.AckAfter + TimeSpan.FromSeconds(1), time, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Null once hello came; otherwise why this connection is given up.</summary>
    private async Task<SessionExit?> AwaitHelloAsync(IWebSocketTransport transport, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(tuning.HelloTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        ReceiveResult first;
        try
        {
            first = await transport.ReceiveAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return SessionExit.ReconnectWithBackoff($"no hello within {tuning.HelloTimeout.TotalSeconds:0.#} s");
        }

        if (first is not ReceivedMessage message)
        {
            return SessionExit.ReconnectWithBackoff("closed before hello");
        }

        var hello = message.Deserialize(SlackJson.Default.SocketModeFrame);
        if (hello.Type != SocketModeMessageType.Hello)
        {
            return SessionExit.ReconnectWithBackoff($"the first message was not hello but {hello.Type}");
        }

        Log.Connected(logger, slot, hello.NumConnections ?? 1);
        return null;
    }

    /// <summary>Handles one envelope off the receive loop; the returned task completes once it is acked.</summary>
    private Task StartAnswer(IWebSocketTransport transport, string envelopeId, SocketModeFrame frame)
    {
        var acknowledgement = new EnvelopeAcknowledgement(transport, envelopeId, frame.AcceptsResponsePayload != false, logger);

        // Answers run under the grace token: on SIGTERM those in hand are still answered.
        _ = Task.Run(() => AnswerAsync(frame, acknowledgement), CancellationToken.None);
        return acknowledgement.Sent;
    }

    private async Task AnswerAsync(SocketModeFrame frame, EnvelopeAcknowledgement acknowledgement)
    {
        try
        {
            await processor.AnswerEnvelopeAsync(frame.Type, frame.Payload, acknowledgement, grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (grace.Token.IsCancellationRequested)
        {
            // The shutdown grace period is over; Slack redelivers what was not acked.
        }
    }
}
