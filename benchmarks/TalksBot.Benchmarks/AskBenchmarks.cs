using BenchmarkDotNet.Attributes;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Queries;
using TalksBot.Core.Search.Embeddings;

namespace TalksBot.Benchmarks;

/// <summary>
/// Latency of one <c>/ask</c>, hybrid (BM25 + MiniLM embeddings) and lexical-only (BM25). Every invocation asks the
/// next question of <see cref="Questions.All"/>, so the percentiles mix paraphrases, terse and misspelled queries and
/// out-of-scope questions, and no question is measured twice in a row. After warm-up <see cref="Hybrid"/> finds each
/// question's vector in the question cache (a repeated question); <see cref="HybridNewQuestion"/> makes every text
/// unique, as the load tool's <c>--distinct</c> does, so each one is encoded.
/// </summary>
public abstract class AskBenchmarks
{
    private string _runDirectory = "";
    private MiniLmEmbedder? _embedder;
    private BenchmarkKnowledge? _knowledge;
    private QueryService _queries = null!;
    private int _next;
    private int _round;

    /// <summary>Warm-up rounds of new questions are numbered from here, never reached by the measured ones.</summary>
    private const int WarmUpRounds = 1_000_000;

    /// <summary>A label for the console lines, e.g. "real knowledge".</summary>
    protected abstract string KnowledgeLabel { get; }

    /// <summary>Name of the cached database (with vectors) for this knowledge, and the knowledge itself.</summary>
    protected abstract (string Name, KnowledgeSet Set) Knowledge { get; }

    [GlobalSetup(Target = nameof(Hybrid))]
    public void SetupHybrid() => Setup(nameof(Hybrid), embeddings: true);

    [GlobalSetup(Target = nameof(HybridNewQuestion))]
    public void SetupHybridNewQuestion() => Setup(nameof(HybridNewQuestion), embeddings: true);

    [GlobalSetup(Target = nameof(Lexical))]
    public void SetupLexical() => Setup(nameof(Lexical), embeddings: false);

    /// <summary>BM25 and sentence embeddings fused (the default mode).</summary>
    [Benchmark]
    public Task<AskAnswer> Hybrid() => _queries.AskAsync(NextQuestion());

    /// <summary>Hybrid, every question never asked before: the sentence model encodes each one.</summary>
    [Benchmark]
    public Task<AskAnswer> HybridNewQuestion() => _queries.AskAsync(NextNewQuestion());

    /// <summary>BM25 only (<c>Search:Embeddings = false</c>).</summary>
    [Benchmark]
    public Task<AskAnswer> Lexical() => _queries.AskAsync(NextQuestion());

    [GlobalCleanup]
    public void Cleanup()
    {
        _knowledge?.Dispose();
        _embedder?.Dispose();
        BenchmarkData.DeleteRunDirectory(_runDirectory);
    }

    private string NextQuestion()
    {
        var questions = Questions.All;
        var question = questions[_next];
        _next = (_next + 1) % questions.Count;
        return question;
    }

    /// <summary>The next question with a word and a number appended that no earlier text had (the load tool's <c>--distinct</c>).</summary>
    private string NextNewQuestion()
    {
        var question = NextQuestion();
        if (_next == 0)
        {
            _round++;
        }

        return Questions.MadeNew(question, _round);
    }

    private void Setup(string method, bool embeddings)
    {
        // BenchmarkDotNet runs a generated subclass; the summary knows the benchmark class by its own name.
        var benchmarkType = GetType();
        while (benchmarkType.BaseType is { } parent && benchmarkType.Assembly != typeof(AskBenchmarks).Assembly)
        {
            benchmarkType = parent;
        }

        var type = benchmarkType.Name;
        ProcessMemory.Clear(type, method);
        var (name, set) = Knowledge;

        if (embeddings)
        {
            _embedder = new MiniLmEmbedder();
        }

        // Lexical runs need no vectors, but share the cached database so both modes search the same facts.
        var cache = BenchmarkData.VectorCache(name, set, _embedder);
        _runDirectory = BenchmarkData.NewRunDirectory();
        _knowledge = BenchmarkKnowledge.Start(BenchmarkData.CopyDatabase(cache, _runDirectory), embeddings, _embedder);
        if (_knowledge.Startup!.Encoded > 0)
        {
            throw new InvalidOperationException($"The cached database {cache} lacked {_knowledge.Startup.Encoded} vectors.");
        }

        _queries = _knowledge.Queries;
        // Every question once to warm up (JIT, caches), then once more to measure the mean allocation per question.
        var facts = _knowledge.Facts.Snapshot.Facts;
        var current = facts.Count(f => f.IsCurrent);
        var answered = Questions.All.Count(q => Ask(q).Answered);

        // A bot answers for hours: measure steady state, with the ask path tiered up by the JIT (tier-0 code is several
        // times slower, and BenchmarkDotNet's 20 single-call warmup iterations alone would not get it there). Tier-up
        // compiles in the background after a delay, so warm for a while, not for a number of calls.
        // New questions warm up on new questions (the encoder's path, numbered apart from the measured ones), as a bot
        // that has answered for a while has them tiered up too.
        var warm = System.Diagnostics.Stopwatch.StartNew();
        var warmRound = WarmUpRounds;
        while (warm.Elapsed < TimeSpan.FromSeconds(4))
        {
            warmRound++;
            foreach (var question in Questions.All)
            {
                Ask(method == nameof(HybridNewQuestion) ? Questions.MadeNew(question, warmRound) : question);
            }
        }

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        foreach (var question in Questions.All)
        {
            Ask(question);
        }

        var allocatedPerQuestion = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / Questions.All.Count;
        var mode = embeddings ? "hybrid" : "lexical";
        Console.WriteLine(
            $"// TalksBot setup [{KnowledgeLabel}, {mode}]: {facts.Count} facts ({current} current), " +
            $"{Questions.All.Count} questions, {answered} answered");
        ProcessMemory.Record(type, method, $"{KnowledgeLabel}, {mode}", allocatedPerQuestion);
    }

    /// <summary>One question outside the measurement (set-up, warm-up): waited for as BenchmarkDotNet waits for a benchmark's task.</summary>
    private AskAnswer Ask(string question) => _queries.AskAsync(question).GetAwaiter().GetResult();
}

/// <summary>Ask latency over the repository's knowledge/ directory.</summary>
[Config(typeof(AskLatencyConfig))]
public class RealKnowledgeAskBenchmarks : AskBenchmarks
{
    protected override string KnowledgeLabel => "real knowledge";

    protected override (string Name, KnowledgeSet Set) Knowledge => ("real", BenchmarkData.Real);
}

/// <summary>Ask latency over 10,000 facts (the real ones plus generated ones, see <see cref="SyntheticKnowledge"/>).</summary>
[Config(typeof(AskLatencyConfig))]
public class Synthetic10kAskBenchmarks : AskBenchmarks
{
    protected override string KnowledgeLabel => "10,000 synthetic facts";

    protected override (string Name, KnowledgeSet Set) Knowledge => ("synthetic10k", BenchmarkData.Synthetic);
}
