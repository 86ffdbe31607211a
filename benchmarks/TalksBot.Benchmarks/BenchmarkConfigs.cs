using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Perfolizer.Mathematics.OutlierDetection;

namespace TalksBot.Benchmarks;

/// <summary>
/// Settings shared by the configs. <c>TALKSBOT_BENCH_SMOKE=1</c> shrinks every job to a quick check that the
/// benchmarks run (a few iterations); leave it unset for real measurements.
/// </summary>
internal static class BenchmarkSettings
{
    public const string SmokeVariable = "TALKSBOT_BENCH_SMOKE";

    public static bool Smoke => Environment.GetEnvironmentVariable(SmokeVariable) is "1" or "true";

    /// <summary>Results and logs go beside this project, whatever the working directory.</summary>
    public static string ArtifactsPath =>
        Path.Combine(Testing.RepositoryPaths.Root, "benchmarks", "TalksBot.Benchmarks", "BenchmarkDotNet.Artifacts");
}

/// <summary>
/// Per-question latency: one invocation per iteration, so every measurement is one <c>Ask</c>, and the percentiles are
/// percentiles of single questions. Outliers are kept (they are the tail) and no GC is forced between questions, so
/// collections land in the questions that pay for them, as in the bot.
/// </summary>
public sealed class AskLatencyConfig : ManualConfig
{
    public AskLatencyConfig()
    {
        ArtifactsPath = BenchmarkSettings.ArtifactsPath;
        var smoke = BenchmarkSettings.Smoke;
        AddJob(Job.Default
            .WithId(smoke ? "PerQuestionSmoke" : "PerQuestion")
            .WithLaunchCount(1)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithWarmupCount(smoke ? 5 : 20)
            .WithIterationCount(smoke ? 40 : 200)
            .WithOutlierMode(OutlierMode.DontRemove)
            .WithGcForce(false));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median, StatisticColumn.P95, PercentileColumn.P99, StatisticColumn.Max);
        AddColumn(ProcessMemoryColumn.AllocatedPerCall, ProcessMemoryColumn.WorkingSet, ProcessMemoryColumn.GcHeap);
        HideColumns(StatisticColumn.Error);
    }
}

/// <summary>Index builds: a few single-shot iterations in one process (the first one, with JIT, is a warmup).</summary>
public sealed class IndexBuildConfig : ManualConfig
{
    public IndexBuildConfig()
    {
        ArtifactsPath = BenchmarkSettings.ArtifactsPath;
        var smoke = BenchmarkSettings.Smoke;
        AddJob(Job.Default
            .WithId(smoke ? "BuildSmoke" : "Build")
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithWarmupCount(1)
            .WithIterationCount(smoke ? 2 : 7)
            .WithOutlierMode(OutlierMode.DontRemove));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median, StatisticColumn.Min, StatisticColumn.Max);
        HideColumns(StatisticColumn.Error);
    }
}

/// <summary>
/// Start-up: every measurement is the first call in a fresh process (cold JIT, model and native libraries loaded
/// for the first time), like a real start. LaunchCount processes, one iteration each.
/// </summary>
public sealed class StartupConfig : ManualConfig
{
    public StartupConfig()
    {
        ArtifactsPath = BenchmarkSettings.ArtifactsPath;
        var smoke = BenchmarkSettings.Smoke;
        AddJob(Job.Default
            .WithId(smoke ? "ColdProcessSmoke" : "ColdProcess")
            .WithStrategy(RunStrategy.ColdStart)
            .WithLaunchCount(smoke ? 2 : 5)
            .WithWarmupCount(0)
            .WithIterationCount(1)
            .WithOutlierMode(OutlierMode.DontRemove));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median, StatisticColumn.Min, StatisticColumn.Max);
        HideColumns(StatisticColumn.Error);
    }
}
