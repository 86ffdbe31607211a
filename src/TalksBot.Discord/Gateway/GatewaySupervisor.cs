using Microsoft.Extensions.Logging;
using TalksBot.Core.Health;

namespace TalksBot.Discord.Gateway;

/// <summary>
/// Keeps one shard connected for as long as the host runs: resumes or identifies again after every drop, with
/// exponential backoff and jitter (reset once a connection has lived a while), and stops for good on a fatal close.
/// </summary>
internal sealed class GatewaySupervisor(GatewayShard shard, Func<CancellationToken, Task<Uri>> gatewayUrl, TimeProvider time, ILogger logger)
{
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StableConnection = TimeSpan.FromSeconds(60);

    /// <summary>The first retry delay (shortened in tests).</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Runs until cancelled (returns null) or until a fatal close (returns it).</summary>
    public async Task<GatewayExit?> RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var started = time.GetUtcNow();
            GatewayExit exit;
            try
            {
                exit = await shard.RunOnceAsync(await gatewayUrl(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception exception) when (exception is HttpRequestException or Rest.DiscordApiException)
            {
                exit = new GatewayExit(GatewayNext.Identify, exception.Message);
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return null;
            }

            if (exit.Next == GatewayNext.Stop)
            {
                return exit;
            }

            if (exit.Next == GatewayNext.Identify)
            {
                shard.ForgetSession();
            }

            failures = time.GetUtcNow() - started > StableConnection ? 1 : failures + 1;

            // A requested reconnect resumes at once; a failure backs off exponentially with jitter, up to a minute.
            var requested = exit.Reason.StartsWith("RECONNECT", StringComparison.Ordinal) || exit.Reason.StartsWith("INVALID_SESSION", StringComparison.Ordinal);
            var delay = requested ? TimeSpan.Zero : Backoff(failures);
            Log.Reconnecting(logger, shard.ShardId, exit.Reason, delay.TotalMilliseconds);
            TalksBotMetrics.GatewayReconnect("discord", requested ? "requested" : "lost");
            try
            {
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }

        return null;
    }

    private TimeSpan Backoff(int failures)
    {
        var exponential = InitialBackoff * Math.Pow(2, Math.Min(failures - 1, 10));
        var capped = exponential > MaxBackoff ? MaxBackoff : exponential;
        return capped * (0.5 + Random.Shared.NextDouble());
    }
}
