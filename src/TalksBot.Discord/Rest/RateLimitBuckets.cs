using System.Collections.Concurrent;
using System.Globalization;

namespace TalksBot.Discord.Rest;

/// <summary>
/// Discord's rate-limit state, learnt from response headers: which bucket each route uses, how many requests a bucket
/// has left until when, and a global pause after a global 429. Callers wait here before they send.
/// </summary>
internal sealed class RateLimitBuckets(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, string> _bucketOfRoute = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, BucketState> _buckets = new(StringComparer.Ordinal);
    private long _globalResumeTicks;

    /// <summary>How long to wait before sending on this route (zero when free).</summary>
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
                    state.Remaining = state.Limit;
                }
                else if (state.Remaining <= 0)
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
            state.Limit = (int)(limit ?? state.Limit);
            state.Remaining = (int)(remaining ?? state.Remaining);
            if (resetAfter is { } seconds)
            {
                state.ResetAt = time.GetUtcNow() + TimeSpan.FromSeconds(seconds);
            }
        }
    }

    /// <summary>After a global 429 every request waits.</summary>
    public void PauseGlobally(TimeSpan retryAfter) =>
        Interlocked.Exchange(ref _globalResumeTicks, (time.GetUtcNow() + retryAfter).UtcTicks);

    private static string Key(string bucket, string majorParameter) => bucket + ":" + majorParameter;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static double? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) &&
        double.TryParse(values.First(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    private sealed class BucketState
    {
        public int Limit { get; set; } = 1;

        public int Remaining { get; set; } = 1;

        public DateTimeOffset ResetAt { get; set; }
    }
}
