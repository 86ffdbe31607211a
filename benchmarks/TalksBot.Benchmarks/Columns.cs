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

/// <summary>
/// The benchmark process's working set and live GC heap right after the benchmark's setup (indexes built, model
/// loaded, one question asked). The benchmark process writes them (<see cref="ProcessMemory.Record"/>); the
/// column reads them back in the host.
/// </summary>
public sealed class ProcessMemoryColumn(bool workingSet) : IColumn
{
    public static readonly IColumn WorkingSet = new ProcessMemoryColumn(workingSet: true);

    public static readonly IColumn GcHeap = new ProcessMemoryColumn(workingSet: false);

    public string Id => $"{nameof(ProcessMemoryColumn)}.{ColumnName}";

    public string ColumnName => workingSet ? "WorkingSet" : "GcHeap";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => workingSet ? 0 : 1;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => workingSet
        ? "Process working set (Environment.WorkingSet) after the setup, in MB"
        : "Live GC heap (GC.GetTotalMemory(forceFullCollection: true)) after the setup, in MB";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var recorded = ProcessMemory.Read(benchmarkCase.Descriptor.Type.Name, benchmarkCase.Descriptor.WorkloadMethod.Name);
        if (recorded is not { } memory)
        {
            return "-";
        }

        var bytes = workingSet ? memory.WorkingSet : memory.GcHeap;
        return (bytes / 1024.0 / 1024.0).ToString("N1", CultureInfo.InvariantCulture) + " MB";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;
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
