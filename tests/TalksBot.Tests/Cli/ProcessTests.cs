using TalksBot.Core.Knowledge;
using TalksBot.Testing;

namespace TalksBot.Tests.Cli;

/// <summary>The real binary as its own process: what an operator sees from a shell.</summary>
public sealed class ProcessTests : IDisposable
{
    private readonly CliRunner _cli = new();

    [Fact]
    public async Task ConsoleBot_PipedThroughTheRealProcess_ExitsZero()
    {
        var result = await _cli.RunProcessAsync("/positions topic:territory\n/ask Who is Kushner?\n");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Russia on Territory", result.Output, StringComparison.Ordinal);
        Assert.Contains("son-in-law", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecondProcess_OnAnOpenDatabase_IsRefusedAndTheFileStaysIntact()
    {
        using (var first = StoredKnowledge.Open(_cli.DatabasePath))
        {
            first.Import(Core.Knowledge.Yaml.KnowledgeYamlReader.ReadDirectory(CliRunner.KnowledgeDirectory));
            var fact = first.Snapshot.FactsById["person-kushner"];
            first.Save(fact with { Text = "Saved while another process tried to open the file." }, RevisionAction.Edit, "mod");

            var second = await _cli.RunProcessAsync("", "stats");

            Assert.Equal(3, second.ExitCode);
            Assert.Contains("already open in another TalksBot process", second.Error, StringComparison.Ordinal);
        }

        using var reopened = StoredKnowledge.Open(_cli.DatabasePath);
        Assert.Equal("Saved while another process tried to open the file.", reopened.Snapshot.FactsById["person-kushner"].Text);
        Assert.Equal(2, reopened.History("person-kushner").Count);
    }

    [Fact]
    public async Task KilledDuringImport_DatabaseOpensCleanlyAndImportCompletes()
    {
        using var cold = new CliRunner(warm: false);

        // Kill a first start (import, then encoding every fact) at several points; each time the file must still open.
        foreach (var delay in new[] { 300, 700, 1100, 1500, 2500 })
        {
            using var process = cold.Start("import");
            await Task.Delay(delay);
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It finished before the kill: also fine.
            }

            await process.WaitForExitAsync();
            if (File.Exists(cold.DatabasePath))
            {
                using var store = StoredKnowledge.Open(cold.DatabasePath);
                Assert.True(store.Snapshot.Facts.Count is 0 or > 200, $"a partial import is visible after a kill at {delay} ms: {store.Snapshot.Facts.Count} facts");
            }
        }

        var final = await cold.RunProcessAsync("", "stats", "--json");
        Assert.Equal(0, final.ExitCode);
        Assert.Contains("\"facts\":", final.Output, StringComparison.Ordinal);
        using var done = StoredKnowledge.Open(cold.DatabasePath);
        Assert.Equal(Core.Knowledge.Yaml.KnowledgeYamlReader.ReadDirectory(CliRunner.KnowledgeDirectory).Facts.Count, done.Snapshot.Facts.Count);
    }

    [Fact]
    public async Task Start_WithAnInvalidDiscordToken_StopsAtOnceNamingTheKey()
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "TalksBot.dll"));
        start.ArgumentList.Add("--db");
        start.ArgumentList.Add(_cli.DatabasePath);
        start.Environment["Discord__Token"] = "Bot not-a-real-token";
        start.Environment["Discord__ApplicationId"] = "my-app";
        using var bot = System.Diagnostics.Process.Start(start)!;
        bot.StandardInput.Close();
        var error = await bot.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await bot.WaitForExitAsync(timeout.Token);

        Assert.Equal(1, bot.ExitCode);
        Assert.Contains("Discord:Token does not look like a bot token", error, StringComparison.Ordinal);
        Assert.Contains("Discord:ApplicationId must be", error, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-real-token", error, StringComparison.Ordinal);
    }

    public void Dispose() => _cli.Dispose();
}
