namespace TalksBot.Discord.Gateway;

/// <summary>
/// Discord lets <c>max_concurrency</c> shards identify per 5 seconds, one per bucket (<c>shard_id % max_concurrency</c>).
/// A shard takes its bucket's turn before it connects to identify, and holds it until IDENTIFY is sent: the next
/// turn in the bucket comes 5 s after that IDENTIFY. Nothing waits on an open connection (where heartbeat ACKs would go
/// unread), and a connection that failed before identifying gives its turn back without using it.
/// </summary>
internal sealed class IdentifyGate(int maxConcurrency, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim[] _buckets = Enumerable.Range(0, Math.Max(1, maxConcurrency)).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
    private readonly DateTimeOffset[] _lastIdentify = new DateTimeOffset[Math.Max(1, maxConcurrency)];

    /// <summary>Waits for the bucket's turn; dispose the turn to give the bucket back (after <see cref="Turn.Identified"/>, or unused).</summary>
    public async Task<Turn> WaitTurnAsync(int shardId, CancellationToken cancellationToken)
    {
        var bucket = shardId % _buckets.Length;
        await _buckets[bucket].WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var wait = _lastIdentify[bucket] + Window - time.GetUtcNow();
            if (_lastIdentify[bucket] != default && wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }

            return new Turn(this, bucket);
        }
        catch
        {
            _buckets[bucket].Release();
            throw;
        }
    }

    /// <summary>A bucket's turn to identify.</summary>
    internal sealed class Turn(IdentifyGate gate, int bucket) : IDisposable
    {
        private int _released;

        /// <summary>IDENTIFY was sent: the bucket's next turn is a window later.</summary>
        public void Identified() => gate._lastIdentify[bucket] = gate.Now;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate._buckets[bucket].Release();
            }
        }
    }

    private DateTimeOffset Now => time.GetUtcNow();
}
