using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TalksBot.Core;
using TalksBot.Core.Health;
using TalksBot.Platform.WebSockets;
using TalksBot.Slack.Interactions;
using TalksBot.Slack.WebApi;

namespace TalksBot.Slack.SocketMode;

/// <summary>
/// Keeps the Socket Mode connections (two by default, started a few seconds apart, so Slack does not refresh them
/// together) up for as long as the host runs: one <see cref="ReconnectingWebSocket"/> per slot, each running a
/// <see cref="SocketModeSession"/>. When a slot stops for good (link_disabled, refused credentials) the others stop too,
/// and the adapter leaves (<see cref="AdapterLifetime.StoppedForGood"/>).
/// </summary>
internal sealed class SocketModeWorker(
    IOptions<SlackOptions> options,
    SlackWebApiClient api,
    SlackRequestProcessor processor,
    SlackTuning tuning,
    IWebSocketConnector connector,
    AdapterLifetime adapters,
    ShutdownGrace grace,
    ReadinessRegistry readiness,
    TimeProvider time,
    ILogger<SocketModeWorker> logger) : BackgroundService
{
    /// <summary>A button press carries the whole message it sits under (50 blocks of 3000 characters, escaped).</summary>
    public const int MaxEnvelopeBytes = 2 * 1024 * 1024;

    // Ready while at least one socket has said hello; registered when the host creates the worker, before anything listens.
    private readonly ReadinessComponent _socketsReady = readiness.Add("slack socket mode");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        adapters.Started();
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var exits = await Task.WhenAll(Enumerable.Range(0, options.Value.Connections).Select(slot => RunSlotAsync(slot, stopping))).ConfigureAwait(false);
        if (!stoppingToken.IsCancellationRequested && exits.Any(exit => exit is not null))
        {
            adapters.StoppedForGood();
        }
    }

    /// <summary>One slot's reconnect loop; returns the exit that stopped it for good, or null when the host stops.</summary>
    private async Task<SessionExit?> RunSlotAsync(int slot, CancellationTokenSource stopping)
    {
        await Task.Delay(tuning.Stagger * slot, time, stopping.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (stopping.IsCancellationRequested)
        {
            return null;
        }

        var session = new SocketModeSession(slot, api, processor, tuning, _socketsReady, grace, time, logger);
        var loop = new ReconnectingWebSocket(session, Options(slot), connector, time, logger);
        var exit = await loop.RunAsync(stopping.Token).ConfigureAwait(false);
        if (exit is not null)
        {
            // The other slots would hear the same (the link is off, the token refused).
            await stopping.CancelAsync().ConfigureAwait(false);
        }

        return exit;
    }

    private ReconnectingWebSocketOptions Options(int slot) => new()
    {
        Platform = SlackRequestProcessor.Platform,
        Name = $"socket {slot}",
        Transport = new WebSocketTransportOptions
        {
            MaxMessageBytes = MaxEnvelopeBytes,
            KeepAliveInterval = tuning.KeepAliveInterval,
            KeepAliveTimeout = tuning.KeepAliveTimeout,
        },
        Backoff = new ReconnectBackoffOptions { InitialDelay = tuning.InitialBackoff },
    };
}
