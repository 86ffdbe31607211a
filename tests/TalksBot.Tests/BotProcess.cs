using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace TalksBot.Tests;

/// <summary>
/// The real bot as a child process, running until told to stop: every stdout and stderr line is kept (prefixed
/// "out: " / "err: "), SIGTERM is sent as an operator or Docker would (<c>kill -TERM</c>), and every wait is bounded.
/// </summary>
internal sealed class BotProcess : IAsyncDisposable
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private BotProcess(Process process, bool closeInput = true)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Keep("out: ", e.Data);
        _process.ErrorDataReceived += (_, e) => Keep("err: ", e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (closeInput)
        {
            _process.StandardInput.Close();
        }
    }

    public IReadOnlyList<string> Lines => [.. _lines];

    public string Output => string.Join('\n', _lines);

    public bool HasExited => _process.HasExited;

    /// <summary>The bot's resident memory now, in MB (Linux: VmRSS in /proc).</summary>
    public double ResidentMegabytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id.ToString(CultureInfo.InvariantCulture)}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    /// <summary>Runs the bot (no verb) with these settings in its environment; logs at every level so that nothing hides.</summary>
    public static BotProcess Start(CliRunner cli, IReadOnlyDictionary<string, string> settings)
    {
        var environment = new Dictionary<string, string>
        {
            ["Logging__LogLevel__Default"] = "Trace",
            ["Logging__LogLevel__TalksBot"] = "Trace",
            ["Search__Embeddings"] = "false",
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        return new BotProcess(cli.Start(environment));
    }

    /// <summary>Watches a process already started with redirected streams; its stdin stays open (a console bot waiting for input).</summary>
    public static BotProcess WithInputOpen(Process process) => new(process, closeInput: false);

    /// <summary>A loopback port nothing listens on (free a moment ago).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task WaitForLineAsync(Func<string, bool> predicate, string description)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!_lines.Any(predicate))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No line {description} (exited: {_process.HasExited}). Output:\n{Output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Polls <paramref name="url"/> until it answers <paramref name="status"/>; returns the body.</summary>
    public async Task<string> WaitForStatusAsync(HttpClient http, Uri url, HttpStatusCode status)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(url);
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == status)
                {
                    return body;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{url} never answered {(int)status} (exited: {_process.HasExited}). Output:\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Sends SIGTERM (the shell's kill, present wherever /bin/sh is) and waits for the process to exit; returns its exit code.</summary>
    public Task<int> TerminateAsync() => SignalAsync("TERM");

    /// <summary>Sends a signal (TERM, INT …) as an operator or Docker would and waits for the process to exit; returns its exit code.</summary>
    public async Task<int> SignalAsync(string signal)
    {
        using (var kill = Process.Start("/bin/sh", ["-c", $"kill -{signal} {_process.Id.ToString(CultureInfo.InvariantCulture)}"]))
        {
            await kill.WaitForExitAsync();
        }

        return await WaitForExitAsync();
    }

    /// <summary>Writes to the process's stdin as someone typing would (it must have been started with its input open).</summary>
    public async Task TypeAsync(string text)
    {
        await _process.StandardInput.WriteAsync(text);
        await _process.StandardInput.FlushAsync();
    }

    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(Wait);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
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
