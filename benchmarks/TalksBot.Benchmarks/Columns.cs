using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace TalksBot.Benchmarks;

/// <summary>A latency percentile of the measured iterations (with one invocation per iteration: of single calls).</summary>
public sealed class PercentileColumn(int percentile) : IColumn
{
    public static readonly IColumn P99 = new PercentileColumn(99);

    public string Id => $"{nameof(PercentileColumn)}.P{percentile}";

    public string ColumnName => $"P{percentile}";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Statistics;

    public int PriorityInCategory => 10;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Time;

    public string Legend => $"Percentile {percentile}: {percentile}% of the measured calls took at most this long";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var statistics = summary[benchmarkCase]?.ResultStatistics;
        if (statistics is null)
        {
            return "NA";
        }

        return Durations.Format(statistics.Percentiles.Percentile(percentile));
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;
}

/// <summary>What a <see cref="ProcessMemoryColumn"/> shows.</summary>
public enum SetupMemoryKind
{
    WorkingSet,
    GcHeap,
    AllocatedPerCall,
}

/// <summary>
/// Memory measured by the benchmark's setup (indexes built, model loaded, every question asked twice): the process's
/// working set, the live GC heap, and the mean allocation per question. The benchmark process writes them
/// (<see cref="ProcessMemory.Record"/>); the column reads them back in the host.
/// </summary>
public sealed class ProcessMemoryColumn(SetupMemoryKind kind) : IColumn
{
    public static readonly IColumn WorkingSet = new ProcessMemoryColumn(SetupMemoryKind.WorkingSet);

    public static readonly IColumn GcHeap = new ProcessMemoryColumn(SetupMemoryKind.GcHeap);

    public static readonly IColumn AllocatedPerCall = new ProcessMemoryColumn(SetupMemoryKind.AllocatedPerCall);

    public string Id => $"{nameof(ProcessMemoryColumn)}.{kind}";

    public string ColumnName => kind switch
    {
        SetupMemoryKind.WorkingSet => "WorkingSet",
        SetupMemoryKind.GcHeap => "GcHeap",
        _ => "AllocMean",
    };

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => (int)kind;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => kind switch
    {
        SetupMemoryKind.WorkingSet => "Process working set (Environment.WorkingSet) after the setup",
        SetupMemoryKind.GcHeap => "Live GC heap (GC.GetTotalMemory(forceFullCollection: true)) after the setup",
        _ => "Mean managed allocation per question over the whole list (Allocated is one question's, the next in the rotation)",
    };

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (ProcessMemory.Read(benchmarkCase.Descriptor.Type.Name, benchmarkCase.Descriptor.WorkloadMethod.Name) is not { } memory)
        {
            return "-";
        }

        return kind switch
        {
            SetupMemoryKind.WorkingSet => Megabytes(memory.WorkingSet),
            SetupMemoryKind.GcHeap => Megabytes(memory.GcHeap),
            _ => (memory.AllocatedPerCall / 1024.0).ToString("N1", CultureInfo.InvariantCulture) + " KB",
        };
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;

    private static string Megabytes(long bytes) => (bytes / 1024.0 / 1024.0).ToString("N1", CultureInfo.InvariantCulture) + " MB";
}

/// <summary>Formats nanoseconds with a unit that fits the value.</summary>
internal static class Durations
{
    public static string Format(double nanoseconds) => nanoseconds switch
    {
        >= 1e9 => (nanoseconds / 1e9).ToString("N3", CultureInfo.InvariantCulture) + " s",
        >= 1e6 => (nanoseconds / 1e6).ToString("N3", CultureInfo.InvariantCulture) + " ms",
        >= 1e3 => (nanoseconds / 1e3).ToString("N1", CultureInfo.InvariantCulture) + " μs",
        _ => nanoseconds.ToString("N1", CultureInfo.InvariantCulture) + " ns",
    };
}
