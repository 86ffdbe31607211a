using System.Diagnostics;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Knowledge.Yaml;
using TalksBot.Testing;

namespace TalksBot.Tests.Cli;

/// <summary>
/// One process owns a database file, whatever path leads to it: a second TalksBot that reaches the same file through a
/// hard link, a symlink or another spelling of the path is refused (exit 3), and every write of the owner survives.
/// </summary>
public sealed class DatabaseLockProcessTests : IDisposable
{
    private readonly CliRunner _cli = new();

    [Fact]
    public async Task SecondProcess_ThroughAHardLink_IsRefusedAndEveryAcknowledgedWriteSurvives()
    {
        var link = Path.Combine(_cli.Directory, "hard-link.db");

        await AssertSecondOpenerRefusedAsync(() => Run("ln", _cli.DatabasePath, link), link);
    }

    [Fact]
    public async Task SecondProcess_ThroughASymlink_IsRefusedAsInUseNotAsDamaged()
    {
        var link = Path.Combine(_cli.Directory, "symlink.db");

        await AssertSecondOpenerRefusedAsync(() => File.CreateSymbolicLink(link, _cli.DatabasePath), link);
    }

    [Fact]
    public async Task SecondProcess_ThroughASymlinkedDirectory_IsRefused()
    {
        var directory = Path.Combine(_cli.Directory, "linked-directory");

        await AssertSecondOpenerRefusedAsync(() => Directory.CreateSymbolicLink(directory, _cli.Directory), Path.Combine(directory, "talksbot.db"));
    }

    [Fact]
    public async Task SecondProcess_ThroughARelativePath_IsRefused()
    {
        Directory.CreateDirectory(Path.Combine(_cli.Directory, "sub"));

        // The child runs in the test's directory, so this names the same file.
        await AssertSecondOpenerRefusedAsync(() => { }, Path.Combine(".", "sub", "..", "talksbot.db"));
    }

    [Fact]
    public async Task Backup_WhileAnotherProcessOwnsTheDatabase_StillCopiesIt()
    {
        using var owner = StoredKnowledge.Open(_cli.DatabasePath);
        Save(owner, "Saved by the owner before the backup.");
        var target = Path.Combine(_cli.Directory, "copy.db");

        var backup = await _cli.RunProcessAsync("", "backup", target);

        Assert.True(0 == backup.ExitCode, backup.Error);
        owner.Dispose();
        using var copy = StoredKnowledge.Open(target);
        Assert.Equal("Saved by the owner before the backup.", copy.Snapshot.FactsById["person-kushner"].Text);
    }

    public void Dispose() => _cli.Dispose();

    private async Task AssertSecondOpenerRefusedAsync(Action makePath, string otherPath)
    {
        using (var owner = StoredKnowledge.Open(_cli.DatabasePath))
        {
            Save(owner, "First write, before the second process.");
            makePath();

            var second = await _cli.RunProcessAsync("", "stats", "--db", otherPath);
            Save(owner, "Second write, after the second process.");

            Assert.True(3 == second.ExitCode, $"exit {second.ExitCode}: {second.Error}");
            Assert.Contains("in use by another process", second.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("damaged", second.Error, StringComparison.Ordinal);
        }

        using var reopened = StoredKnowledge.Open(_cli.DatabasePath);
        Assert.Equal("Second write, after the second process.", reopened.Snapshot.FactsById["person-kushner"].Text);
        Assert.Equal(3, reopened.History("person-kushner").Count);
    }

    private static void Save(StoredKnowledge store, string text)
    {
        if (!store.Snapshot.FactsById.ContainsKey("person-kushner"))
        {
            store.Import(KnowledgeYamlReader.ReadDirectory(CliRunner.KnowledgeDirectory));
        }

        var fact = store.Snapshot.FactsById["person-kushner"];
        store.Save(fact with { Text = text }, RevisionAction.Edit, "mod");
    }

    private static void Run(string program, params string[] arguments)
    {
        using var process = Process.Start(program, arguments);
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(10)), $"{program} did not finish");
        Assert.Equal(0, process.ExitCode);
    }
}
