using BenchmarkDotNet.Attributes;
using TalksBot.Core.Knowledge.Yaml;

namespace TalksBot.Benchmarks;

/// <summary>
/// The whole start path on the real knowledge, measured in a fresh process each time: open the store, read and
/// import knowledge/, build the BM25 index and (side by side) load MiniLM and build the semantic index, answer one
/// question.
/// </summary>
[Config(typeof(StartupConfig))]
public class StartupBenchmarks
{
    private const string FirstQuestion = "Will Ukraine give up Donetsk in exchange for peace?";

    private string _runDirectory = "";
    private string _warmTemplate = "";
    private string _databasePath = "";

    [GlobalSetup(Target = nameof(WarmVectorCache))]
    public void SetupWarm()
    {
        // Builds (once) the database with the real knowledge and its vectors, outside any measurement.
        _warmTemplate = BenchmarkData.VectorCache("real", BenchmarkData.Real);
        _runDirectory = BenchmarkData.NewRunDirectory();
    }

    [GlobalSetup(Target = nameof(ColdVectorCache))]
    public void SetupCold() => _runDirectory = BenchmarkData.NewRunDirectory();

    /// <summary>Each start gets its own database: a copy of the warm one, or a path with no file yet.</summary>
    [IterationSetup(Target = nameof(WarmVectorCache))]
    public void CopyWarmDatabase() => _databasePath = BenchmarkData.CopyDatabase(_warmTemplate, _runDirectory);

    [IterationSetup(Target = nameof(ColdVectorCache))]
    public void ChooseFreshDatabase() => _databasePath = Path.Combine(_runDirectory, $"{Guid.NewGuid():N}.db");

    [IterationCleanup]
    public void DeleteDatabase() => BenchmarkData.DeleteDatabase(_databasePath);

    /// <summary>A restart: the database already holds the facts and their vectors; import finds nothing new.</summary>
    [Benchmark]
    public bool WarmVectorCache() => Start(expectEncoded: false);

    /// <summary>A first start: empty database, every fact imported and encoded.</summary>
    [Benchmark]
    public bool ColdVectorCache() => Start(expectEncoded: true);

    [GlobalCleanup]
    public void Cleanup()
    {
        BenchmarkData.DeleteRunDirectory(_runDirectory);
    }

    private bool Start(bool expectEncoded)
    {
        using var knowledge = BenchmarkKnowledge.Start(_databasePath, embeddings: true, import: KnowledgeYamlReader.ReadDirectory(Testing.RepositoryPaths.Knowledge));
        if ((knowledge.Startup!.Encoded > 0) != expectEncoded)
        {
            throw new InvalidOperationException(
                $"Expected a {(expectEncoded ? "cold" : "warm")} vector cache, but {knowledge.Startup.Encoded} facts were encoded" +
                (expectEncoded ? "." : "; run with --prepare-cache to complete the cached database."));
        }

        return knowledge.Queries.AskAsync(FirstQuestion).GetAwaiter().GetResult().Answered;
    }
}
