using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;

namespace TalksBot.Discord.Rest;

/// <summary>
/// Discord's rate-limit state for the bot token, owned once per process (a singleton): which bucket each route uses
/// and how many requests it has left until when (learnt from X-RateLimit-* headers), a global pause after a global
/// 429, and the bot's 50 requests a second. Every consumer's REST calls wait here before they are sent.
/// </summary>
internal sealed class DiscordRateLimits(TimeProvider time) : IDisposable
{
    private readonly ConcurrentDictionary<string, string> _bucketOfRoute = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, BucketState> _buckets = new(StringComparer.Ordinal);
    private long _globalResumeTicks;

    // Discord allows 50 requests a second per bot; interaction callbacks and edits of @original do not count.
    private readonly TokenBucketRateLimiter _global = new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = 50,
        TokensPerPeriod = 50,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 10_000,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = true,
    });

    /// <summary>A permit of the global limit (null for the routes Discord exempts from it); dispose it after the request.</summary>
    public async ValueTask<RateLimitLease?> AcquireGlobalAsync(bool exempt, CancellationToken cancellationToken) =>
        exempt ? null : await _global.AcquireAsync(1, cancellationToken).ConfigureAwait(false);

    /// <summary>How long to wait before sending on this route (zero when free); counts the request about to be sent.</summary>
    public TimeSpan DelayBefore(string route, string majorParameter)
    {
        var now = time.GetUtcNow();
        var delay = TimeSpan.Zero;
        var globalResume = new DateTimeOffset(Interlocked.Read(ref _globalResumeTicks), TimeSpan.Zero);
        if (globalResume > now)
        {
            delay = globalResume - now;
        }

        if (_bucketOfRoute.TryGetValue(route, out var bucket) && _buckets.TryGetValue(Key(bucket, majorParameter), out var state))
        {
            lock (state)
            {
                if (state.ResetAt <= now)
                {
                    // A new window; until a response says when it ends, assume a second (Discord's windows are no shorter).
                    state.Remaining = state.Limit;
                    state.ResetAt = now + TimeSpan.FromSeconds(1);
                }

                if (state.Remaining <= 0)
                {
                    delay = Max(delay, state.ResetAt - now);
                }
                else
                {
                    // Count the request we are about to send, so concurrent callers do not overrun the bucket.
                    state.Remaining--;
                }
            }
        }

        return delay;
    }

    /// <summary>Learns from a response's X-RateLimit-* headers.</summary>
    public void Update(string route, string majorParameter, HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("X-RateLimit-Bucket", out var buckets))
        {
            return;
        }

        var bucket = buckets.First();
        _bucketOfRoute[route] = bucket;
        var state = _buckets.GetOrAdd(Key(bucket, majorParameter), _ => new BucketState());
        var limit = Header(response, "X-RateLimit-Limit");
        var remaining = Header(response, "X-RateLimit-Remaining");
        var resetAfter = Header(response, "X-RateLimit-Reset-After");
        lock (state)
        {
            state.Limit = (int)Math.Clamp(limit ?? state.Limit, 1, 100_000);
            state.Remaining = (int)Math.Clamp(remaining ?? state.Remaining, 0, 100_000);
            if (resetAfter is { } seconds)
            {
                state.ResetAt = time.GetUtcNow() + TimeSpan.FromSeconds(Math.Clamp(seconds, 0, 3600));
            }
        }
    }

    /// <summary>After a global 429 every request waits.</summary>
    public void PauseGlobally(TimeSpan retryAfter) =>
        Interlocked.Exchange(ref _globalResumeTicks, (time.GetUtcNow() + retryAfter).UtcTicks);

    public void Dispose() => _global.Dispose();

    private static string Key(string bucket, string majorParameter) => bucket + ":" + majorParameter;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static double? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) &&
        double.TryParse(values.First(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : null;

    private sealed class BucketState
    {
        public int Limit { get; set; } = 1;

        public int Remaining { get; set; } = 1;

        public DateTimeOffset ResetAt { get; set; }
    }
}
