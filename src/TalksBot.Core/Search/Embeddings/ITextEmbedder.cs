namespace TalksBot.Core.Search.Embeddings;

/// <summary>Turns texts into unit-length sentence vectors, so a dot product is their cosine similarity.</summary>
public interface ITextEmbedder : IDisposable
{
    /// <summary>Names the model; part of every cached vector's key, so a new model never reuses old vectors.</summary>
    string ModelId { get; }

    int Dimensions { get; }

    /// <summary>How many calls of <see cref="Embed"/> can usefully run at once (each on its own thread).</summary>
    int Concurrency => 1;

    float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default);
}
