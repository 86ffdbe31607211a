using System.Diagnostics;

namespace TalksBot.Tests.ConsoleBot;

/// <summary>
/// The console bot as an operator runs it: waiting for input on a pipe held open (<c>docker run -i</c>) or in a terminal.
/// SIGTERM, SIGINT and Ctrl+C end it within 2 s with exit code 0, without waiting for input to close.
/// </summary>
public sealed class ConsoleSignalProcessTests : IDisposable
{
    private static readonly TimeSpan Allowed = TimeSpan.FromSeconds(2);
    private readonly CliRunner _cli = new();

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task Signal_WhileWaitingForInputOnAPipeHeldOpen_ExitsZeroWithinTwoSeconds(string signal)
    {
        // A child of a shell's background job inherits an ignored SIGINT; env gives the bot the default disposition back.
        await using var bot = BotProcess.WithInputOpen(Start("env", ["--default-signal=INT", "dotnet", .. BotArguments()]));
        await bot.WaitForLineAsync(line => line.Contains("Ctrl+C quits", StringComparison.Ordinal), "with the console bot's greeting");

        var started = Stopwatch.StartNew();
        var exitCode = await bot.SignalAsync(signal);

        Assert.True(exitCode == 0 && started.Elapsed < Allowed, $"SIG{signal}: exit {exitCode} after {started.Elapsed.TotalMilliseconds:F0} ms. Output:\n{bot.Output}");
    }

    [PseudoTerminalFact]
    public async Task CtrlC_InATerminal_ExitsZeroWithinTwoSeconds()
    {
        var command = "exec env --default-signal=INT dotnet " + string.Join(' ', BotArguments().Select(a => $"'{a}'"));
        await using var bot = BotProcess.WithInputOpen(Start(PseudoTerminalFactAttribute.Script, ["-qfec", command, "/dev/null"]));
        await bot.WaitForLineAsync(line => line.Contains("Ctrl+C quits", StringComparison.Ordinal), "with the console bot's greeting");

        var started = Stopwatch.StartNew();
        await bot.TypeAsync("\u0003");
        var exitCode = await bot.WaitForExitAsync();

        Assert.True(exitCode == 0 && started.Elapsed < Allowed, $"Ctrl+C: exit {exitCode} after {started.Elapsed.TotalMilliseconds:F0} ms. Output:\n{bot.Output}");
    }

    public void Dispose() => _cli.Dispose();

    private string[] BotArguments() =>
        [Path.Combine(AppContext.BaseDirectory, "TalksBot.dll"), "--db", _cli.DatabasePath, "--knowledge", CliRunner.KnowledgeDirectory];

    private Process Start(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _cli.Directory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["Search__Embeddings"] = "false";
        return Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
    }

    /// <summary>A test that needs util-linux <c>script</c> to run the bot in a pseudo-terminal; skipped, saying so, without it.</summary>
    private sealed class PseudoTerminalFactAttribute : FactAttribute
    {
        public const string Script = "/usr/bin/script";

        public PseudoTerminalFactAttribute()
        {
            if (!File.Exists(Script))
            {
                Skip = $"{Script} (util-linux) is not installed: there is no pseudo-terminal to type Ctrl+C into.";
            }
        }
    }
}
