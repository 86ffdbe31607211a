using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

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
        using var bot = new ConsoleProcess(Start("env", ["--default-signal=INT", "dotnet", .. BotArguments()]));
        await bot.WaitForOutputAsync("Knowledge as of");

        var (exitCode, elapsed) = await bot.SignalAsync(signal);

        Assert.True(exitCode == 0 && elapsed < Allowed, $"SIG{signal}: exit {exitCode} after {elapsed.TotalMilliseconds:F0} ms. Output:\n{bot.Output}");
    }

    [PseudoTerminalFact]
    public async Task CtrlC_InATerminal_ExitsZeroWithinTwoSeconds()
    {
        var command = "exec env --default-signal=INT dotnet " + string.Join(' ', BotArguments().Select(a => $"'{a}'"));
        using var bot = new ConsoleProcess(Start(PseudoTerminalFactAttribute.Script, ["-qfec", command, "/dev/null"]));
        await bot.WaitForOutputAsync("Knowledge as of");
        await bot.WaitForOutputAsync("Ctrl+C quits");

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

    /// <summary>A child process whose stdin stays open until disposed; its output is kept, every wait is bounded.</summary>
    private sealed class ConsoleProcess : IDisposable
    {
        private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
        private readonly Process _process;
        private readonly ConcurrentQueue<string> _lines = new();

        public ConsoleProcess(Process process)
        {
            _process = process;
            _process.OutputDataReceived += (_, e) => Keep("out: ", e.Data);
            _process.ErrorDataReceived += (_, e) => Keep("err: ", e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public string Output => string.Join('\n', _lines);

        public async Task WaitForOutputAsync(string text)
        {
            var deadline = Stopwatch.StartNew();
            while (!_lines.Any(line => line.Contains(text, StringComparison.Ordinal)))
            {
                if (_process.HasExited || deadline.Elapsed > Wait)
                {
                    throw new TimeoutException($"No output '{text}' (exited: {_process.HasExited}). Output:\n{Output}");
                }

                await Task.Delay(50);
            }
        }

        public async Task TypeAsync(string text)
        {
            await _process.StandardInput.WriteAsync(text);
            await _process.StandardInput.FlushAsync();
        }

        /// <summary>Sends the signal with the shell's kill, as an operator or Docker would; returns the exit code and how long the exit took.</summary>
        public async Task<(int ExitCode, TimeSpan Elapsed)> SignalAsync(string signal)
        {
            var started = Stopwatch.StartNew();
            using (var kill = Process.Start("/bin/sh", ["-c", $"kill -{signal} {_process.Id.ToString(CultureInfo.InvariantCulture)}"]))
            {
                await kill.WaitForExitAsync();
            }

            var exitCode = await WaitForExitAsync();
            return (exitCode, started.Elapsed);
        }

        /// <summary>The exit code, or -1 when the process was still running 10 s later (it is then killed).</summary>
        public async Task<int> WaitForExitAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
                return _process.ExitCode;
            }
            catch (OperationCanceledException)
            {
                return -1;
            }
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(10));
            }

            _process.Dispose();
        }

        private void Keep(string stream, string? line)
        {
            if (line is not null)
            {
                _lines.Enqueue(stream + line);
            }
        }
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
