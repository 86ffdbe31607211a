using BenchmarkDotNet.Attributes;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Moderation;
using TalksBot.Core.Search.Embeddings;

namespace TalksBot.Benchmarks;

/// <summary>
/// A moderator's edit from the moment it is saved until members see it. The save (the LiteDB transaction with fact,
/// revision and announcement, and the new snapshot) runs on the moderator's request; the Lucene update and, in hybrid
/// mode, re-encoding the fact with MiniLM follow in the background, through the change feed.
/// </summary>
[Config(typeof(AskLatencyConfig))]
public class ModerationBenchmarks
{
    private const string FactId = "person-kushner";
    private static readonly Actor Moderator = new("bench", "m1", "Bench Moderator");
    private string _runDirectory = "";
    private MiniLmEmbedder? _embedder;
    private BenchmarkKnowledge? _knowledge;
    private int _edit;

    [GlobalSetup(Targets = [nameof(EditRealHybrid), nameof(SaveRealHybrid), nameof(SaveToSearchableRealHybrid)])]
    public void SetupRealHybrid() => Setup("real", BenchmarkData.Real, embeddings: true);

    [GlobalSetup(Targets = [nameof(Edit10kLexical), nameof(Save10kLexical), nameof(SaveToSearchable10kLexical)])]
    public void Setup10kLexical() => Setup("synthetic10k", BenchmarkData.Synthetic, embeddings: false);

    [GlobalCleanup]
    public void Cleanup()
    {
        _knowledge?.Dispose();
        _embedder?.Dispose();
        Directory.Delete(_runDirectory, recursive: true);
    }

    /// <summary>One edit on the real knowledge, hybrid search, as the moderator waits for it: checked, committed, and searchable.</summary>
    [Benchmark]
    public Task<int> EditRealHybrid() => EditAsync();

    /// <summary>One edit among 10,000 facts, lexical search, as the moderator waits for it.</summary>
    [Benchmark]
    public Task<int> Edit10kLexical() => EditAsync();

    /// <summary>The store's part alone (commit, snapshot, publish): what a save costs the request now that indexes update in the background.</summary>
    [Benchmark]
    public Task<long> SaveRealHybrid() => SaveAsync(untilSearchable: false);

    /// <inheritdoc cref="SaveRealHybrid"/>
    [Benchmark]
    public Task<long> Save10kLexical() => SaveAsync(untilSearchable: false);

    /// <summary>Save → searchable: committed, then applied by the background updater to the BM25 index and MiniLM vectors.</summary>
    [Benchmark]
    public Task<long> SaveToSearchableRealHybrid() => SaveAsync(untilSearchable: true);

    /// <summary>Save → searchable among 10,000 facts, lexical search.</summary>
    [Benchmark]
    public Task<long> SaveToSearchable10kLexical() => SaveAsync(untilSearchable: true);

    private async Task<int> EditAsync()
    {
        var saved = await _knowledge!.Editor.EditAsync(FactId, new FactDraft(NextText(), null, null, null), "benchmark", null, Moderator).ConfigureAwait(false);
        return saved.Revision;
    }

    private async Task<long> SaveAsync(bool untilSearchable)
    {
        var knowledge = _knowledge!;
        var fact = knowledge.Facts.Snapshot.FactsById[FactId];
        await knowledge.Facts.SaveAsync(fact with { Text = NextText() }, RevisionAction.Edit, Moderator, "benchmark").ConfigureAwait(false);
        var sequence = knowledge.Changes.LastPublished;
        if (untilSearchable)
        {
            await knowledge.Changes.WaitForAsync(sequence).ConfigureAwait(false);
        }

        return sequence;
    }

    private string NextText() =>
        $"Jared Kushner, edit {++_edit}: the president's son-in-law joined the US team for the talks in Moscow.";

    private void Setup(string name, KnowledgeSet set, bool embeddings)
    {
        if (embeddings)
        {
            _embedder = new MiniLmEmbedder();
        }

        var cache = BenchmarkData.VectorCache(name, set, _embedder);
        _runDirectory = BenchmarkData.NewRunDirectory();
        _knowledge = BenchmarkKnowledge.Start(BenchmarkData.CopyDatabase(cache, _runDirectory), embeddings, _embedder);
        for (var i = 0; i < 20; i++)
        {
            EditAsync().GetAwaiter().GetResult();
        }

        // The edits are searchable: the newest text is what BM25 finds for its own words.
        var newest = _knowledge.Facts.Snapshot.FactsById[FactId].Text;
        var hits = _knowledge.FactIndex.Search(newest, [], 3).Hits;
        if (hits.Count == 0 || hits[0].Fact.Id != FactId || hits[0].Fact.Text != newest)
        {
            throw new InvalidOperationException("The edits did not reach the search index.");
        }
    }
}
