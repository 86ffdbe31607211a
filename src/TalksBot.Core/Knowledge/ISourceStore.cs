namespace TalksBot.Core.Knowledge;

/// <summary>
/// The published pages facts rest on. Sources are read from <see cref="IFactStore.Snapshot"/>; a source first cited
/// by a fact is saved with that fact (<see cref="IFactStore.SaveAsync"/>), in its transaction.
/// </summary>
public interface ISourceStore
{
    /// <summary>Adds or replaces a source; the change is published to the <see cref="KnowledgeChangeFeed"/>.</summary>
    /// <exception cref="KnowledgeStorageException">The database cannot be written right now; nothing was saved.</exception>
    Task SaveAsync(Source source, CancellationToken cancellationToken = default);
}
