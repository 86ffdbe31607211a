namespace TalksBot.Core.Knowledge;

/// <summary>Sentence vectors of fact texts, keyed by a hash of model and text, so a restart encodes only what changed.</summary>
public interface IVectorCache
{
    /// <summary>The cached vectors of <paramref name="keys"/>; keys without a vector are absent from the result.</summary>
    /// <exception cref="KnowledgeStorageException">The database cannot be read right now.</exception>
    Task<Dictionary<string, float[]>> LoadAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default);

    /// <summary>Adds vectors to the cache in one transaction.</summary>
    /// <exception cref="KnowledgeStorageException">The database cannot be written right now.</exception>
    Task SaveAsync(IReadOnlyDictionary<string, float[]> vectors, CancellationToken cancellationToken = default);
}
