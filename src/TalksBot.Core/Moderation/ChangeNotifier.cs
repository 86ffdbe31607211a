using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Queries;

namespace TalksBot.Core.Moderation;

/// <summary>
/// Tells subscribed channels about fact changes, at least once: each change is queued in the database in the same
/// transaction as the change, and leaves the queue only when every subscribed channel this process can reach was told.
/// A failed post is retried with growing pauses; a change still undelivered after a day is dropped with a warning.
/// The <see cref="KnowledgeChangeDispatcher"/> wakes it after each saved fact; it also looks every minute.
/// </summary>
public sealed class ChangeNotifier : BackgroundService, IKnowledgeChangeHandler
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromDays(1);
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(5);

    private readonly IChangeOutbox _outbox;
    private readonly ISubscriptionStore _subscriptions;
    private readonly IFactStore _facts;
    private readonly Dictionary<string, IChannelPublisher> _publishers;
    private readonly TimeProvider _time;
    private readonly ILogger<ChangeNotifier> _logger;
    private readonly SemaphoreSlim _signal = new(0);
    private readonly SemaphoreSlim _delivering = new(1, 1);

    public ChangeNotifier(IChangeOutbox outbox, ISubscriptionStore subscriptions, IFactStore facts, IEnumerable<IChannelPublisher> publishers, TimeProvider time, ILogger<ChangeNotifier> logger)
    {
        _outbox = outbox;
        _subscriptions = subscriptions;
        _facts = facts;
        _publishers = publishers.ToDictionary(p => p.Platform, StringComparer.Ordinal);
        _time = time;
        _logger = logger;
    }

    /// <summary>The first pause after a failed post; it doubles on each failure in a row.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    public override void Dispose()
    {
        _signal.Dispose();
        _delivering.Dispose();
        base.Dispose();
    }

    /// <summary>Posts every queued change to the channels not yet told; true when nothing is left to retry.</summary>
    public async Task<bool> DeliverPendingAsync(CancellationToken cancellationToken)
    {
        await _delivering.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await DeliverAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _delivering.Release();
        }
    }

    private async Task<bool> DeliverAsync(CancellationToken cancellationToken)
    {
        var subscriptions = await _subscriptions.ListAsync(cancellationToken).ConfigureAwait(false);
        var everythingDelivered = true;
        foreach (var change in await _outbox.PendingAsync(cancellationToken).ConfigureAwait(false))
        {
            var age = _time.GetUtcNow() - change.When;
            var history = await _facts.HistoryAsync(change.FactId, cancellationToken).ConfigureAwait(false);
            var revision = history.FirstOrDefault(r => r.Revision == change.Revision);
            if (revision is null || age > MaxAge)
            {
                if (revision is not null)
                {
                    Log.NotificationExpired(_logger, change.FactId, change.Revision, age);
                }

                await _outbox.CompleteAsync(change.Id, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var before = history.LastOrDefault(r => r.Revision < change.Revision)?.Snapshot;
            var horizonMovedTo = KnowledgeFreshness.HorizonMovedBy(revision.Snapshot, before, _facts.Snapshot);
            var reply = ModerationCards.Change(revision.Snapshot, change, _facts.Snapshot, horizonMovedTo);
            var delivered = true;
            foreach (var subscription in subscriptions.Where(s => !change.DeliveredTo.Contains(s.Key)))
            {
                // Channels of a platform this process does not run are not ours to tell.
                if (!_publishers.TryGetValue(subscription.Platform, out var publisher))
                {
                    continue;
                }

                try
                {
                    await publisher.PublishAsync(subscription.ChannelId, reply, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    Log.NotificationFailed(_logger, subscription.Platform, subscription.ChannelId, change.FactId, exception.Message);
                    delivered = false;
                    continue;
                }

                await _outbox.MarkDeliveredAsync(change.Id, subscription.Key, cancellationToken).ConfigureAwait(false);
            }

            if (delivered)
            {
                await _outbox.CompleteAsync(change.Id, cancellationToken).ConfigureAwait(false);
            }

            everythingDelivered &= delivered;
        }

        return everythingDelivered;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retryDelay = FirstRetryDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan pause;
            if (await TryDeliverPendingAsync(stoppingToken).ConfigureAwait(false))
            {
                retryDelay = FirstRetryDelay;
                pause = IdlePoll;
            }
            else
            {
                pause = retryDelay;
                retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, MaxRetryDelay.Ticks));
            }

            try
            {
                await _signal.WaitAsync(pause, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Wakes the loop after a saved fact (once, however many were saved meanwhile).</summary>
    public Task ApplyAsync(IReadOnlyList<KnowledgeChange> changes, CancellationToken cancellationToken)
    {
        if (changes.Any(c => c.Kind == KnowledgeChangeKind.Fact) && _signal.CurrentCount == 0)
        {
            _signal.Release();
        }

        return Task.CompletedTask;
    }

    /// <summary>One round of deliveries; a store that cannot be read or written right now (a full disk) is retried later, never fatal.</summary>
    private async Task<bool> TryDeliverPendingAsync(CancellationToken stoppingToken)
    {
        try
        {
            return await DeliverPendingAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (KnowledgeStorageException exception)
        {
            Log.AnnouncingFailed(_logger, exception.Message);
            return false;
        }
    }
}
