using System.Collections.Concurrent;

namespace TalksBot.Core.Delivery;

/// <summary>
/// The delivery log of one process: claims in a concurrent dictionary, expired ones swept every half minute in the background.
/// Bounded: only signed requests reach it, and past <see cref="MaxEntries"/> live claims the oldest are forgotten first.
/// </summary>
public sealed class MemoryDeliveryLog(TimeProvider time) : IDeliveryLog
{
    public const int MaxEntries = 200_000;

    /// <summary>How often expired claims are swept away (off the claiming thread); they live minutes.</summary>
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, long> _expiresAt = new(StringComparer.Ordinal);
    private readonly Lock _sweepLock = new();
    private long _nextSweepTicks;

    // Kept beside the dictionary: ConcurrentDictionary.Count takes every lock, too dear on each claim.
    private int _count;

    /// <summary>Live claims (for tests and metrics).</summary>
    public int Count => Volatile.Read(ref _count);

    public ValueTask ReleaseAsync(string key, CancellationToken cancellationToken)
    {
        if (_expiresAt.TryRemove(key, out _))
        {
            Interlocked.Decrement(ref _count);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> TryClaimAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var now = time.GetUtcNow().UtcTicks;
        var expires = now + lifetime.Ticks;
        if (Volatile.Read(ref _count) >= MaxEntries)
        {
            // Full: make room before adding (rare: the sweep leaves a tenth free).
            Sweep(now);
        }
        else if (Interlocked.Read(ref _nextSweepTicks) is var next && now >= next &&
                 Interlocked.CompareExchange(ref _nextSweepTicks, now + SweepInterval.Ticks, next) == next)
        {
            ThreadPool.UnsafeQueueUserWorkItem(_ => Sweep(now), null);
        }

        while (true)
        {
            if (_expiresAt.TryAdd(key, expires))
            {
                Interlocked.Increment(ref _count);
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

    private void Forget(string key, long expires)
    {
        if (_expiresAt.TryRemove(new KeyValuePair<string, long>(key, expires)))
        {
            Interlocked.Decrement(ref _count);
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
                    Forget(key, expires);
                }
            }

            var excess = Volatile.Read(ref _count) - (MaxEntries * 9 / 10);
            if (excess > 0)
            {
                foreach (var (key, expires) in _expiresAt.OrderBy(p => p.Value).Take(excess).ToList())
                {
                    Forget(key, expires);
                }
            }
        }
        finally
        {
            _sweepLock.Exit();
        }
    }
}
