namespace TalksBot.Core.Knowledge;

/// <summary>
/// Fact changes waiting to be announced to subscribed channels. An entry is written by
/// <see cref="IFactStore.SaveAsync"/> in the same transaction as the change, so no saved change goes unannounced, and
/// leaves only when every subscribed channel was told (or it is too old to matter).
/// </summary>
public interface IChangeOutbox
{
    /// <summary>Changes not yet announced to every subscribed channel, oldest first.</summary>
    /// <exception cref="KnowledgeStorageException">The database cannot be read right now.</exception>
    Task<IReadOnlyList<PendingNotification>> PendingAsync(CancellationToken cancellationToken = default);

    /// <summary>Remembers that a subscribed channel was told of a change, so a retry does not tell it twice.</summary>
    /// <exception cref="KnowledgeStorageException">The database cannot be written right now.</exception>
    Task MarkDeliveredAsync(long notificationId, string subscriptionKey, CancellationToken cancellationToken = default);

    /// <summary>Forgets a change once every subscribed channel was told.</summary>
    /// <exception cref="KnowledgeStorageException">The database cannot be written right now.</exception>
    Task CompleteAsync(long notificationId, CancellationToken cancellationToken = default);
}
