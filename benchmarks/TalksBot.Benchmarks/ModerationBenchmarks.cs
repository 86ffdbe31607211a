using BenchmarkDotNet.Attributes;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Moderation;
using TalksBot.Core.Queries;
using TalksBot.Core.Search;
using TalksBot.Core.Search.Embeddings;

namespace TalksBot.Benchmarks;

/// <summary>
/// A moderator's edit from the moment it is saved until members see it: the LiteDB transaction (fact, revision and
/// announcement), the new snapshot, the Lucene update and, in hybrid mode, re-encoding the fact with MiniLM.
/// </summary>
[Config(typeof(AskLatencyConfig))]
public class ModerationBenchmarks
{
    private static readonly Actor Moderator = new("bench", "m1", "Bench Moderator");
    private string _runDirectory = "";
    private KnowledgeStore? _store;
    private FactIndex? _factIndex;
    private SemanticIndex? _semanticIndex;
    private MiniLmEmbedder? _embedder;
    private FactEditor? _editor;
    private string _factId = "";
    private int _edit;

    [GlobalSetup(Target = nameof(EditRealHybrid))]
    public void SetupRealHybrid() => Setup("real", BenchmarkData.Real, embeddings: true);

    [GlobalSetup(Target = nameof(Edit10kLexical))]
    public void Setup10kLexical() => Setup("synthetic10k", BenchmarkData.Synthetic, embeddings: false);

    [GlobalCleanup]
    public void Cleanup()
    {
        _semanticIndex?.Dispose();
        _factIndex?.Dispose();
        _embedder?.Dispose();
        _store?.Dispose();
        Directory.Delete(_runDirectory, recursive: true);
    }

    /// <summary>One edit on the real knowledge, hybrid search: committed, re-indexed and re-encoded.</summary>
    [Benchmark]
    public int EditRealHybrid() => Edit();

    /// <summary>One edit among 10,000 facts, lexical search: committed and re-indexed.</summary>
    [Benchmark]
    public int Edit10kLexical() => Edit();

    private int Edit()
    {
        var text = $"Jared Kushner, edit {++_edit}: the president's son-in-law joined the US team for the talks in Moscow.";
        return _editor!.Edit(_factId, new FactDraft(text, null, null, null), "benchmark", null, Moderator).Revision;
    }

    private void Setup(string name, KnowledgeSet set, bool embeddings)
    {
        if (embeddings)
        {
            _embedder = new MiniLmEmbedder();
        }

        var cache = BenchmarkData.VectorCache(name, set, _embedder);
        _runDirectory = BenchmarkData.NewRunDirectory();
        _store = KnowledgeStore.Open(BenchmarkData.CopyDatabase(cache, _runDirectory));
        _factIndex = new FactIndex(_store);
        _semanticIndex = _embedder is null ? null : new SemanticIndex(_store, _embedder);
        var queries = new QueryService(_factIndex, _semanticIndex, new SearchOptions { Embeddings = embeddings });
        _editor = new FactEditor(_store, queries, TimeProvider.System);
        _factId = "person-kushner";
        for (var i = 0; i < 20; i++)
        {
            Edit();
        }
    }
}
