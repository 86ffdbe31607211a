using BenchmarkDotNet.Attributes;
using TalksBot.Core.Search;
using TalksBot.Core.Search.Embeddings;

namespace TalksBot.Benchmarks;

/// <summary>How long the indexes take to build, i.e. what a start (or an import) pays before the first answer.</summary>
[Config(typeof(IndexBuildConfig))]
public class IndexBuildBenchmarks
{
    private string _runDirectory = "";
    private string _template = "";
    private string _databasePath = "";
    private BenchmarkKnowledge? _knowledge;
    private MiniLmEmbedder? _embedder;

    [GlobalSetup(Target = nameof(FactIndex10k))]
    public void SetupFactIndex()
    {
        _runDirectory = BenchmarkData.NewRunDirectory();
        _knowledge = BenchmarkKnowledge.Open(BenchmarkData.CopyDatabase(BenchmarkData.VectorCache("synthetic10k", BenchmarkData.Synthetic), _runDirectory), embeddings: false);
    }

    [GlobalSetup(Target = nameof(SemanticIndex10kWarmCache))]
    public void SetupSemanticWarm()
    {
        _embedder = new MiniLmEmbedder();
        _runDirectory = BenchmarkData.NewRunDirectory();
        var cache = BenchmarkData.VectorCache("synthetic10k", BenchmarkData.Synthetic, _embedder);
        _knowledge = BenchmarkKnowledge.Open(BenchmarkData.CopyDatabase(cache, _runDirectory), embeddings: true, _embedder);
    }

    [GlobalSetup(Target = nameof(SemanticIndexRealColdCache))]
    public void SetupSemanticCold()
    {
        _embedder = new MiniLmEmbedder();
        _runDirectory = BenchmarkData.NewRunDirectory();
        _template = BenchmarkData.FactsOnly("real", BenchmarkData.Real);
    }

    /// <summary>Every iteration starts from a fresh copy of the real knowledge's database, which holds no vectors.</summary>
    [IterationSetup(Target = nameof(SemanticIndexRealColdCache))]
    public void OpenFreshCopy()
    {
        _databasePath = BenchmarkData.CopyDatabase(_template, _runDirectory);
        _knowledge = BenchmarkKnowledge.Open(_databasePath, embeddings: true, _embedder);
    }

    [IterationCleanup(Target = nameof(SemanticIndexRealColdCache))]
    public void CloseFreshCopy()
    {
        _knowledge!.Dispose();
        _knowledge = null;
        BenchmarkData.DeleteDatabase(_databasePath);
    }

    /// <summary>A semantic index of its own over the stores, built (what a start pays for it).</summary>
    private SemanticIndex NewSemanticIndex()
    {
        var semantic = new SemanticIndex(_knowledge!.Facts, _knowledge.Vectors, _embedder!, _knowledge.Changes);
        semantic.BuildAsync().GetAwaiter().GetResult();
        return semantic;
    }

    /// <summary>Lucene BM25 index, name matcher and spelling vocabulary over 10,000 facts.</summary>
    [Benchmark]
    public int FactIndex10k()
    {
        using var index = new FactIndex(_knowledge!.Facts, _knowledge.Changes, _knowledge.Synonyms);
        index.Build();
        return index.Snapshot.Facts.Count;
    }

    /// <summary>Semantic index over 10,000 facts whose vectors are all cached: hashing texts and reading the vectors.</summary>
    [Benchmark]
    public int SemanticIndex10kWarmCache()
    {
        using var semantic = NewSemanticIndex();
        return semantic.LastBuildEncoded == 0
            ? semantic.Count
            : throw new InvalidOperationException($"Expected a warm cache, but {semantic.LastBuildEncoded} facts were encoded.");
    }

    /// <summary>Semantic index over the real knowledge with no cached vectors: MiniLM encodes every current fact.</summary>
    [Benchmark]
    public int SemanticIndexRealColdCache()
    {
        using var semantic = NewSemanticIndex();
        return semantic.LastBuildEncoded == semantic.Count && semantic.Count > 0
            ? semantic.Count
            : throw new InvalidOperationException($"Expected a cold cache, but only {semantic.LastBuildEncoded} of {semantic.Count} facts were encoded.");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _knowledge?.Dispose();
        _embedder?.Dispose();
        BenchmarkData.DeleteRunDirectory(_runDirectory);
    }
}
