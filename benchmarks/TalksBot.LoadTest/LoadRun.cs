using System.Diagnostics;

namespace TalksBot.LoadTest;

/// <summary>What one run does: a scenario, a command, an offered rate for a time, after a warm-up at the same rate.</summary>
internal sealed record RunSettings(
    string Scenario,
    LoadCommand Command,
    double Rate,
    int Seconds,
    int WarmUpSeconds,
    bool DistinctQuestions,
    TimeSpan MemoryInterval,
    string ResultsFile)
{
    /// <summary>A knowledge database the bot runs on instead of a warm copy of the real knowledge (e.g. the benchmarks' 10,000 facts).</summary>
    public string? Database { get; init; }

    /// <summary>A memory limit in MB the bot runs under (a cgroup v1 group, as a container would have), or null.</summary>
    public int? MemoryLimitMegabytes { get; init; }

    /// <summary>
    /// How soon the platform must hear back: an interaction (Discord, Slack) is given up after 3 s; a message that
    /// mentions the bot has no deadline, so its answer counts however late it comes (within the run and the drain).
    /// </summary>
    public TimeSpan? FirstResponseDeadline => IsMention ? null : LoadRecorder.AnswerDeadline;

    /// <summary>The mention scenarios are named "mention-" and the platform.</summary>
    public const string MentionPrefix = "mention-";

    public bool IsMention => IsMentionScenario(Scenario);

    public static bool IsMentionScenario(string scenario) => scenario.StartsWith(MentionPrefix, StringComparison.Ordinal);
}

/// <summary>
/// Runs one load test end to end: loopback platform, the bot as a child process, warm-up, the measured open-loop run,
/// a drain for late answers, then the report. Everything is bounded in time and the bot is killed whatever happens.
/// </summary>
internal static class LoadRun
{
    /// <summary>After the last send, how long late answers (deferred edits, slow responses) are waited for.</summary>
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(RunSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        var warmUp = (int)Math.Round(settings.Rate * settings.WarmUpSeconds);
        var total = warmUp + (int)Math.Round(settings.Rate * settings.Seconds);
        var recorder = new LoadRecorder(total, warmUp, settings.FirstResponseDeadline);
        var workload = new Workload(settings.Command, settings.DistinctQuestions);
        output.WriteLine($"{settings.Scenario} {(settings.IsMention ? "@TalksBot question" : "/" + settings.Command.ToString().ToLowerInvariant())}: {settings.Rate:0.#}/s for {settings.Seconds} s after {settings.WarmUpSeconds} s warm-up ({total} interactions, {Workload.Members} members{(settings.Command != LoadCommand.Positions ? $", {workload.QuestionCount} questions{(settings.DistinctQuestions ? " made distinct" : "")}" : "")}); load average {ResourceSampler.LoadAverage()}");

        using var scenario = Create(settings.Scenario, workload, recorder);
        await using var platform = await LoopbackPlatform.StartAsync(recorder, cancellationToken).ConfigureAwait(false);
        output.WriteLine("Preparing the warm database and starting the bot …");
        using var memoryLimit = settings.MemoryLimitMegabytes is { } megabytes ? MemoryLimit.Create(megabytes) : null;
        using var bot = BotProcess.Start(scenario.Environment(platform), settings.Database, memoryLimit);
        var started = Stopwatch.StartNew();
        await scenario.WaitReadyAsync(bot, platform, cancellationToken).ConfigureAwait(false);
        output.WriteLine($"Bot ready (pid {bot.Id}) after {started.Elapsed.TotalSeconds:0.0} s, {bot.ResidentMegabytes():0} MB resident; sending …");

        // A bot that dies ends the run (its report says so) instead of failing every interaction until the end.
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _ = bot.Exited.ContinueWith(_ => run.Cancel(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        await using var sampler = new ResourceSampler(bot, settings.MemoryInterval);
        sampler.Start();
        Task<double?>? shedBeforeMeasuring = null;
        var fired = await OpenLoopScheduler.RunAsync(total, settings.Rate, (seq, intended) =>
        {
            if (seq == warmUp)
            {
                sampler.MarkCpu();
                shedBeforeMeasuring = scenario.MetricsUri is { } metrics ? BotMetrics.CounterAsync(metrics, BotMetrics.QuestionsShed, run.Token) : null;
            }

            scenario.Fire(seq, intended);
        }, run.Token).ConfigureAwait(false);
        if (warmUp >= fired)
        {
            sampler.MarkCpu();
        }

        var cpu = sampler.CpuSinceMark();
        var draining = Stopwatch.StartNew();
        while (!recorder.AllSettled(recorder.SentCount) && draining.Elapsed < Drain && !run.IsCancellationRequested)
        {
            await Task.Delay(100, CancellationToken.None).ConfigureAwait(false);
        }

        var stats = recorder.Summarize(recorder.SentCount);
        var shedInAll = scenario.MetricsUri is { } metrics && bot.ExitCode is null ? await BotMetrics.CounterAsync(metrics, BotMetrics.QuestionsShed, cancellationToken).ConfigureAwait(false) : null;
        var shedInWarmUp = shedBeforeMeasuring is null ? 0 : await shedBeforeMeasuring.ConfigureAwait(false);
        var shed = shedInAll - (shedInWarmUp ?? 0);
        var result = LoadReport.Create(settings, workload, stats, sampler.Samples, cpu, bot, platform, recorder, memoryLimit) with { QuestionsShed = shed };
        if (cancellationToken.IsCancellationRequested || bot.ExitCode is not null)
        {
            output.WriteLine($"Stopped early after {fired} of {total} interactions: {(bot.ExitCode is { } code ? $"the bot exited with code {code}" : "cancelled")}.");
        }

        LoadReport.Print(result, output);
        LoadReport.Append(result, settings.ResultsFile);
        output.WriteLine($"Appended to {Path.GetFullPath(settings.ResultsFile)}");
        return cancellationToken.IsCancellationRequested ? 130 : 0;
    }

    private static IScenario Create(string name, Workload workload, LoadRecorder recorder) => name switch
    {
        "http" or "soak" => new HttpInteractionsScenario(workload, recorder),
        "gateway" => new GatewayScenario(workload, mentions: false),
        "slack" => new SlackScenario(workload, mentions: false),
        "mention-discord" => new GatewayScenario(workload, mentions: true),
        "mention-slack" => new SlackScenario(workload, mentions: true),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown scenario"),
    };
}
