using BenchmarkDotNet.Attributes;
using TalksBot.Core.Search.Embeddings;

namespace TalksBot.Benchmarks;

/// <summary>
/// Encoding one question with each sentence model (<c>Search:Model</c>), nothing else: the part of a new question's
/// <c>/ask</c> that the model decides. The embedder caches nothing, so every call encodes; questions rotate through
/// <see cref="Questions.All"/> (short and long, terse and out of scope).
/// </summary>
[Config(typeof(AskLatencyConfig))]
public class EmbedderBenchmarks
{
    private MiniLmEmbedder _embedder = null!;
    private int _next;

    [Params(SentenceModel.Int8, SentenceModel.Fp32)]
    public SentenceModel Model { get; set; }

    [GlobalSetup]
    public void Setup() => _embedder = new MiniLmEmbedder(Model);

    [Benchmark]
    public float[][] EncodeQuestion()
    {
        var questions = Questions.All;
        var question = questions[_next];
        _next = (_next + 1) % questions.Count;
        return _embedder.Embed([question]);
    }

    [GlobalCleanup]
    public void Cleanup() => _embedder.Dispose();
}
