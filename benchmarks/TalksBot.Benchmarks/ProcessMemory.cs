using System.Globalization;

namespace TalksBot.Benchmarks;

/// <summary>Process memory after a benchmark's setup, handed from the benchmark process to the summary's columns by a file.</summary>
public static class ProcessMemory
{
    private static string Folder => Path.Combine(BenchmarkData.CacheDirectory, "memory");

    /// <summary>Measures, prints a labelled line and records the numbers for <see cref="ProcessMemoryColumn"/>.</summary>
    public static void Record(string benchmarkType, string benchmarkMethod, string label)
    {
        var gcHeap = GC.GetTotalMemory(forceFullCollection: true);
        var workingSet = Environment.WorkingSet;
        Console.WriteLine(
            $"// TalksBot memory after setup [{label}]: working set {workingSet / 1024.0 / 1024.0:N1} MB, " +
            $"GC heap {gcHeap / 1024.0 / 1024.0:N1} MB");
        Directory.CreateDirectory(Folder);
        File.WriteAllText(
            PathOf(benchmarkType, benchmarkMethod),
            string.Create(CultureInfo.InvariantCulture, $"{workingSet} {gcHeap}"));
    }

    public static (long WorkingSet, long GcHeap)? Read(string benchmarkType, string benchmarkMethod)
    {
        var path = PathOf(benchmarkType, benchmarkMethod);
        if (!File.Exists(path))
        {
            return null;
        }

        var parts = File.ReadAllText(path).Split(' ');
        return parts.Length == 2 &&
            long.TryParse(parts[0], CultureInfo.InvariantCulture, out var workingSet) &&
            long.TryParse(parts[1], CultureInfo.InvariantCulture, out var gcHeap)
            ? (workingSet, gcHeap)
            : null;
    }

    /// <summary>Forgets earlier numbers, so a failed setup never shows a stale value.</summary>
    public static void Clear(string benchmarkType, string benchmarkMethod) => File.Delete(PathOf(benchmarkType, benchmarkMethod));

    private static string PathOf(string benchmarkType, string benchmarkMethod) =>
        Path.Combine(Folder, $"{benchmarkType}.{benchmarkMethod}.txt");
}
