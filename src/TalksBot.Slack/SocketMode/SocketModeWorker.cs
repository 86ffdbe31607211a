using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TalksBot.Core;
using TalksBot.Core.Health;
using TalksBot.Slack.Interactions;
using TalksBot.Slack.WebApi;

namespace TalksBot.Slack.SocketMode;

/// <summary>
/// Keeps the Socket Mode connections (two by default, started a few seconds apart) up for as long as the host runs.
/// Each slot's reconnect loop is state this worker owns and awaits: on warning / refresh_requested the new socket is
/// connected before the old one closes; lost connections come back with backoff and jitter; link_disabled and auth
/// errors stop the adapter with a log line, and the host with exit code 1.
/// </summary>
internal sealed class SocketModeWorker(
    IOptions<SlackOptions> options,
    SlackWebApiClient api,
    SlackRequestProcessor processor,
    DeliveryDeduplicator deduplicator,
    SlackTuning tuning,
    AdapterLifetime adapters,
    ShutdownGrace grace,
    ReadinessRegistry readiness,
    TimeProvider time,
    ILogger<SocketModeWorker> logger) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(60);

    // Ready while at least one socket has said hello; registered when the host creates the worker, before anything listens.
    private readonly ReadinessComponent _socketsReady = readiness.Add("slack socket mode");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        adapters.Started();
        using var fatal = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var slots = Enumerable.Range(0, options.Value.Connections)
            .Select(slot => RunSlotAsync(slot, fatal, stoppingToken))
            .ToList();
        var reasons = await Task.WhenAll(slots).ConfigureAwait(false);
        if (!stoppingToken.IsCancellationRequested && reasons.Any(r => r is not null))
        {
            adapters.StoppedForGood();
        }
    }

    /// <summary>One slot's reconnect loop; returns the fatal reason, or null when the host stops.</summary>
    private async Task<string?> RunSlotAsync(int slot, CancellationTokenSource fatal, CancellationToken stoppingToken)
    {
        var token = fatal.Token;
        var draining = new List<Task>();
        try
        {
            await Task.Delay(tuning.Stagger * slot, time, token).ConfigureAwait(false);
            var failures = 0;
            while (!token.IsCancellationRequested)
            {
                Uri url;
                try
                {
                    url = await api.OpenConnectionAsync(token).ConfigureAwait(false);
                }
                catch (SlackApiException exception) when (exception.IsFatal)
                {
                    Log.Fatal(logger, $"Slack refused the app token ({exception.Error})", "Check Slack:AppToken (an xapp- token with connections:write).");
                    await fatal.CancelAsync().ConfigureAwait(false);
                    return exception.Error;
                }
                catch (Exception exception) when (exception is SlackApiException or HttpRequestException or TaskCanceledException && !token.IsCancellationRequested)
                {
                    failures++;
                    var wait = Backoff(failures);
                    Log.Reconnecting(logger, slot, exception.Message, wait.TotalMilliseconds);
                    TalksBotMetrics.GatewayReconnect("slack", "lost");
                    await Task.Delay(wait, time, token).ConfigureAwait(false);
                    continue;
                }

                var connection = new SocketModeConnection(slot, processor, deduplicator, tuning, logger, _socketsReady);
                var running = connection.RunAsync(url, token, grace.Token);
                var first = await Task.WhenAny(running, connection.ReplaceRequested).ConfigureAwait(false);
                var (end, reason) = first == running ? await running.ConfigureAwait(false) : await connection.ReplaceRequested.ConfigureAwait(false);
                if (token.IsCancellationRequested)
                {
                    break;
                }

                if (end == SocketEnd.Fatal)
                {
                    Log.Fatal(logger, $"Slack disabled the Socket Mode link ({reason})", "Turn Socket Mode back on for the app, or use HTTP mode (Slack:SigningSecret).");
                    await fatal.CancelAsync().ConfigureAwait(false);
                    return reason;
                }

                if (end == SocketEnd.Replace)
                {
                    // Connect the new socket at once; the old one keeps delivering until Slack closes it.
                    draining.RemoveAll(t => t.IsCompleted);
                    draining.Add(running);
                    failures = 0;
                    TalksBotMetrics.GatewayReconnect("slack", "requested");
                    continue;
                }

                failures++;
                var delay = Backoff(failures);
                Log.Reconnecting(logger, slot, reason, delay.TotalMilliseconds);
                TalksBotMetrics.GatewayReconnect("slack", "lost");
                await Task.Delay(delay, time, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        finally
        {
            await Task.WhenAll(draining).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        return stoppingToken.IsCancellationRequested ? null : "stopped";
    }

    private TimeSpan Backoff(int failures)
    {
        var exponential = tuning.InitialBackoff * Math.Pow(2, Math.Min(failures - 1, 10));
        return (exponential > MaxBackoff ? MaxBackoff : exponential) * (0.5 + Random.Shared.NextDouble());
    }
}
