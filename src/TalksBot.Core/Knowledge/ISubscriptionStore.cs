namespace TalksBot.Core.Knowledge;

/// <summary>The channels told of every fact change (moderators' /subscribe).</summary>
public interface ISubscriptionStore
{
    /// <summary>Adds a channel; false when it was subscribed already.</summary>
    /// <exception cref="KnowledgeStorageException">The database cannot be written right now.</exception>
    Task<bool> SubscribeAsync(string platform, string channelId, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Removes a channel; false when it was not subscribed.</summary>
    /// <exception cref="KnowledgeStorageException">The database cannot be written right now.</exception>
    Task<bool> UnsubscribeAsync(string platform, string channelId, CancellationToken cancellationToken = default);

    /// <summary>Every subscribed channel, ordered by <see cref="Subscription.Key"/>.</summary>
    /// <exception cref="KnowledgeStorageException">The database cannot be read right now.</exception>
    Task<IReadOnlyList<Subscription>> ListAsync(CancellationToken cancellationToken = default);
}
