using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TalksBot.Core.Knowledge;

namespace TalksBot.Core.Moderation;

/// <summary>
/// Tells subscribed channels about fact changes, at least once: each change is queued in the database in the same
/// transaction as the change, and leaves the queue only when every subscribed channel this process can reach was told.
/// A failed post is retried with growing pauses; a change still undelivered after a day is dropped with a warning.
/// </summary>
public sealed class ChangeNotifier : BackgroundService
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromDays(1);
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(5);

    private readonly KnowledgeStore _store;
    private readonly Dictionary<string, IChannelPublisher> _publishers;
    private readonly TimeProvider _time;
    private readonly ILogger<ChangeNotifier> _logger;
    private readonly SemaphoreSlim _signal = new(0);
    private readonly SemaphoreSlim _delivering = new(1, 1);

    public ChangeNotifier(KnowledgeStore store, IEnumerable<IChannelPublisher> publishers, TimeProvider time, ILogger<ChangeNotifier> logger)
    {
        _store = store;
        _publishers = publishers.ToDictionary(p => p.Platform, StringComparer.Ordinal);
        _time = time;
        _logger = logger;
        _store.FactChanged += OnFactChanged;
    }

    /// <summary>The first pause after a failed post; it doubles on each failure in a row.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    public override void Dispose()
    {
        _store.FactChanged -= OnFactChanged;
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
        var subscriptions = _store.Subscriptions();
        var everythingDelivered = true;
        foreach (var change in _store.PendingNotifications())
        {
            var age = _time.GetUtcNow() - change.When;
            var revision = _store.History(change.FactId).FirstOrDefault(r => r.Revision == change.Revision);
            if (revision is null || age > MaxAge)
            {
                if (revision is not null)
                {
                    Log.NotificationExpired(_logger, change.FactId, change.Revision, age);
                }

                _store.CompleteNotification(change.Id);
                continue;
            }

            var reply = ModerationCards.Change(revision.Snapshot, change, _store.Snapshot);
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
                    _store.MarkDelivered(change.Id, subscription.Key);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    Log.NotificationFailed(_logger, subscription.Platform, subscription.ChannelId, change.FactId, exception.Message);
                    delivered = false;
                }
            }

            if (delivered)
            {
                _store.CompleteNotification(change.Id);
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
            if (await DeliverPendingAsync(stoppingToken).ConfigureAwait(false))
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

    private void OnFactChanged(object? sender, FactChange change) => _signal.Release();
}
