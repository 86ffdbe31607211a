using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Knowledge.Yaml;

namespace TalksBot.Core.Tests.Knowledge.Yaml;

/// <summary>Knowledge files written to hurt: every one stops with <c>file:line: what is wrong</c>, none crashes or hangs.</summary>
public sealed class KnowledgeYamlHostileFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("talksbot-yaml-").FullName;

    public KnowledgeYamlHostileFileTests() => KnowledgeYamlWriter.WriteDirectory(_directory, TestKnowledge.Small());

    private string ExtraFile => Path.Combine(_directory, "facts", "extra.yaml");

    [Fact]
    public void ReadDirectory_FiftyThousandNestedLists_IsRefusedWithFileAndLineInsteadOfOverflowingTheStack()
    {
        const int depth = 50_000;
        WriteFacts("facts:\n- id: deep\n  text: " + new string('[', depth) + new string(']', depth) + "\n");

        var error = Assert.Throws<KnowledgeFileException>(() => KnowledgeYamlReader.ReadDirectory(_directory));

        Assert.Equal(ExtraFile, error.File);
        Assert.Equal(3, error.Line);
        Assert.Contains("nested more than 64 levels deep", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadDirectory_NestedOneLevelTooDeep_IsRefused()
    {
        // The root mapping and the facts list count too: 62 more lists make 65 levels.
        WriteFacts("facts:\n- id: deep\n  text: " + new string('[', 62) + new string(']', 62) + "\n");

        var error = Assert.Throws<KnowledgeFileException>(() => KnowledgeYamlReader.ReadDirectory(_directory));

        Assert.Contains("nested more than 64 levels deep", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadDirectory_FileLargerThanTheLimit_IsRefusedBeforeParsing()
    {
        var text = new StringBuilder("facts:\n");
        while (text.Length <= 10 * 1024 * 1024)
        {
            text.Append("# padding padding padding padding padding padding padding padding padding padding\n");
        }

        WriteFacts(text.ToString());

        var error = Assert.Throws<KnowledgeFileException>(() => KnowledgeYamlReader.ReadDirectory(_directory));

        Assert.Equal(ExtraFile, error.File);
        Assert.Contains("the limit is 10 MB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadDirectory_DuplicateKeyInOneMapping_NamesTheKeyAndBothLines()
    {
        WriteFacts("""
            facts:
            - id: twice
              kind: context
              topic: territory
              asOf: 2025-12-15
              text: First.
              text: Second.
              sources:
              - id: ap-1
            """);

        var error = Assert.Throws<KnowledgeFileException>(() => KnowledgeYamlReader.ReadDirectory(_directory));

        Assert.Equal(ExtraFile, error.File);
        Assert.Equal(7, error.Line);
        Assert.Contains("'text' appears twice in one mapping (first on line 6)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadDirectory_UndefinedAlias_IsRefusedWithFileAndLine()
    {
        WriteFacts("""
            facts:
            - id: alias
              kind: context
              topic: territory
              asOf: 2025-12-15
              text: *nowhere
              sources:
              - id: ap-1
            """);

        var error = Assert.Throws<KnowledgeFileException>(() => KnowledgeYamlReader.ReadDirectory(_directory));

        Assert.Equal(ExtraFile, error.File);
        Assert.Equal(6, error.Line);
        Assert.Contains("aliases", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadDirectory_BillionLaughs_IsRefusedAtTheFirstAnchorAtOnce()
    {
        var yaml = new StringBuilder("laughs:\n- &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 10; i++)
        {
            yaml.Append($"- &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9))}]\n");
        }

        WriteFacts(yaml + "facts: *a9\n");
        var watch = Stopwatch.StartNew();

        var error = Assert.Throws<KnowledgeFileException>(() => KnowledgeYamlReader.ReadDirectory(_directory));

        Assert.Equal(2, error.Line);
        Assert.Contains("anchors", error.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public void ReadDirectory_Latin1File_IsRefusedNamingTheLineInsteadOfImportingReplacementCharacters()
    {
        var text = "facts:\n- id: latin\n  kind: context\n  topic: territory\n  asOf: 2025-12-15\n  text: Caf\u00e9 talks.\n  sources:\n  - id: ap-1\n";
        File.WriteAllBytes(ExtraFile, Encoding.Latin1.GetBytes(text));

        var error = Assert.Throws<KnowledgeFileException>(() => KnowledgeYamlReader.ReadDirectory(_directory));

        Assert.Equal(ExtraFile, error.File);
        Assert.Equal(6, error.Line);
        Assert.Contains("not UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadDirectory_Utf8WithByteOrderMark_IsRead()
    {
        var text = "facts:\n- id: bom\n  kind: context\n  topic: territory\n  asOf: 2025-12-15\n  text: Caf\u00e9 talks.\n  sources:\n  - id: ap-1\n";
        File.WriteAllBytes(ExtraFile, [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(text)]);

        var set = KnowledgeYamlReader.ReadDirectory(_directory);

        Assert.Equal("Caf\u00e9 talks.", set.Facts.Single(f => f.Id == "bom").Text);
    }

    [Fact]
    public void ReadDirectory_AsOfFarInTheFuture_IsRefusedLikeAModeratorsDate()
    {
        WriteFact("future", "2099-01-01");

        var error = Assert.Throws<KnowledgeFileException>(() => KnowledgeYamlReader.ReadDirectory(_directory));

        Assert.Equal(ExtraFile, error.File);
        Assert.Equal(5, error.Line);
        Assert.Contains("'asOf' 2099-01-01 is in the future", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-03-13", true)]
    [InlineData("2026-03-14", false)]
    public void ReadDirectory_AsOfTomorrow_IsAllowedForClockSkewButNotTheDayAfter(string asOf, bool allowed)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 12, 23, 0, 0, TimeSpan.Zero));
        WriteFact("soon", asOf);

        var read = Record.Exception(() => KnowledgeYamlReader.ReadDirectory(_directory, time));

        Assert.Equal(allowed, read is null);
        if (!allowed)
        {
            Assert.Contains("is in the future (today is 2026-03-12)", Assert.IsType<KnowledgeFileException>(read).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ReadDirectory_SourcePublishedInTheFuture_IsRefused()
    {
        var sources = Path.Combine(_directory, KnowledgeLayout.SourcesFile);
        File.WriteAllText(sources, File.ReadAllText(sources).Replace("published: 2025-12-15", "published: 2099-12-15", StringComparison.Ordinal));

        var error = Assert.Throws<KnowledgeFileException>(() => KnowledgeYamlReader.ReadDirectory(_directory));

        Assert.EndsWith(KnowledgeLayout.SourcesFile, error.File, StringComparison.Ordinal);
        Assert.Contains("'published' 2099-12-15 is in the future", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("facts:\n- ? [a, b]\n  : value\n", 2, "a key must be plain text")]
    [InlineData("facts: [\"unterminated\n", 1, "not valid YAML")]
    [InlineData("facts:\n- id: x\n  text: \"\\uD800\"\n", 3, "not valid YAML")]
    public void ReadDirectory_OtherMalformedYaml_StopsWithFileAndLine(string yaml, int line, string problem)
    {
        WriteFacts(yaml);

        var error = Assert.Throws<KnowledgeFileException>(() => KnowledgeYamlReader.ReadDirectory(_directory));

        Assert.Equal(ExtraFile, error.File);
        Assert.InRange(error.Line, 1, line);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private void WriteFact(string id, string asOf) => WriteFacts($"""
        facts:
        - id: {id}
          kind: context
          topic: territory
          asOf: {asOf}
          text: Something that has not happened yet.
          sources:
          - id: ap-1
        """);

    private void WriteFacts(string yaml) =>
        File.WriteAllText(ExtraFile, yaml.Replace("\r\n", "\n", StringComparison.Ordinal));
}
