using BenchmarkDotNet.Attributes;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Knowledge.Yaml;
using TalksBot.Core.Queries;
using TalksBot.Core.Search;

namespace TalksBot.Benchmarks;

/// <summary>Free-text and positions queries over the repository's real knowledge (lexical retrieval).</summary>
[MemoryDiagnoser]
public class AskBenchmarks
{
    private string _directory = "";
    private KnowledgeStore _store = null!;
    private FactIndex _index = null!;
    private QueryService _queries = null!;

    [Params("Will Ukraine give up Donetsk?", "zelensky nato", "What's a good recipe for pancakes?")]
    public string Question { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("talksbot-bench-").FullName;
        _store = KnowledgeStore.Open(Path.Combine(_directory, "bench.db"));
        _store.Import(KnowledgeYamlReader.ReadDirectory(Testing.RepositoryPaths.Knowledge));
        _index = new FactIndex(_store);
        _queries = new QueryService(_index);
    }

    [Benchmark]
    public AskAnswer Ask() => _queries.Ask(Question);

    [GlobalCleanup]
    public void Cleanup()
    {
        _index.Dispose();
        _store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
