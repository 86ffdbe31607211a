using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using TalksBot.Core.Intake;
using TalksBot.Core.Search.Embeddings;

namespace TalksBot.Benchmarks;

/// <summary>
/// The news inbox's cost per poll: 1,000 feed items scored against the repository's knowledge with
/// <see cref="IntakeService.ScoreAsync"/> (hybrid search, as the bot runs it), one invocation per iteration, so Mean is
/// the time for 1,000 items. Every iteration scores 1,000 items it has not seen (the encoder's question cache never
/// answers for them), as new items arrive in the bot; about a third are off-topic and dropped.
/// </summary>
[Config(typeof(IndexBuildConfig))]
public class IntakeScoringBenchmarks
{
    public const int ItemsPerBatch = 1000;

    private static readonly string[] OnTopic =
    [
        "Zelensky says Ukraine is ready for a ceasefire along the current front line",
        "EU leaders agree to lend Ukraine money backed by frozen Russian central bank assets",
        "Russia rejects any NATO membership for Ukraine as peace talks resume",
        "US envoy Witkoff meets Putin in Moscow to discuss the peace plan",
        "Kyiv says it will not cede the rest of Donetsk region in any settlement",
        "European coalition of the willing discusses troops for Ukraine after a ceasefire",
        "IAEA warns of risks at the Zaporizhzhia nuclear power plant as talks stall",
        "Ukraine and Russia exchange prisoners of war after talks in Istanbul",
        "Kremlin says Ukraine must hold elections before any peace deal is signed",
        "Security guarantees for Ukraine top the agenda at Geneva talks",
        "Trump says a deal to end the war in Ukraine is close",
        "Russia demands limits on the size of Ukraine's army in peace proposals",
    ];

    private static readonly string[] OffTopic =
    [
        "Manchester United beat Liverpool in Premier League derby",
        "Heavy snow closes airports across Scandinavia",
        "Tech shares lift Wall Street to a record close",
        "New exhibition of Dutch masters opens in London",
        "Central bank of Japan keeps interest rates unchanged",
        "Film festival announces this year's jury",
    ];

    private string _runDirectory = "";
    private MiniLmEmbedder? _embedder;
    private BenchmarkKnowledge? _knowledge;
    private IntakeService _intake = null!;
    private IReadOnlyList<FeedItem> _batch = [];
    private int _batchNumber;

    [GlobalSetup]
    public void Setup()
    {
        ProcessMemory.Clear(nameof(IntakeScoringBenchmarks), nameof(ScoreRealHybrid));
        _embedder = new MiniLmEmbedder();
        var cache = BenchmarkData.VectorCache("real", BenchmarkData.Real, _embedder);
        _runDirectory = BenchmarkData.NewRunDirectory();
        _knowledge = BenchmarkKnowledge.Start(BenchmarkData.CopyDatabase(cache, _runDirectory), embeddings: true, _embedder);
        _intake = _knowledge.Services.GetRequiredService<IntakeService>();

        // Warm up (JIT tier-up, caches) on batches of its own, then measure the mean allocation per item on one more.
        var warm = System.Diagnostics.Stopwatch.StartNew();
        while (warm.Elapsed < TimeSpan.FromSeconds(BenchmarkSettings.Smoke ? 1 : 4))
        {
            NextBatch();
            ScoreRealHybrid().GetAwaiter().GetResult();
        }

        NextBatch();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var kept = ScoreRealHybrid().GetAwaiter().GetResult();
        var allocatedPerItem = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / ItemsPerBatch;
        Console.WriteLine($"// TalksBot setup [intake scoring, real knowledge, hybrid]: {kept} of {ItemsPerBatch} items kept as candidates");
        ProcessMemory.Record(nameof(IntakeScoringBenchmarks), nameof(ScoreRealHybrid), "intake scoring, real knowledge, hybrid", allocatedPerItem);
    }

    [IterationSetup]
    public void NextBatch()
    {
        var batch = ++_batchNumber;
        var published = new DateTimeOffset(2026, 3, 12, 6, 0, 0, TimeSpan.Zero);
        _batch = Enumerable.Range(0, ItemsPerBatch).Select(i =>
        {
            var headlines = i % 3 == 2 ? OffTopic : OnTopic;
            var headline = string.Create(CultureInfo.InvariantCulture, $"{headlines[i % headlines.Length]}, report {batch}-{i}");
            return new FeedItem("Bench Wire", headline, "", $"https://wire.example/{batch}/{i}", published.AddMinutes(-i));
        }).ToList();
    }

    /// <summary>1,000 items scored (none stored): the search, the relevance cut, the suggested party and topic, the nearest facts.</summary>
    [Benchmark]
    public async Task<int> ScoreRealHybrid()
    {
        var now = DateTimeOffset.UtcNow;
        var kept = 0;
        foreach (var item in _batch)
        {
            if (await _intake.ScoreAsync(item, StoryKeys.Of(item), now, CancellationToken.None).ConfigureAwait(false) is not null)
            {
                kept++;
            }
        }

        return kept;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _knowledge?.Dispose();
        _embedder?.Dispose();
        BenchmarkData.DeleteRunDirectory(_runDirectory);
    }
}
