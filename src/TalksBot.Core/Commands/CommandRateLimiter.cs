using System.Threading.RateLimiting;

namespace TalksBot.Core.Commands;

/// <summary>Per-user command limits (configuration section <c>RateLimits</c>): a token bucket per user, stricter for /ask.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Off for load tests on loopback; on everywhere else.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Commands a member may send in a burst.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 10_000)]
    public int CommandBurst { get; set; } = 10;

    /// <summary>Commands per minute a member may send after a burst.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 60_000)]
    public int CommandsPerMinute { get; set; } = 30;

    /// <summary>Questions (/ask) a member may send in a burst.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 10_000)]
    public int AskBurst { get; set; } = 4;

    /// <summary>Questions per minute after a burst.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 60_000)]
    public int AsksPerMinute { get; set; } = 10;
}

/// <summary>
/// Limits how fast one member can send commands, so one person (or a script) cannot crowd out a channel.
/// Keyed by platform and user id; /ask has its own, stricter bucket. The console is never limited.
/// </summary>
public sealed class CommandRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<CommandInvocation>? _limiter;

    public CommandRateLimiter(Microsoft.Extensions.Options.IOptions<RateLimitOptions> options)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        _limiter = PartitionedRateLimiter.Create<CommandInvocation, string>(invocation =>
        {
            // A check asks the knowledge like /ask (once per claim), so it shares the asking bucket.
            var asking = invocation.Name is "ask" or "check";
            var key = $"{invocation.Platform}:{invocation.Caller.UserId}:{(asking ? "ask" : "all")}";
            return invocation.Platform == "console"
                ? RateLimitPartition.GetNoLimiter(key)
                : RateLimitPartition.GetTokenBucketLimiter(key, _ => Bucket(asking ? settings.AskBurst : settings.CommandBurst, asking ? settings.AsksPerMinute : settings.CommandsPerMinute));
        });
    }

    /// <summary>Takes a permit for the invocation; null when allowed, else how long to wait.</summary>
    public TimeSpan? TryAcquire(CommandInvocation invocation)
    {
        if (_limiter is null)
        {
            return null;
        }

        using var lease = _limiter.AttemptAcquire(invocation);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(5);
    }

    public void Dispose() => _limiter?.Dispose();

    private static TokenBucketRateLimiterOptions Bucket(int burst, int perMinute) => new()
    {
        TokenLimit = burst,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = TimeSpan.FromMinutes(1.0 / perMinute),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
