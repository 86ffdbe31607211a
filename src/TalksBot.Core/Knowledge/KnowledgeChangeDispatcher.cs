using Microsoft.Extensions.Logging;

namespace TalksBot.Core.Knowledge;

/// <summary>
/// Hands the changes of the <see cref="KnowledgeChangeFeed"/> to every <see cref="IKnowledgeChangeHandler"/> on one
/// background task, a batch at a time (whatever was published meanwhile), in order. A handler that throws is logged and
/// skipped for that batch; the others and the next batches still run. Needs no host: <see cref="Start"/> is called by
/// the start-up (<see cref="KnowledgeStartup"/>), wherever Core runs.
/// </summary>
public sealed class KnowledgeChangeDispatcher : IDisposable, IAsyncDisposable
{
    /// <summary>At most this many changes are handed over at once, so a burst of edits is applied in bounded steps.</summary>
    public const int MaxBatch = 256;

    private static readonly TimeSpan DrainOnStop = TimeSpan.FromSeconds(5);

    private readonly KnowledgeChangeFeed _feed;
    private readonly IReadOnlyList<IKnowledgeChangeHandler> _handlers;
    private readonly ILogger<KnowledgeChangeDispatcher> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _startLock = new();
    private Task? _running;
    private bool _disposed;

    public KnowledgeChangeDispatcher(KnowledgeChangeFeed feed, IEnumerable<IKnowledgeChangeHandler> handlers, ILogger<KnowledgeChangeDispatcher> logger)
    {
        _feed = feed;
        _handlers = handlers.ToList();
        _logger = logger;
    }

    /// <summary>Starts applying changes (again calls do nothing). Changes published before the start wait for it.</summary>
    public void Start()
    {
        lock (_startLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _running ??= Task.Run(() => RunAsync(_stopping.Token));
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Applies what was published already (for up to 5 s), then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        Task? running;
        lock (_startLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _feed.Close();
            running = _running;
        }

        if (running is not null)
        {
            try
            {
                await running.WaitAsync(DrainOnStop).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // A handler is stuck: stop it rather than hold up the shutdown.
            }
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (running is not null)
        {
            await running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var reader = _feed.Reader;
        var batch = new List<KnowledgeChange>(MaxBatch);
        while (await reader.WaitToReadAsync(stopping).ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var change))
            {
                batch.Add(change);
            }

            foreach (var handler in _handlers)
            {
                try
                {
                    await handler.ApplyAsync(batch, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception exception)
                {
                    // The changes are committed; a handler that could not follow must not stop the others.
                    Log.KnowledgeChangeNotApplied(_logger, handler.GetType().Name, batch[0].Sequence, batch[^1].Sequence, exception);
                }
            }

            _feed.MarkApplied(batch[^1].Sequence);
            batch.Clear();
        }
    }
}
