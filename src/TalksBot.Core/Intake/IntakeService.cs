using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using TalksBot.Core.Health;
using TalksBot.Core.Queries;
using TalksBot.Core.Search;

namespace TalksBot.Core.Intake;

/// <summary>What one batch of feed items became.</summary>
/// <param name="Fetched">Items read.</param>
/// <param name="Opened">New candidates.</param>
/// <param name="Merged">Items that joined a known story as another outlet's report.</param>
/// <param name="Known">Items already in the inbox (the same link seen before, decided or not).</param>
/// <param name="Dropped">Items below the relevance threshold.</param>
public sealed record IntakeReport(int Fetched, int Opened, int Merged, int Known, int Dropped);

/// <summary>
/// Turns news items into inbox candidates: an item of a story already in the inbox joins it (same link, or a headline
/// sharing most words with one found in the last days) — a dismissed story never comes back; a new item is scored
/// against the knowledge with the same hybrid search as /ask, dropped below <see cref="IntakeOptions.MinRelevance"/>,
/// and otherwise stored with its suggested party and topic and its nearest facts. Nothing reaches members.
/// </summary>
public sealed class IntakeService(QueryService queries, IInboxStore inbox, TimeProvider time, IOptions<IntakeOptions> options)
{
    /// <summary>How far back a headline is compared with new ones for the same story.</summary>
    public static readonly TimeSpan SameStoryWithin = TimeSpan.FromDays(3);

    /// <summary>A nearest fact this similar, on the suggested party and topic, "may update"; below it the story is "new".</summary>
    public const double MayUpdateSimilarity = 0.6;

    private const int NearestShown = 3;

    public async Task<IntakeReport> TakeAsync(IReadOnlyList<FeedItem> items, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var recent = (await inbox.FoundSinceAsync(now - SameStoryWithin, cancellationToken).ConfigureAwait(false))
            .Select(c => (Candidate: c, Words: StoryKeys.HeadlineWords(c.Headline)))
            .ToList();
        int opened = 0, merged = 0, known = 0, dropped = 0;
        foreach (var given in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var item = NotAfter(given, now);
            var keys = StoryKeys.Of(item);
            var words = StoryKeys.HeadlineWords(item.Headline);
            var story = (keys.Count > 0 ? await inbox.FindByStoryAsync(keys, cancellationToken).ConfigureAwait(false) : null)
                ?? recent.FirstOrDefault(r => StoryKeys.SameStory(r.Words, words)).Candidate;
            if (story is not null)
            {
                if (AlreadyReported(story, item))
                {
                    known++;
                    continue;
                }

                var joined = Join(story, item, keys);
                await inbox.SaveAsync(joined, cancellationToken).ConfigureAwait(false);
                recent.RemoveAll(r => r.Candidate.Id == story.Id);
                recent.Add((joined, StoryKeys.HeadlineWords(joined.Headline)));
                merged++;
                continue;
            }

            var candidate = await ScoreAsync(item, keys, now, cancellationToken).ConfigureAwait(false);
            if (candidate is null)
            {
                dropped++;
                continue;
            }

            await inbox.SaveAsync(candidate, cancellationToken).ConfigureAwait(false);
            recent.Add((candidate, words));
            opened++;
        }

        TalksBotMetrics.IntakeCounted("fetched", items.Count);
        TalksBotMetrics.IntakeCounted("opened", opened);
        TalksBotMetrics.IntakeCounted("merged", merged);
        TalksBotMetrics.IntakeCounted("dropped", dropped);
        return new IntakeReport(items.Count, opened, merged, known, dropped);
    }

    /// <summary>The candidate an item would open, or null when it is not relevant enough to the knowledge.</summary>
    public async Task<InboxCandidate?> ScoreAsync(FeedItem item, IReadOnlyList<string> keys, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (item.Link is null)
        {
            return null;
        }

        var text = item.Summary.Length > 0 ? $"{item.Headline}. {item.Summary}" : item.Headline;
        var (mentions, facts) = await queries.RelatedAsync(text, NearestShown, cancellationToken).ConfigureAwait(false);
        var relevance = facts.Count > 0 ? facts[0].Relevance : 0;
        if (relevance < options.Value.MinRelevance)
        {
            return null;
        }

        var best = facts[0].Fact;
        var party = mentions.FirstOrDefault(m => m.Kind == NameKind.Party)?.Id ?? best.Party;
        // The nearest fact's topic, unless the text names a topic one of the nearest facts has: a word such as "front line"
        // names territory even in a story about a ceasefire.
        var named = mentions.Where(m => m.Kind == NameKind.Topic).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        var topic = facts.Select(f => f.Fact.Topic).FirstOrDefault(named.Contains) ?? best.Topic;
        var nearest = facts
            .Select(f => new NearFact(f.Fact.Id, f.Relevance >= MayUpdateSimilarity && f.Fact.Party == party && f.Fact.Topic == topic, Math.Round(f.Relevance, 3)))
            .ToList();
        var published = item.Published is { } at && at <= now ? at : now;
        return new InboxCandidate
        {
            Id = IdOf(keys.Count > 0 ? keys[0] : item.Headline),
            Headline = item.Headline,
            Summary = item.Summary,
            Sources = [new CandidateSource(item.Outlet, item.Headline, item.Link, item.Published)],
            Date = DateOnly.FromDateTime(published.UtcDateTime),
            Relevance = Math.Round(relevance, 3),
            PartyId = party,
            TopicId = topic,
            Nearest = nearest,
            FoundAt = now,
            StoryKeys = keys,
        };
    }

    /// <summary>A short id for buttons and commands: "n" and 8 hex digits of the story's first key.</summary>
    public static string IdOf(string storyKey) =>
        "n" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(storyKey)))[..8];

    /// <summary>
    /// The item dated no later than <paramref name="now"/>: a feed's clock or time zone can be wrong (or its date hostile,
    /// 9999-12-31), and a candidate dated in the future would head the inbox for good and prefill a fact form whose date
    /// the save refuses.
    /// </summary>
    private static FeedItem NotAfter(FeedItem item, DateTimeOffset now) =>
        item.Published > now ? item with { Published = now } : item;

    /// <summary>
    /// Whether the item's outlet already reported the story with this link (a feed read again): another outlet's report,
    /// even of the same link with its own tracking parameters, is a further source.
    /// </summary>
    private static bool AlreadyReported(InboxCandidate story, FeedItem item) =>
        story.Sources.Any(s => string.Equals(s.Outlet, item.Outlet, StringComparison.OrdinalIgnoreCase) &&
            (s.Url == (item.Link ?? "") || (item.Link is { } link && StoryKeys.CleanLink(s.Url) == StoryKeys.CleanLink(link))));

    private static InboxCandidate Join(InboxCandidate story, FeedItem item, IReadOnlyList<string> keys)
    {
        var published = item.Published is { } at ? DateOnly.FromDateTime(at.UtcDateTime) : story.Date;
        return story with
        {
            Sources = [.. story.Sources, new CandidateSource(item.Outlet, item.Headline, item.Link ?? "", item.Published)],
            Date = published < story.Date ? published : story.Date,
            StoryKeys = [.. story.StoryKeys, .. keys.Where(k => !story.StoryKeys.Contains(k))],
        };
    }
}
