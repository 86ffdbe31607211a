using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TalksBot.LoadTest;

/// <summary>The bot's resident memory over the run: after warm-up, at the end, the highest, and the change.</summary>
internal sealed record MemorySummary(double StartMb, double EndMb, double MaxMb, double ChangePercent, IReadOnlyList<MemorySample> Samples);

/// <summary>The memory group the bot ran in: its limit, the most it used, how often it hit the limit, and OOM kills.</summary>
internal sealed record MemoryLimitSummary(int LimitMb, double? MaxUsageMb, long? LimitHits, long? OomKills);

/// <summary>One run's result: printed as a small table and appended to the results file as one line of JSON.</summary>
internal sealed record LoadResult(
    DateTimeOffset Date,
    string Machine,
    string Scenario,
    string Command,
    bool DistinctQuestions,
    double TargetRate,
    int Seconds,
    int WarmUpSeconds,
    RunStats Stats,
    MemorySummary Memory,
    MemoryLimitSummary? MemoryLimit,
    string? Database,
    int? BotExitCode,
    CpuUse Cpu,
    int BotLogWarnings,
    int BotLogErrors,
    string PlatformRequests,
    int DuplicateAnswers,
    string? AnswerSample,
    IReadOnlyList<string> ErrorSamples,
    IReadOnlyList<string> BotLogProblems)
{
    /// <summary>New questions the bot answered from BM25 alone because its encoder was overloaded, in the measured part; null when not read.</summary>
    public double? QuestionsShed { get; init; }
}

internal static class LoadReport
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static LoadResult Create(RunSettings settings, Workload workload, RunStats stats, IReadOnlyList<MemorySample> samples, CpuUse cpu, BotProcess bot, LoopbackPlatform platform, LoadRecorder recorder, MemoryLimit? limit)
    {
        var afterWarmUp = samples.FirstOrDefault(s => s.ElapsedSeconds >= settings.WarmUpSeconds) ?? (samples.Count > 0 ? samples[^1] : null);
        var start = afterWarmUp?.ResidentMb ?? 0;
        var end = samples.Count > 0 ? samples[^1].ResidentMb : 0;
        var max = samples.Count > 0 ? samples.Max(s => s.ResidentMb) : 0;
        var memory = new MemorySummary(
            Math.Round(start, 1),
            Math.Round(end, 1),
            Math.Round(max, 1),
            start > 0 ? Math.Round((end - start) / start * 100, 1) : 0,
            samples.Select(s => new MemorySample(Math.Round(s.ElapsedSeconds, 1), Math.Round(s.ResidentMb, 1))).ToList());
        List<string> errorSamples;
        lock (recorder.ErrorSamples)
        {
            errorSamples = [.. recorder.ErrorSamples];
        }

        return new LoadResult(
            DateTimeOffset.Now,
            $"{Environment.MachineName}, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}",
            settings.Scenario,
            settings.Command.ToString().ToLowerInvariant(),
            settings.DistinctQuestions,
            settings.Rate,
            settings.Seconds,
            settings.WarmUpSeconds,
            stats with
            {
                AnsweredPerSecond = Math.Round(stats.AnsweredPerSecond, 1),
                P50Ms = Math.Round(stats.P50Ms, 2),
                P95Ms = Math.Round(stats.P95Ms, 2),
                P99Ms = Math.Round(stats.P99Ms, 2),
                MaxMs = Math.Round(stats.MaxMs, 2),
                MeanSchedulerLagMs = Math.Round(stats.MeanSchedulerLagMs, 3),
                MaxSchedulerLagMs = Math.Round(stats.MaxSchedulerLagMs, 2),
                Slowest = stats.Slowest.Select(slow => slow with { What = Describe(workload.Item(slow.Seq), settings.IsMention) }).ToList(),
            },
            memory,
            limit is null ? null : new MemoryLimitSummary(limit.Megabytes, limit.MaxUsageMegabytes is { } used ? Math.Round(used, 1) : null, limit.LimitHits, limit.OomKills),
            settings.Database is null ? null : Path.GetFileName(settings.Database),
            bot.ExitCode,
            cpu with
            {
                BotCores = Math.Round(cpu.BotCores, 2),
                ToolCores = Math.Round(cpu.ToolCores, 2),
                MachineCores = Math.Round(cpu.MachineCores, 2),
                OthersCores = Math.Round(cpu.OthersCores, 2),
            },
            bot.Warnings,
            bot.Errors,
            platform.RequestCounts,
            recorder.DuplicateAnswers,
            recorder.AnswerSample,
            errorSamples,
            bot.ProblemTail);
    }

    public static void Print(LoadResult result, TextWriter output)
    {
        var s = result.Stats;
        var m = result.Memory;
        var c = result.Cpu;
        var command = (RunSettings.IsMentionScenario(result.Scenario) ? "@TalksBot " : "/") + result.Command + (result.DistinctQuestions ? " (distinct)" : "");
        string[] header = ["scenario", "command", "target/s", "answered/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "sent", "errors", "unanswered", "deferred"];
        string[] row =
        [
            result.Scenario, command, F(result.TargetRate, "0.#"), F(s.AnsweredPerSecond, "0.#"), F(s.P50Ms, "0.0"), F(s.P95Ms, "0.0"), F(s.P99Ms, "0.0"), F(s.MaxMs, "0.0"),
            s.Sent.ToString(CultureInfo.InvariantCulture), s.Errors.ToString(CultureInfo.InvariantCulture), s.Unanswered.ToString(CultureInfo.InvariantCulture), s.Deferred.ToString(CultureInfo.InvariantCulture),
        ];
        output.WriteLine();
        output.WriteLine(Row(header));
        output.WriteLine(Row(header.Select(h => new string('-', h.Length)).ToArray()));
        output.WriteLine(Row(row));
        output.WriteLine();
        output.WriteLine($"bot memory (VmRSS): {m.StartMb:0} MB after warm-up, {m.EndMb:0} MB at the end, {m.MaxMb:0} MB max, change {m.ChangePercent:+0.0;-0.0;0} %");
        if (result.Database is not null)
        {
            output.WriteLine($"knowledge: {result.Database}");
        }

        if (result.MemoryLimit is { } limit)
        {
            output.WriteLine($"memory limit (cgroup v1): {limit.LimitMb} MB; the group's most {limit.MaxUsageMb:0} MB (page cache included); limit hit {limit.LimitHits} times; OOM kills {limit.OomKills}; bot {(result.BotExitCode is { } code ? $"exited with code {code}" : "still running at the end")}");
        }

        output.WriteLine($"cpu (cores, measured part): bot {c.BotCores:0.00}, load tool {c.ToolCores:0.00}, whole machine {c.MachineCores:0.00} of {Environment.ProcessorCount}, others {c.OthersCores:0.00}; load average {c.LoadAverage}");
        output.WriteLine($"scheduler lag: mean {s.MeanSchedulerLagMs:0.00} ms, max {s.MaxSchedulerLagMs:0.0} ms; warm-up: {s.WarmUpSent} sent, {s.WarmUpProblems} errors or unanswered");
        if (result.QuestionsShed is { } shed)
        {
            output.WriteLine($"questions shed to BM25 alone (encoder overloaded), measured part: {shed:0}");
        }

        output.WriteLine($"loopback platform: {result.PlatformRequests}; answered twice: {result.DuplicateAnswers}; bot log: {result.BotLogWarnings} warnings, {result.BotLogErrors} errors");
        if (s.ErrorStatuses.Count > 0)
        {
            output.WriteLine("errors by status: " + string.Join(", ", s.ErrorStatuses.Select(p => $"{p.Key}: {p.Value}")));
        }

        if (s.Seconds.Count > 0)
        {
            var worst = s.Seconds.OrderByDescending(x => x.P99Ms).Take(3).OrderBy(x => x.Second);
            output.WriteLine("worst seconds (p99 / max ms): " + string.Join(", ", worst.Select(x => $"s{x.Second}: {x.P99Ms:0} / {x.MaxMs:0}")));
        }

        foreach (var slow in s.Slowest)
        {
            output.WriteLine($"  slow: #{slow.Seq} {slow.Ms:0.0} ms at s{slow.SentAtSecond:0.0}{(slow.Deferred ? " (deferred)" : "")}: {slow.What}");
        }

        output.WriteLine("an answer: " + result.AnswerSample);
        foreach (var sample in result.ErrorSamples)
        {
            output.WriteLine("  error " + sample);
        }

        foreach (var line in result.BotLogProblems)
        {
            output.WriteLine("  bot log: " + line);
        }
    }

    public static void Append(LoadResult result, string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        File.AppendAllText(path, JsonSerializer.Serialize(result, Json) + Environment.NewLine);
    }

    private static string Describe(WorkItem item, bool mention) => mention ? $"@TalksBot {item.OptionValue}" : $"/{item.Command} {item.SlackText}";

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string Row(string[] cells) => "| " + string.Join(" | ", cells.Select((cell, i) => i < 2 ? cell.PadRight(i == 0 ? 15 : 17) : cell.PadLeft(10))) + " |";
}
