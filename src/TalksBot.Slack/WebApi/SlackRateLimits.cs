using System.Collections.Concurrent;

namespace TalksBot.Slack.WebApi;

/// <summary>
/// Slack's rate limits as this process knows them: Slack limits each Web API method per workspace (its tier), so a 429
/// with Retry-After on a method holds back every call of that method from any part of the bot until then. One per
/// process (a singleton), whoever calls.
/// </summary>
internal sealed class SlackRateLimits(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _heldUntil = new(StringComparer.Ordinal);

    /// <summary>Holds <paramref name="method"/> back for <paramref name="wait"/> (a later hold already in place stays).</summary>
    public void Hold(string method, TimeSpan wait)
    {
        var until = time.GetUtcNow() + wait;
        _heldUntil.AddOrUpdate(method, until, (_, earlier) => earlier > until ? earlier : until);
    }

    /// <summary>How long <paramref name="method"/> is still held back (zero when it is free).</summary>
    public TimeSpan Remaining(string method)
    {
        if (!_heldUntil.TryGetValue(method, out var until))
        {
            return TimeSpan.Zero;
        }

        var left = until - time.GetUtcNow();
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>Waits until <paramref name="method"/> may be called; returns how long it waited.</summary>
    public async Task<TimeSpan> WaitAsync(string method, CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        for (var left = Remaining(method); left > TimeSpan.Zero; left = Remaining(method))
        {
            await Task.Delay(left, time, cancellationToken).ConfigureAwait(false);
            waited += left;
        }

        return waited;
    }
}
