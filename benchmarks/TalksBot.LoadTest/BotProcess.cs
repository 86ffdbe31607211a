using System.Diagnostics;
using System.Globalization;
using TalksBot.Testing;

namespace TalksBot.LoadTest;

/// <summary>
/// The real bot: TalksBot.dll from this tool's output, run by <c>dotnet</c> as a child process on a warm copy of the
/// knowledge database, configured only through environment variables. Its log goes to a file; warnings and errors are
/// counted. Disposing kills it (and it is killed on Ctrl+C or when the tool exits for any other reason).
/// </summary>
internal sealed class BotProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Queue<string> _problemTail = new();
    private int _warnings;
    private int _errors;
    private int _logLines;

    private BotProcess(Process process, string directory, StreamWriter log)
    {
        _process = process;
        Directory = directory;
        _log = log;
        AppDomain.CurrentDomain.ProcessExit += KillOnExit;
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
    }

    public string Directory { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Completes when the bot process exits.</summary>
    public Task Exited => _process.WaitForExitAsync();

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public string LogPath => Path.Combine(Directory, "bot.log");

    public int Warnings => Volatile.Read(ref _warnings);

    public int Errors => Volatile.Read(ref _errors);

    public int LogLines => Volatile.Read(ref _logLines);

    /// <summary>The last warning and error lines of the bot's log.</summary>
    public IReadOnlyList<string> ProblemTail
    {
        get
        {
            lock (_problemTail)
            {
                return [.. _problemTail];
            }
        }
    }

    /// <summary>Starts the bot with <paramref name="environment"/> on top of a fresh database in a temp folder.</summary>
    /// <param name="environment">The scenario's settings.</param>
    /// <param name="database">A database to copy (its seed import turned off), or null for a warm copy of the real knowledge.</param>
    /// <param name="memoryLimit">A memory group the bot joins before .NET starts, or null.</param>
    public static BotProcess Start(IReadOnlyDictionary<string, string> environment, string? database = null, MemoryLimit? memoryLimit = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("talksbot-load-").FullName;
        var copy = Path.Combine(directory, "talksbot.db");
        if (database is null)
        {
            CopyWarmDatabase(directory, copy);
        }
        else
        {
            File.Copy(database, copy);
        }

        var start = new ProcessStartInfo(memoryLimit is null ? "dotnet" : "/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
            UseShellExecute = false,
        };
        if (memoryLimit is not null)
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(MemoryLimit.JoinThenExec);
            start.ArgumentList.Add("sh");
            start.ArgumentList.Add("dotnet");
            start.Environment["TALKSBOT_LOAD_CGROUP"] = memoryLimit.Directory;
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "TalksBot.dll"));
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["Knowledge__DatabasePath"] = copy;
        if (database is not null)
        {
            start.Environment["Knowledge__ImportOnStart"] = "false";
        }
        start.Environment["Knowledge__Directory"] = RepositoryPaths.Knowledge;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var log = new StreamWriter(Path.Combine(directory, "bot.log")) { AutoFlush = false };
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        return new BotProcess(process, directory, log);
    }

    /// <summary>
    /// The warm database, made in this run's folder: WarmKnowledgeDatabase keeps its template in a temp folder of its
    /// own, so TMPDIR points into ours while it is made, and the template goes when the run's folder does.
    /// </summary>
    private static void CopyWarmDatabase(string directory, string database)
    {
        var tmp = Environment.GetEnvironmentVariable("TMPDIR");
        Environment.SetEnvironmentVariable("TMPDIR", directory);
        try
        {
            WarmKnowledgeDatabase.CopyTo(database);
        }
        finally
        {
            Environment.SetEnvironmentVariable("TMPDIR", tmp);
        }
    }

    /// <summary>VmRSS of the bot process in MB (from /proc/&lt;pid&gt;/status), or null once it has gone.</summary>
    public double? ResidentMegabytes()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var kb = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                    return kb / 1024.0;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
        }

        return null;
    }

    /// <summary>CPU time (user + system) the bot has used so far, from /proc/&lt;pid&gt;/stat.</summary>
    public TimeSpan CpuTime()
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
            // Fields after the command name (which may hold spaces) start after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / 100.0);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException or FormatException)
        {
            return TimeSpan.Zero;
        }
    }

    /// <summary>Waits until <paramref name="ready"/> completes; fails at once if the bot exits first, with its log's tail.</summary>
    public async Task WaitReadyAsync(Task ready, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var exited = _process.WaitForExitAsync(cancellationToken);
        var first = await Task.WhenAny(ready, exited, Task.Delay(timeout, cancellationToken)).ConfigureAwait(false);
        if (first == ready)
        {
            await ready.ConfigureAwait(false);
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var why = first == exited ? $"the bot exited with code {_process.ExitCode}" : $"the bot was not ready within {timeout.TotalSeconds:0} s";
        throw new InvalidOperationException($"{why}; its log ({LogPath}) ends:{Environment.NewLine}{string.Join(Environment.NewLine, Tail(20))}");
    }

    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
        Kill();
        try
        {
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }

        lock (_log)
        {
            _log.Flush();
            _log.Dispose();
        }

        _process.Dispose();
        if (Environment.GetEnvironmentVariable("TALKSBOT_LOAD_KEEP") != "1")
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // A temp folder left behind is harmless.
            }
        }
    }

    private void KillOnExit(object? sender, EventArgs e) => Kill();

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        Interlocked.Increment(ref _logLines);
        // SimpleConsole single-line: "HH:mm:ss warn: Category[id] message".
        var warning = line.Contains(" warn: ", StringComparison.Ordinal);
        var error = line.Contains(" fail: ", StringComparison.Ordinal) || line.Contains(" crit: ", StringComparison.Ordinal);
        if (warning)
        {
            Interlocked.Increment(ref _warnings);
        }

        if (error)
        {
            Interlocked.Increment(ref _errors);
        }

        lock (_log)
        {
            if (_log.BaseStream.CanWrite)
            {
                _log.WriteLine(line);
            }
        }

        if (warning || error)
        {
            lock (_problemTail)
            {
                _problemTail.Enqueue(line.Length > 400 ? line[..400] + "…" : line);
                while (_problemTail.Count > 10)
                {
                    _problemTail.Dequeue();
                }
            }
        }
    }

    private List<string> Tail(int lines)
    {
        lock (_log)
        {
            _log.Flush();
        }

        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = new Queue<string>();
            while (reader.ReadLine() is { } line)
            {
                all.Enqueue(line);
                if (all.Count > lines)
                {
                    all.Dequeue();
                }
            }

            return [.. all];
        }
        catch (IOException)
        {
            return [];
        }
    }
}
