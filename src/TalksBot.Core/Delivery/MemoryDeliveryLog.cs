using System.Collections.Concurrent;

namespace TalksBot.Core.Delivery;

/// <summary>
/// The delivery log of one process: claims in a concurrent dictionary, expired ones swept as new ones arrive.
/// Bounded: only signed requests reach it, and past <see cref="MaxEntries"/> live claims the oldest are forgotten first.
/// </summary>
public sealed class MemoryDeliveryLog(TimeProvider time) : IDeliveryLog
{
    public const int MaxEntries = 200_000;
    private const int SweepEvery = 1024;

    private readonly ConcurrentDictionary<string, long> _expiresAt = new(StringComparer.Ordinal);
    private readonly Lock _sweepLock = new();
    private long _claims;

    /// <summary>Live claims (for tests and metrics).</summary>
    public int Count => _expiresAt.Count;

    public ValueTask<bool> TryClaimAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var now = time.GetUtcNow().UtcTicks;
        var expires = now + lifetime.Ticks;
        if (Interlocked.Increment(ref _claims) % SweepEvery == 0 || _expiresAt.Count >= MaxEntries)
        {
            Sweep(now);
        }

        while (true)
        {
            if (_expiresAt.TryAdd(key, expires))
            {
                return ValueTask.FromResult(true);
            }

            if (!_expiresAt.TryGetValue(key, out var earlier))
            {
                continue;
            }

            if (earlier > now)
            {
                return ValueTask.FromResult(false);
            }

            // An expired claim: take it over, unless another caller just did.
            if (_expiresAt.TryUpdate(key, expires, earlier))
            {
                return ValueTask.FromResult(true);
            }
        }
    }

    private void Sweep(long now)
    {
        if (!_sweepLock.TryEnter())
        {
            return;
        }

        try
        {
            foreach (var (key, expires) in _expiresAt)
            {
                if (expires <= now)
                {
                    _expiresAt.TryRemove(new KeyValuePair<string, long>(key, expires));
                }
            }

            var excess = _expiresAt.Count - (MaxEntries * 9 / 10);
            if (excess > 0)
            {
                foreach (var (key, expires) in _expiresAt.OrderBy(p => p.Value).Take(excess).ToList())
                {
                    _expiresAt.TryRemove(new KeyValuePair<string, long>(key, expires));
                }
            }
        }
        finally
        {
            _sweepLock.Exit();
        }
    }
}
