using System.Diagnostics;
using TalksBot.Cli;

namespace TalksBot.Tests;

/// <summary>Runs the real command line in-process (with captured stdin, stdout, stderr) or as a real child process.</summary>
internal sealed class CliRunner : IDisposable
{
    public CliRunner(bool warm = true)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("talksbot-cli-").FullName;
        if (warm)
        {
            // Start from a database whose sentence vectors are cached, as a bot does after its first start.
            Testing.WarmKnowledgeDatabase.CopyTo(DatabasePath);
        }
    }

    public static string KnowledgeDirectory => Testing.RepositoryPaths.Knowledge;

    public string Directory { get; }

    public string DatabasePath => Path.Combine(Directory, "talksbot.db");

    public async Task<CliResult> RunAsync(string stdin, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var root = TalksBotCli.Create(new StringReader(stdin), output, error);
        var exitCode = await root.Parse(WithDefaults(args)).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Starts TalksBot.dll from the test output as its own process, with the given arguments.</summary>
    public Process Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    /// <summary>Starts TalksBot.dll as its own process with settings in its environment (e.g. Discord__Token).</summary>
    public Process Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Directory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "TalksBot.dll"));
        foreach (var arg in WithDefaults(args))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
    }

    public async Task<CliResult> RunProcessAsync(string stdin, params string[] args)
    {
        using var process = Start(args);
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await output, await error);
    }

    /// <summary>Points the run at this test's database and the repository's knowledge unless the test says otherwise.</summary>
    private string[] WithDefaults(string[] args)
    {
        var all = args.ToList();
        if (!all.Contains("--db"))
        {
            all.AddRange(["--db", DatabasePath]);
        }

        if (!all.Contains("--knowledge"))
        {
            all.AddRange(["--knowledge", KnowledgeDirectory]);
        }

        return [.. all];
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }
}

internal sealed record CliResult(int ExitCode, string Output, string Error);
