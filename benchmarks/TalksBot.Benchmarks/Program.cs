using System.Globalization;
using BenchmarkDotNet.Running;
using TalksBot.Benchmarks;
using TalksBot.Core.Search.Embeddings;

switch (args)
{
    case ["--prepare-cache"]:
        // Optional: builds (or completes) the cached databases with vectors up front; the benchmarks otherwise build them on first use.
        using (var embedder = new MiniLmEmbedder())
        {
            Console.WriteLine(BenchmarkData.VectorCache("real", BenchmarkData.Real, embedder));
            Console.WriteLine(BenchmarkData.VectorCache("synthetic10k", BenchmarkData.Synthetic, embedder));
        }

        return;
    case ["--print-synthetic", var count]:
        foreach (var fact in BenchmarkData.Synthetic.Facts.Where(f => f.Id.StartsWith("synthetic-", StringComparison.Ordinal))
            .Take(int.Parse(count, CultureInfo.InvariantCulture)))
        {
            Console.WriteLine($"{fact.Id} [{fact.Kind}, {fact.Party ?? "-"}, {fact.AsOf:yyyy-MM-dd}] {fact.Text}");
        }

        Console.WriteLine($"{BenchmarkData.Synthetic.Facts.Count} facts, hash {BenchmarkData.HashOf(BenchmarkData.Synthetic)}");
        return;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(AskBenchmarks).Assembly).Run(args);
        return;
}
