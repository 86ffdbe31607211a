using System.Threading.Channels;

namespace TalksBot.Core.Knowledge;

/// <summary>
/// The committed changes of the knowledge on their way to whatever follows the store. A store publishes each change
/// right after its commit and returns at once; the <see cref="KnowledgeChangeDispatcher"/> applies the changes in the
/// background, so a slow or failing index never delays or fails a save. <see cref="WaitForAsync"/> lets a caller (a
/// moderator's save, a test) wait until a change has been applied.
/// </summary>
public sealed class KnowledgeChangeFeed
{
    private readonly Channel<KnowledgeChange> _pending =
        Channel.CreateUnbounded<KnowledgeChange>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Lock _publishLock = new();
    private readonly Lock _waitersLock = new();
    private readonly List<(long Sequence, TaskCompletionSource Applied)> _waiters = [];
    private long _published;
    private long _applied;

    /// <summary>The sequence number of the newest published change (0 before the first).</summary>
    public long LastPublished => Interlocked.Read(ref _published);

    /// <summary>The sequence number up to which every change has been handed to every handler.</summary>
    public long LastApplied => Interlocked.Read(ref _applied);

    internal ChannelReader<KnowledgeChange> Reader => _pending.Reader;

    /// <summary>Publishes a committed change; a store calls it inside its write lock, so numbers follow commit order.</summary>
    /// <returns>The change's sequence number.</returns>
    public long Publish(KnowledgeChangeKind kind, KnowledgeSnapshot snapshot, FactChange? fact = null)
    {
        lock (_publishLock)
        {
            var sequence = Interlocked.Increment(ref _published);
            // Unbounded: refused only once the feed is closed at shutdown, when nobody follows any more.
            _pending.Writer.TryWrite(new KnowledgeChange(sequence, kind, snapshot, fact));
            return sequence;
        }
    }

    /// <summary>
    /// Completes when every change up to <paramref name="sequence"/> has been applied (at once if it has). Changes are
    /// applied only once the dispatcher runs, so bound the wait (a moderator's save waits at most a second).
    /// </summary>
    public Task WaitForAsync(long sequence, CancellationToken cancellationToken = default)
    {
        lock (_waitersLock)
        {
            if (LastApplied >= sequence)
            {
                return Task.CompletedTask;
            }

            var applied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((sequence, applied));
            return applied.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Records that every change up to <paramref name="sequence"/> was handed to every handler, and wakes their waiters.</summary>
    internal void MarkApplied(long sequence)
    {
        lock (_waitersLock)
        {
            if (sequence <= LastApplied)
            {
                return;
            }

            Interlocked.Exchange(ref _applied, sequence);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Sequence <= sequence)
                {
                    _waiters[i].Applied.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>Stops taking changes (at shutdown); those already published are still handed out.</summary>
    internal void Close() => _pending.Writer.TryComplete();
}
