using System.Diagnostics;

namespace TalksBot.Tests.Cli;

/// <summary>
/// The real bot on the console with a file size limit (<c>ulimit -f</c>), so that every write past it fails with EFBIG
/// as on a disk that cannot take more: the moderator is told why, members keep getting answers, the process stays up.
/// </summary>
public sealed class DiskFullProcessTests : IDisposable
{
    /// <summary>In 1 KB blocks: the database (read) is far larger, its write-ahead log (empty at start) may not grow past it.</summary>
    private const int FileSizeLimitBlocks = 16;

    private readonly CliRunner _cli = new();

    [Fact]
    public async Task FactAdd_WhenTheFileMayNotGrow_IsRefusedWithTheReason_AndTheBotKeepsAnswering()
    {
        var commands = string.Join('\n',
            "/fact add topic:territory party:ukraine text:\"Ukraine wants the Odesa grain corridor protected in any deal.\" source_url:https://example.com/grain",
            "/ask Will Ukraine give up Donetsk?",
            "/ask Who will win the Eurovision song contest?",
            "");

        var result = await RunWithFileSizeLimitAsync(commands);

        Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}\n{result.Output}\n{result.Error}");
        var output = Flatten(result.Output);
        Assert.Contains("The knowledge base cannot be written right now (file too large)", output, StringComparison.Ordinal);
        Assert.Contains("Zelenskyy", output, StringComparison.Ordinal);
        Assert.Contains("I have nothing on Eurovision", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Something went wrong", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", result.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// Runs the bot through bash with SIGXFSZ ignored (so a write past the limit fails with EFBIG instead of killing the
    /// process) and the limit set; .NET's double-mapped code pages are off, as they need a file larger than the limit.
    /// </summary>
    private async Task<CliResult> RunWithFileSizeLimitAsync(string stdin)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _cli.Directory,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"trap '' XFSZ; ulimit -f {FileSizeLimitBlocks}; exec dotnet \"$@\"");
        start.ArgumentList.Add("bash");
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "TalksBot.dll"), "--db", _cli.DatabasePath, "--knowledge", CliRunner.KnowledgeDirectory })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_EnableWriteXorExecute"] = "0";
        start.Environment["Search__Embeddings"] = "false";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await output, await error);
    }

    /// <summary>The console wraps cards at the terminal width: one line of words, without the box drawing.</summary>
    private static string Flatten(string output) =>
        string.Join(' ', output.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Where(w => w != "│"));

    public void Dispose() => _cli.Dispose();
}
