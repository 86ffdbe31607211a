namespace TalksBot.Tests.Cli;

/// <summary>The command line with <c>Knowledge:Store=Postgres</c>: clear errors and exit codes, and never the password.</summary>
public sealed class SharedStoreCliTests : IDisposable
{
    private const string Password = "s3cret-db-pw";
    private readonly CliRunner _cli = new();

    [Fact]
    public async Task Backup_OnPostgres_ExplainsPgDump_AndCopiesNothing()
    {
        var result = await RunAsync(new() { ["Knowledge__Store"] = "Postgres", ["Knowledge__ConnectionString"] = Unreachable }, "backup", Path.Combine(_cli.Directory, "copy.db"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("pg_dump", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_cli.Directory, "copy.db")));
        Assert.DoesNotContain(Password, result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_OnPostgresWithoutAConnectionString_SaysWhichSettingIsMissing_Exit3()
    {
        var result = await RunAsync(new() { ["Knowledge__Store"] = "Postgres" }, "ask", "Does Putin want all of Donetsk?");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("Knowledge:ConnectionString is not set", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_OnAnUnreachableServer_NamesHostAndDatabase_NeverThePassword_Exit3()
    {
        var result = await RunAsync(new() { ["Knowledge__Store"] = "Postgres", ["Knowledge__ConnectionString"] = Unreachable }, "ask", "Does Putin want all of Donetsk?");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("PostgreSQL 127.0.0.1:1/talksbot", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, result.Output + result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_WithoutATarget_SaysHowToGiveOne()
    {
        var result = await RunAsync([], "migrate", "--from", _cli.DatabasePath);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("migrate needs the target", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_FromAFileThatIsNotThere_IsAClearError_Exit3()
    {
        var result = await RunAsync([], "migrate", "--from", Path.Combine(_cli.Directory, "missing.db"), "--to", Unreachable);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("There is no TalksBot knowledge database", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, result.Output + result.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _cli.Dispose();

    private static string Unreachable => $"Host=127.0.0.1;Port=1;Database=talksbot;Username=talksbot;Password={Password};Timeout=2";

    private async Task<CliResult> RunAsync(Dictionary<string, string> environment, params string[] args)
    {
        using var process = _cli.Start(environment, args);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await output, await error);
    }
}
