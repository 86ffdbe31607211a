using System.Text.Json;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Knowledge.Yaml;

namespace TalksBot.Tests.Cli;

/// <summary><c>TalksBot lint</c>: the knowledge files checked without a database, findings as <c>file:line</c>, exit 0, 5 or 2.</summary>
public sealed class LintCliTests : IDisposable
{
    private const string Neutral = "Russia demands all of Donetsk and Luhansk.";

    private readonly CliRunner _cli = new(warm: false);

    private string KnowledgeDirectory => Path.Combine(_cli.Directory, "knowledge");

    private string FactsFile => Path.Combine(KnowledgeDirectory, "facts", "russia.yaml");

    [Fact]
    public async Task Lint_CleanKnowledge_ExitsZeroWithASummary()
    {
        WriteKnowledge(Neutral);

        var result = await _cli.RunAsync("", "lint", "--knowledge", KnowledgeDirectory, "--now", "2026-11-30");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"lint: 0 errors, 0 warnings in 1 facts and 1 sources ({KnowledgeDirectory}, today 2026-11-30)\n", result.Output);
    }

    [Fact]
    public async Task Lint_LoadedWordingInAFact_ExitsFiveNamingTheFileAndLine()
    {
        WriteKnowledge("Zelenskyy accuses Russia of stalling so that it can grab more land.");

        var result = await _cli.RunAsync("", "lint", "--knowledge", KnowledgeDirectory, "--now", "2026-11-30");

        Assert.Equal(5, result.ExitCode);
        Assert.StartsWith($"{FactsFile}:{LineOf(FactsFile, "text:")}: error: fact 'ru-land': loaded wording \"grab\" in the bot's own voice", result.Output, StringComparison.Ordinal);
        Assert.EndsWith("lint: 1 errors, 0 warnings in 1 facts and 1 sources (" + KnowledgeDirectory + ", today 2026-11-30)\n", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lint_OnlyWarnings_ExitsZeroAndListsThem()
    {
        WriteKnowledge(Neutral, SourceReliability.Weak);

        var result = await _cli.RunAsync("", "lint", "--knowledge", KnowledgeDirectory, "--now", "2026-11-30");

        Assert.Equal(0, result.ExitCode);
        var sources = Path.Combine(KnowledgeDirectory, KnowledgeLayout.SourcesFile);
        Assert.StartsWith($"{sources}:{LineOf(sources, "reliability:")}: warning: source 'ap-1' is weak: needs a better outlet\n", result.Output, StringComparison.Ordinal);
        Assert.Contains("lint: 0 errors, 1 warnings", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lint_Json_ListsEachFindingWithFileLineSeverityAndRule()
    {
        WriteKnowledge("The Kyiv regime rejected the plan.", SourceReliability.Weak);

        var result = await _cli.RunAsync("", "lint", "--knowledge", KnowledgeDirectory, "--now", "2026-11-30", "--json");

        Assert.Equal(5, result.ExitCode);
        var root = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal((1, 1, "2026-11-30"), (root.GetProperty("errors").GetInt32(), root.GetProperty("warnings").GetInt32(), root.GetProperty("today").GetString()));
        var findings = root.GetProperty("findings").EnumerateArray()
            .Select(f => (f.GetProperty("file").GetString(), f.GetProperty("line").GetInt64(), f.GetProperty("severity").GetString(), f.GetProperty("rule").GetString()))
            .ToList();
        Assert.Equal(
            [
                (FactsFile, LineOf(FactsFile, "text:"), "error", "loaded-wording"),
                (Path.Combine(KnowledgeDirectory, KnowledgeLayout.SourcesFile), LineOf(Path.Combine(KnowledgeDirectory, KnowledgeLayout.SourcesFile), "reliability:"), "warning", "weak-source"),
            ],
            findings);
    }

    [Fact]
    public async Task Lint_Now_DecidesWhatIsInTheFuture()
    {
        WriteKnowledge(Neutral, asOf: new DateOnly(2026, 12, 5));

        var before = await _cli.RunAsync("", "lint", "--knowledge", KnowledgeDirectory, "--now", "2026-11-30");
        var after = await _cli.RunAsync("", "lint", "--knowledge", KnowledgeDirectory, "--now", "2026-12-05");

        Assert.Equal(5, before.ExitCode);
        Assert.StartsWith($"{FactsFile}:{LineOf(FactsFile, "asOf:")}: error: fact 'ru-land': asOf 2026-12-05 is in the future (today is 2026-11-30)\n", before.Output, StringComparison.Ordinal);
        Assert.Equal(0, after.ExitCode);
    }

    [Fact]
    public async Task Lint_MalformedFactFile_ExitsTwoWithFileAndLine()
    {
        WriteKnowledge(Neutral);
        File.WriteAllText(FactsFile, File.ReadAllText(FactsFile).Replace("  topic:", "  topik:", StringComparison.Ordinal));

        var result = await _cli.RunAsync("", "lint", "--knowledge", KnowledgeDirectory);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: {FactsFile}:{LineOf(FactsFile, "topik:")}: fact 'ru-land': unknown key 'topik'", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task Lint_MalformedSynonyms_ExitsTwoWithFileAndLine()
    {
        WriteKnowledge(Neutral);
        var synonyms = Path.Combine(KnowledgeDirectory, KnowledgeLayout.SynonymsFile);
        File.WriteAllText(synonyms, "synonyms:\n- [cede, give up]\n- [land, territory, give up]\n");

        var result = await _cli.RunAsync("", "lint", "--knowledge", KnowledgeDirectory);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {synonyms}:3: 'give up' is already a synonym on line 2; a word belongs to one group only\n", result.Error);
    }

    [Fact]
    public async Task Ask_KnowledgeWithMalformedSynonyms_ExitsTwoWithFileAndLine()
    {
        KnowledgeFiles.CopyOfRepository(KnowledgeDirectory);
        var synonyms = Path.Combine(KnowledgeDirectory, KnowledgeLayout.SynonymsFile);
        File.WriteAllText(synonyms, "synonyms:\n- [cede, give up]\n- []\n");

        var result = await _cli.RunAsync("", "ask", "Will Ukraine give up Donetsk?", "--knowledge", KnowledgeDirectory);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {synonyms}:3: an empty synonym group; remove it\n", result.Error);
    }

    public void Dispose() => _cli.Dispose();

    private static long LineOf(string file, string start) =>
        File.ReadAllLines(file).ToList().FindIndex(l => l.TrimStart().StartsWith(start, StringComparison.Ordinal)) + 1;

    /// <summary>One party, one topic, one source (published 2025-12-15) and one Russian fact with the given text, plus the repository's loaded-wording list.</summary>
    private void WriteKnowledge(string text, SourceReliability reliability = SourceReliability.Normal, DateOnly? asOf = null)
    {
        KnowledgeYamlWriter.WriteDirectory(KnowledgeDirectory, new KnowledgeSet(
            [new Party("russia", "Russia", [])],
            [new Topic("territory", "Territory", "Who gets which land.", [])],
            [new Source("ap-1", "Where things stand", "AP", "https://example.org/ap", new DateOnly(2025, 12, 15), reliability, null)],
            [
                new Fact
                {
                    Id = "ru-land",
                    Kind = FactKind.Position,
                    Party = "russia",
                    Topic = "territory",
                    AsOf = asOf ?? new DateOnly(2025, 12, 15),
                    Text = text,
                    Sources = [new SourceRef("ap-1")],
                },
            ]));
        File.Copy(Path.Combine(CliRunner.KnowledgeDirectory, KnowledgeLayout.LoadedWordingFile), Path.Combine(KnowledgeDirectory, KnowledgeLayout.LoadedWordingFile));
    }
}
