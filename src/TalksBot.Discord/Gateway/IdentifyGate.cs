namespace TalksBot.Discord.Gateway;

/// <summary>
/// Discord lets <c>max_concurrency</c> shards identify per 5 seconds, one per bucket (<c>shard_id % max_concurrency</c>).
/// Each shard waits here for its bucket's turn before it sends IDENTIFY.
/// </summary>
internal sealed class IdentifyGate(int maxConcurrency, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim[] _buckets = Enumerable.Range(0, Math.Max(1, maxConcurrency)).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
    private readonly DateTimeOffset[] _lastIdentify = new DateTimeOffset[Math.Max(1, maxConcurrency)];

    public async Task WaitTurnAsync(int shardId, CancellationToken cancellationToken)
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

            _lastIdentify[bucket] = time.GetUtcNow();
        }
        finally
        {
            _buckets[bucket].Release();
        }
    }
}
