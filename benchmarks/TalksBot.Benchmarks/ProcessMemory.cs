using System.Globalization;

namespace TalksBot.Benchmarks;

/// <summary>What a benchmark's setup measured about memory; handed from the benchmark process to the summary's columns by a file.</summary>
/// <param name="WorkingSet">Environment.WorkingSet after the setup, in bytes.</param>
/// <param name="GcHeap">Live GC heap after a full collection, in bytes.</param>
/// <param name="AllocatedPerCall">Mean managed allocation of one call over the whole question list, in bytes (0 when not measured).</param>
public readonly record struct SetupMemory(long WorkingSet, long GcHeap, long AllocatedPerCall);

/// <summary>Records <see cref="SetupMemory"/> in the benchmark process and reads it back in the host (see <see cref="ProcessMemoryColumn"/>).</summary>
public static class ProcessMemory
{
    private static string Folder => Path.Combine(BenchmarkData.CacheDirectory, "memory");

    /// <summary>Measures the process, prints a labelled line and records the numbers.</summary>
    public static void Record(string benchmarkType, string benchmarkMethod, string label, long allocatedPerCall)
    {
        var gcHeap = GC.GetTotalMemory(forceFullCollection: true);
        var workingSet = Environment.WorkingSet;
        Console.WriteLine(
            $"// TalksBot memory after setup [{label}]: working set {workingSet / 1024.0 / 1024.0:N1} MB, " +
            $"GC heap {gcHeap / 1024.0 / 1024.0:N1} MB, allocated per question (mean) {allocatedPerCall / 1024.0:N1} KB");
        Directory.CreateDirectory(Folder);
        File.WriteAllText(
            PathOf(benchmarkType, benchmarkMethod),
            string.Create(CultureInfo.InvariantCulture, $"{workingSet} {gcHeap} {allocatedPerCall}"));
    }

    public static SetupMemory? Read(string benchmarkType, string benchmarkMethod)
    {
        var path = PathOf(benchmarkType, benchmarkMethod);
        if (!File.Exists(path))
        {
            return null;
        }

        var parts = File.ReadAllText(path).Split(' ');
        return parts.Length == 3 &&
            long.TryParse(parts[0], CultureInfo.InvariantCulture, out var workingSet) &&
            long.TryParse(parts[1], CultureInfo.InvariantCulture, out var gcHeap) &&
            long.TryParse(parts[2], CultureInfo.InvariantCulture, out var allocated)
            ? new SetupMemory(workingSet, gcHeap, allocated)
            : null;
    }

    /// <summary>Forgets earlier numbers, so a failed setup never shows a stale value.</summary>
    public static void Clear(string benchmarkType, string benchmarkMethod)
    {
        Directory.CreateDirectory(Folder);
        File.Delete(PathOf(benchmarkType, benchmarkMethod));
    }

    private static string PathOf(string benchmarkType, string benchmarkMethod) =>
        Path.Combine(Folder, $"{benchmarkType}.{benchmarkMethod}.txt");
}
