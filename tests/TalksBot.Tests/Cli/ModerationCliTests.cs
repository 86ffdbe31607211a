using TalksBot.Core.Knowledge;
using TalksBot.Testing;
using TalksBot.Core.Knowledge.Yaml;

namespace TalksBot.Tests.Cli;

/// <summary>Moderation from the console and the shell: forms as prompts, backups, importing an export.</summary>
public sealed class ModerationCliTests : IDisposable
{
    private readonly CliRunner _cli = new();

    [Fact]
    public async Task ConsoleFactEdit_PromptsForEachFieldWithTheCurrentValue_AndSaves()
    {
        // text, source address, headline, date (Enter keeps each), reason.
        var session = "/fact edit person-kushner\nJared Kushner, Trump's son-in-law, joined the US team in Moscow.\n\n\n\nnewer report\n/fact history person-kushner\n";

        var result = await _cli.RunAsync(session);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("True as of (YYYY-MM-DD) [", result.Output, StringComparison.Ordinal);
        Assert.Contains("Saved: person-kushner (revision 2)", result.Output, StringComparison.Ordinal);
        Assert.Contains("newer report", result.Output, StringComparison.Ordinal);
        using var store = StoredKnowledge.Open(_cli.DatabasePath);
        var fact = store.Snapshot.FactsById["person-kushner"];
        Assert.Equal("Jared Kushner, Trump's son-in-law, joined the US team in Moscow.", fact.Text);
        Assert.Equal(Environment.UserName, store.History("person-kushner")[^1].Who);
    }

    [Fact]
    public async Task Backup_WhileAnotherProcessKeepsWriting_GivesAFileThatOpensWithConsistentHistory()
    {
        var backup = Path.Combine(_cli.Directory, "copies", "backup.db");
        using (var running = StoredKnowledge.Open(_cli.DatabasePath))
        {
            running.Import(KnowledgeYamlReader.ReadDirectory(CliRunner.KnowledgeDirectory));
            using var stop = new CancellationTokenSource();
            var writes = Task.Run(() =>
            {
                for (var i = 0; !stop.IsCancellationRequested && i < 2_000; i++)
                {
                    var fact = running.Snapshot.FactsById["person-kushner"];
                    running.Save(fact with { Text = $"Edit {i} while a backup runs." }, RevisionAction.Edit, "mod");
                }
            });

            var result = await _cli.RunProcessAsync("", "backup", backup);
            await stop.CancelAsync();
            await writes;

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("Backed up", result.Output, StringComparison.Ordinal);
        }

        using var copy = StoredKnowledge.Open(backup);
        var copied = copy.Snapshot.FactsById["person-kushner"];
        Assert.Equal(copied.Revision, copy.History("person-kushner").Count);
        Assert.Equal(copied.Text, copy.History("person-kushner")[^1].Snapshot.Text);
    }

    [Fact]
    public async Task Import_ThatChangesTheDatabase_BacksItUpFirst()
    {
        var changed = Path.Combine(_cli.Directory, "knowledge");
        CopyDirectory(CliRunner.KnowledgeDirectory, changed);
        var people = Path.Combine(changed, KnowledgeLayout.PeopleFile);
        var original = KnowledgeYamlReader.ReadDirectory(changed).Facts.Single(f => f.Id == "person-kushner").Text;
        File.WriteAllText(people, File.ReadAllText(people).Replace(original, "Kushner, changed in the seed files.", StringComparison.Ordinal));
        Assert.Equal(0, (await _cli.RunAsync("", "stats")).ExitCode);

        var result = await _cli.RunAsync("", "import", "--knowledge", changed);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("1 updated", result.Output, StringComparison.Ordinal);
        var backup = Assert.Single(Directory.GetFiles(Path.Combine(_cli.Directory, "backups")));
        using var before = StoredKnowledge.Open(backup);
        Assert.Equal(original, before.Snapshot.FactsById["person-kushner"].Text);
    }

    [Fact]
    public async Task Import_OfAKbExportFile_ReadsItBack_AndABrokenOneNamesFileAndLine()
    {
        var export = Path.Combine(_cli.Directory, "export.yaml");
        using (var store = StoredKnowledge.Open(_cli.DatabasePath))
        {
            store.Import(KnowledgeYamlReader.ReadDirectory(CliRunner.KnowledgeDirectory));
            File.WriteAllText(export, Core.Moderation.KnowledgeBundle.Render(store.Snapshot.ToSet(), DateTimeOffset.UtcNow));
        }

        var good = await _cli.RunAsync("", "import", export);
        File.WriteAllText(export, File.ReadAllText(export).Replace("- id: person-kushner", "- id person-kushner", StringComparison.Ordinal));
        var broken = await _cli.RunAsync("", "import", export);

        Assert.Equal(0, good.ExitCode);
        Assert.Contains("0 facts added, 0 updated", good.Output, StringComparison.Ordinal);
        Assert.Equal(2, broken.ExitCode);
        Assert.Contains("people.yaml:", broken.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _cli.Dispose();

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*.yaml", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
