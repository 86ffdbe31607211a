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
        _store.Import(KnowledgeYamlReader.ReadDirectory(BenchmarkPaths.Knowledge));
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

/// <summary>Finds the repository's knowledge directory from wherever BenchmarkDotNet runs the benchmark.</summary>
internal static class BenchmarkPaths
{
    public static string Knowledge { get; } = Find();

    private static string Find()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "TalksBot.sln")))
                {
                    return Path.Combine(directory.FullName, "knowledge");
                }
            }
        }

        throw new InvalidOperationException("Run the benchmarks from inside the TalksBot repository.");
    }
}
