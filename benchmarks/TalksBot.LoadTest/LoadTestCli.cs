using System.CommandLine;
using TalksBot.Testing;

namespace TalksBot.LoadTest;

/// <summary>The tool's command line: one subcommand per scenario.</summary>
internal static class LoadTestCli
{
    public static RootCommand Create(TextWriter output)
    {
        var root = new RootCommand("Load and soak tests of the real TalksBot (TalksBot.dll as a child process) against loopback Discord and Slack.");
        root.Subcommands.Add(Scenario("http", "Discord HTTP interactions: signed POSTs to /discord/interactions", 1000, output));
        root.Subcommands.Add(Scenario("gateway", "Discord gateway: INTERACTION_CREATE over the bot's WebSocket, answers by callback", 500, output));
        root.Subcommands.Add(Scenario("slack", "Slack Socket Mode: slash_commands envelopes, answers in the ack or through response_url", 300, output));
        root.Subcommands.Add(Mention(output));
        root.Subcommands.Add(Soak(output));
        return root;
    }

    private static Command Scenario(string name, string description, double defaultRate, TextWriter output)
    {
        var command = new Option<LoadCommand>("--command") { Description = "positions or ask", DefaultValueFactory = _ => LoadCommand.Positions };
        command.AcceptOnlyFromAmong("positions", "ask");
        return Measured(new Command(name, description), command, defaultRate, _ => name, output);
    }

    /// <summary>Members' messages that mention the bot with a question; answered by a reply in the message's thread.</summary>
    private static Command Mention(TextWriter output)
    {
        var platform = new Option<string>("--platform") { Description = "discord (gateway MESSAGE_CREATE) or slack (Socket Mode app_mention)", DefaultValueFactory = _ => "discord" };
        platform.AcceptOnlyFromAmong("discord", "slack");
        var command = new Option<LoadCommand>("--command") { Description = "ask: a mention is a question", DefaultValueFactory = _ => LoadCommand.Ask };
        command.AcceptOnlyFromAmong("ask");
        var mention = new Command("mention", "Messages that @mention the bot with a question (Discord MESSAGE_CREATE or Slack app_mention), answered in their thread") { platform };
        return Measured(mention, command, 300, result => RunSettings.MentionPrefix + result.GetValue(platform), output);
    }

    /// <summary>Adds the options every measured scenario has (rate, duration, warm-up, distinct questions, results file) and runs it.</summary>
    private static Command Measured(Command subcommand, Option<LoadCommand> command, double defaultRate, Func<ParseResult, string> scenario, TextWriter output)
    {
        var rate = RateOption(defaultRate);
        var seconds = new Option<int>("--seconds") { Description = "Measured duration", DefaultValueFactory = _ => 30 };
        var warmUp = new Option<int>("--warmup") { Description = "Seconds at the same rate before measuring (JIT, caches, connections)", DefaultValueFactory = _ => 5 };
        var distinct = DistinctOption();
        var results = ResultsOption();
        var bot = new BotOptions();
        foreach (var option in new Option[] { command, rate, seconds, warmUp, distinct, results })
        {
            subcommand.Options.Add(option);
        }

        bot.AddTo(subcommand);

        subcommand.SetAction((result, token) => LoadRun.RunAsync(
            bot.Apply(result, new RunSettings(
                scenario(result),
                result.GetValue(command),
                Positive(result.GetValue(rate)),
                Math.Clamp(result.GetValue(seconds), 1, 3600),
                Math.Clamp(result.GetValue(warmUp), 0, 600),
                result.GetValue(distinct),
                TimeSpan.FromSeconds(1),
                result.GetValue(results)!)),
            output,
            token));
        return subcommand;
    }

    private static Command Soak(TextWriter output)
    {
        var minutes = new Option<int>("--minutes") { Description = "Duration, including the first minute of warm-up", DefaultValueFactory = _ => 10 };
        var rate = RateOption(200);
        var distinct = DistinctOption();
        var results = ResultsOption();
        var bot = new BotOptions();
        var soak = new Command("soak", "Discord HTTP interactions, 80 % /positions and 20 % /ask at a steady rate; the bot's VmRSS every 10 s") { minutes, rate, distinct, results };
        bot.AddTo(soak);
        soak.SetAction((result, token) => LoadRun.RunAsync(
            bot.Apply(result, new RunSettings(
                "soak",
                LoadCommand.Mix,
                Positive(result.GetValue(rate)),
                (Math.Clamp(result.GetValue(minutes), 2, 24 * 60) - 1) * 60,
                60,
                result.GetValue(distinct),
                TimeSpan.FromSeconds(10),
                result.GetValue(results)!)),
            output,
            token));
        return soak;
    }

    private static Option<double> RateOption(double defaultRate) =>
        new("--rate") { Description = "Interactions per second, sent at fixed intervals (open loop)", DefaultValueFactory = _ => defaultRate };

    private static Option<bool> DistinctOption() =>
        new("--distinct") { Description = "/ask: make every question text unique (a varying word appended), so no question vector is cached" };

    private static Option<string> ResultsOption() =>
        new("--results") { Description = "File to append one JSON line per run to", DefaultValueFactory = _ => Path.Combine(RepositoryPaths.Root, "benchmarks", "TalksBot.LoadTest", "results.jsonl") };

    private static double Positive(double rate) => rate > 0 ? Math.Min(rate, 100_000) : throw new ArgumentOutOfRangeException(nameof(rate), rate, "--rate must be positive");

    /// <summary>Where the bot runs, for every scenario: on which knowledge database (<c>--database</c>) and under which memory limit (<c>--memory-limit</c>).</summary>
    private sealed class BotOptions
    {
        private readonly Option<string?> _database = new("--database")
        {
            Description = "Run the bot on a copy of this knowledge database (e.g. the benchmarks' 10,000-fact cache in $TMPDIR/talksbot-bench/) instead of the real knowledge",
        };

        private readonly Option<int?> _memoryLimit = new("--memory-limit")
        {
            Description = "Run the bot under this memory limit in MB, as a container would (a cgroup v1 group under /sys/fs/cgroup/memory; root)",
        };

        public BotOptions()
        {
            _memoryLimit.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<int?>() is < 64 or > 1_048_576)
                {
                    result.AddError("--memory-limit must be between 64 and 1048576 (MB).");
                }
            });
            _database.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<string?>() is { } path && !File.Exists(path))
                {
                    result.AddError($"--database: no file at {path}.");
                }
            });
        }

        public void AddTo(Command command)
        {
            command.Options.Add(_database);
            command.Options.Add(_memoryLimit);
        }

        public RunSettings Apply(ParseResult result, RunSettings settings) => settings with
        {
            Database = result.GetValue(_database) is { } path ? Path.GetFullPath(path) : null,
            MemoryLimitMegabytes = result.GetValue(_memoryLimit),
        };
    }
}
