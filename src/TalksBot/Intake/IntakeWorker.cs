using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TalksBot.Core.Cards;
using TalksBot.Core.Health;
using TalksBot.Core.Intake;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Moderation;

namespace TalksBot.Intake;

/// <summary>
/// The news inbox's hosted worker: once a minute it polls the feeds that are due (each under a lease in the store, so
/// several instances never poll one feed at once), hands new items to <see cref="IntakeService"/>, backs a failing
/// feed off (doubling its interval up to a day), and posts the daily digest to subscribed channels at
/// <see cref="IntakeOptions.DigestHour"/> — once a day across restarts and instances. Nothing it does stops the bot;
/// it stops with the host's shutdown.
/// </summary>
internal sealed class IntakeWorker(
    IOptions<IntakeOptions> options,
    FeedFetcher fetcher,
    IntakeService intake,
    IInboxStore inbox,
    IFactStore facts,
    IEnumerable<IChannelPublisher> publishers,
    TimeProvider time,
    ILogger<IntakeWorker> logger) : BackgroundService
{
    /// <summary>How often the worker looks for due feeds and the digest hour.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan LongestBackoff = TimeSpan.FromDays(1);

    /// <summary>This process, as a lease owner.</summary>
    private readonly string _instance = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    private DateOnly? _digestDay;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(Tick, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (KnowledgeStorageException exception)
            {
                // The store is unwell (a full disk, an unreachable database): try again on the next tick.
                Log.IntakeStoreFailed(logger, exception.Message);
                await Task.Delay(Tick, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One round: every due feed polled, then the digest if its hour has come.</summary>
    internal async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        foreach (var feed in options.Value.Feeds)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await PollIfDueAsync(feed, cancellationToken).ConfigureAwait(false);
        }

        await PostDigestIfDueAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task PollIfDueAsync(FeedOptions feed, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var state = await inbox.FeedStateAsync(feed.Url, cancellationToken).ConfigureAwait(false) ?? new FeedState(feed.Url);
        if (now < state.NextPoll || !await inbox.TryLeaseFeedAsync(feed.Url, _instance, now.AddSeconds(settings.TimeoutSeconds * 3 + 60), cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var poll = TimeSpan.FromMinutes(Math.Max(1, settings.PollMinutes));
        FeedFetch fetched;
        try
        {
            fetched = await fetcher.FetchAsync(feed.Url, state, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception unexpected) when (unexpected is not OperationCanceledException)
        {
            // The fetcher answers every failure it knows of; whatever else a feed's server brings about stays with that
            // feed too, rather than ending the worker (and with it the bot).
            fetched = new FeedFetch.Failed($"it could not be fetched ({unexpected.GetType().Name}: {unexpected.Message})");
        }

        FeedState next;
        switch (fetched)
        {
            case FeedFetch.Fetched content:
                try
                {
                    var items = FeedParser.Parse(content.Content, feed.Name, settings.MaxItemsPerPoll);
                    var report = await intake.TakeAsync(items, cancellationToken).ConfigureAwait(false);
                    Log.FeedPolled(logger, feed.Name, report.Fetched, report.Opened, report.Merged, report.Dropped);
                    next = state with
                    {
                        ETag = content.ETag,
                        LastModified = content.LastModified,
                        ConsecutiveFailures = 0,
                        LastError = null,
                        ItemsFetched = state.ItemsFetched + items.Count,
                        NextPoll = now + poll,
                    };
                }
                catch (FeedFormatException malformed)
                {
                    next = Failed(state, feed, $"malformed feed: {malformed.Message}", now, poll);
                }
                catch (Exception unexpected) when (unexpected is not (OperationCanceledException or KnowledgeStorageException))
                {
                    // Whatever else one feed's items bring about stays with that feed: logged, counted, backed off.
                    next = Failed(state, feed, $"its items could not be taken in ({unexpected.GetType().Name}: {unexpected.Message})", now, poll);
                }

                break;
            case FeedFetch.NotModified:
                next = state with { ConsecutiveFailures = 0, LastError = null, NextPoll = now + poll };
                break;
            case FeedFetch.Failed failed:
                next = Failed(state, feed, failed.Problem, now, poll);
                break;
            default:
                throw new InvalidOperationException($"Unknown feed fetch result {fetched.GetType().Name}.");
        }

        await inbox.SaveFeedStateAsync(next with { LastPolled = now }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A failed poll: counted, logged, and the feed's next poll pushed back (doubling, up to a day).</summary>
    private FeedState Failed(FeedState state, FeedOptions feed, string problem, DateTimeOffset now, TimeSpan poll)
    {
        var failures = state.ConsecutiveFailures + 1;
        var backoff = TimeSpan.FromTicks(Math.Min(LongestBackoff.Ticks, poll.Ticks * (1L << Math.Min(failures, 16))));
        var cleaned = DisplayText.Clean(problem);
        Log.FeedFailed(logger, feed.Name, cleaned, failures, backoff.TotalMinutes);
        TalksBotMetrics.FeedFailed(feed.Name);
        return state with { ConsecutiveFailures = failures, Errors = state.Errors + 1, LastError = cleaned, NextPoll = now + backoff };
    }

    /// <summary>
    /// The day's digest, at or after its hour: taken as a lease named after the day that outlives the day, so it goes out
    /// once however many instances run or restart; nothing is posted on a day without new candidates.
    /// </summary>
    private async Task PostDigestIfDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (now.Hour < options.Value.DigestHour || _digestDay == today)
        {
            return;
        }

        _digestDay = today;
        var channels = await inbox.DigestChannelsAsync(cancellationToken).ConfigureAwait(false);
        if (channels.Count == 0 ||
            !await inbox.TryLeaseFeedAsync($"digest:{today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}", _instance, now.AddDays(2), cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var fresh = InboxOrder.MostRelevantNewestFirst(
                (await inbox.FoundSinceAsync(now.AddDays(-1), cancellationToken).ConfigureAwait(false)).Where(c => c.Status == CandidateStatus.Open))
            .ToList();
        if (fresh.Count == 0)
        {
            return;
        }

        var digest = InboxDigest.For(fresh, facts.Snapshot, today);
        foreach (var channel in channels)
        {
            var publisher = publishers.FirstOrDefault(p => p.Platform == channel.Platform);
            if (publisher is null)
            {
                continue;
            }

            try
            {
                await publisher.PublishAsync(channel.ChannelId, digest, cancellationToken).ConfigureAwait(false);
                Log.DigestPosted(logger, channel.Key, fresh.Count);
            }
            catch (ChannelPublishException refused)
            {
                Log.DigestNotPosted(logger, channel.Key, refused.Message);
            }
        }
    }
}
