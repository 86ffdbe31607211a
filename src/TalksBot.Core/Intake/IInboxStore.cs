using TalksBot.Core.Knowledge;

namespace TalksBot.Core.Intake;

/// <summary>
/// The news inbox in the knowledge store: candidates with their decisions, the story keys already seen (a dismissed
/// story never comes back), each feed's polling state with a lease (several instances never poll one feed at once),
/// and the channels that get the daily digest.
/// </summary>
public interface IInboxStore
{
    /// <summary>The candidate that has any of <paramref name="storyKeys"/>, decided or not; null for a new story.</summary>
    Task<InboxCandidate?> FindByStoryAsync(IReadOnlyCollection<string> storyKeys, CancellationToken cancellationToken = default);

    Task<InboxCandidate?> FindAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces <paramref name="candidate"/> (by id), keeping its story keys findable.</summary>
    /// <exception cref="KnowledgeStorageException">The database cannot be written right now.</exception>
    Task SaveAsync(InboxCandidate candidate, CancellationToken cancellationToken = default);

    /// <summary>Open candidates, most relevant and newest first.</summary>
    Task<IReadOnlyList<InboxCandidate>> OpenAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Candidates found since <paramref name="since"/>, decided or not: intake compares new headlines with them (so a
    /// dismissed story stays dismissed), and the digest keeps the open ones.
    /// </summary>
    Task<IReadOnlyList<InboxCandidate>> FoundSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default);

    Task<InboxCounts> CountsAsync(CancellationToken cancellationToken = default);

    Task<FeedState?> FeedStateAsync(string url, CancellationToken cancellationToken = default);

    Task SaveFeedStateAsync(FeedState state, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the lease on polling <paramref name="url"/> until <paramref name="until"/> for <paramref name="owner"/>:
    /// true when no other owner holds a live lease.
    /// </summary>
    Task<bool> TryLeaseFeedAsync(string url, string owner, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>Adds a channel to the digest; false when it gets it already.</summary>
    Task<bool> SubscribeDigestAsync(string platform, string channelId, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Removes a channel from the digest; false when it did not get it.</summary>
    Task<bool> UnsubscribeDigestAsync(string platform, string channelId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Subscription>> DigestChannelsAsync(CancellationToken cancellationToken = default);
}
