using TalksBot.Core.Knowledge;
using TalksBot.Core.Knowledge.Yaml;

namespace TalksBot.Core.Tests.Knowledge.Yaml;

public sealed class KnowledgeYamlReaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("talksbot-yaml-").FullName;

    public KnowledgeYamlReaderTests() => KnowledgeYamlWriter.WriteDirectory(_directory, TestKnowledge.Small());

    [Fact]
    public void ReadDirectory_WrittenByWriter_ReadsTheSameKnowledge()
    {
        var set = KnowledgeYamlReader.ReadDirectory(_directory);

        Assert.Equal(["ru-land", "ua-land"], set.Facts.Select(f => f.Id).Order());
        Assert.Equal("Ukraine will not formally cede occupied land.", set.Facts.Single(f => f.Id == "ua-land").Text);
        Assert.Equal(new DateOnly(2025, 12, 15), set.Sources.Single().Published);
    }

    [Fact]
    public void ReadDirectory_BrokenIndentation_ReportsFileAndLine()
    {
        WriteFacts("""
            facts:
            - id: bad-fact
              kind: position
               topic: territory
            """);

        var error = Assert.Throws<KnowledgeFileException>(() => KnowledgeYamlReader.ReadDirectory(_directory));

        Assert.EndsWith(Path.Combine("facts", "extra.yaml"), error.File, StringComparison.Ordinal);
        Assert.Equal(4, error.Line);
        Assert.StartsWith($"{error.File}:4: not valid YAML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadDirectory_UnclosedBracketToEndOfFile_StillReportsALine()
    {
        WriteFacts("""
            facts:
            - id: unclosed
              kind: position
              party: [russia
            """);

        var error = Assert.Throws<KnowledgeFileException>(() => KnowledgeYamlReader.ReadDirectory(_directory));

        Assert.InRange(error.Line, 3, 5);
        Assert.Contains("not valid YAML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadDirectory_UnknownKey_SuggestsTheRightOne()
    {
        WriteFacts("""
            facts:
            - id: typo-fact
              kind: position
              party: russia
              topic: territory
              asof: 2025-12-15
              text: Something.
              sources:
              - id: ap-1
            """);

        var error = Assert.Throws<KnowledgeFileException>(() => KnowledgeYamlReader.ReadDirectory(_directory));

        Assert.Equal(6, error.Line);
        Assert.Contains("unknown key 'asof' (did you mean 'asOf'?)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("party: rusia", "unknown party 'rusia' (did you mean 'russia'?)", 4)]
    [InlineData("party: russia\n  supersededBy: ghost", "'supersededBy' names an unknown fact 'ghost'", 5)]
    [InlineData("party: russia\n  rank: best", "'rank' 'best' must be one of preferred, normal, deprecated", 5)]
    public void ReadDirectory_BadValue_ReportsWhatAndWhere(string partyLine, string message, int line)
    {
        WriteFacts($"""
            facts:
            - id: bad-value
              kind: position
              {partyLine}
              topic: territory
              asOf: 2025-12-15
              text: Something.
              sources:
              - id: ap-1
            """);

        var error = Assert.Throws<KnowledgeFileException>(() => KnowledgeYamlReader.ReadDirectory(_directory));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(line, error.Line);
    }

    [Fact]
    public void ReadDirectory_BadDate_SaysTheExpectedForm()
    {
        WriteFacts("""
            facts:
            - id: bad-date
              kind: event
              topic: territory
              asOf: 15/12/2025
              text: Something.
              sources:
              - id: ap-1
            """);

        var error = Assert.Throws<KnowledgeFileException>(() => KnowledgeYamlReader.ReadDirectory(_directory));

        Assert.Equal(5, error.Line);
        Assert.Contains("'asOf' '15/12/2025' is not a date in the form YYYY-MM-DD", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadDirectory_DuplicateId_NamesBothPlaces()
    {
        WriteFacts("""
            facts:
            - id: ru-land
              kind: position
              topic: territory
              asOf: 2025-12-15
              text: Again.
              sources:
              - id: ap-1
            """);

        var error = Assert.Throws<KnowledgeFileException>(() => KnowledgeYamlReader.ReadDirectory(_directory));

        Assert.Contains("the fact id 'ru-land' is used twice (first at", error.Message, StringComparison.Ordinal);
        Assert.Contains("russia.yaml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadDirectory_FactWithoutSources_IsRefused()
    {
        WriteFacts("""
            facts:
            - id: unsourced
              kind: context
              topic: territory
              asOf: 2025-12-15
              text: A claim with no source.
            """);

        var error = Assert.Throws<KnowledgeFileException>(() => KnowledgeYamlReader.ReadDirectory(_directory));

        Assert.Contains("every fact needs at least one source", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void ReadDirectory_OverlongText_IsRefused()
    {
        WriteFacts($"""
            facts:
            - id: long-text
              kind: context
              topic: territory
              asOf: 2025-12-15
              text: {new string('a', 1001)}
              sources:
              - id: ap-1
            """);

        var error = Assert.Throws<KnowledgeFileException>(() => KnowledgeYamlReader.ReadDirectory(_directory));

        Assert.Contains("has 1001 characters; the limit is 1000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadDirectory_MissingPartiesFile_SaysSo()
    {
        File.Delete(Path.Combine(_directory, KnowledgeLayout.PartiesFile));

        var error = Assert.Throws<KnowledgeFileException>(() => KnowledgeYamlReader.ReadDirectory(_directory));

        Assert.Contains("parties.yaml:0: the file is missing", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private void WriteFacts(string yaml) =>
        File.WriteAllText(Path.Combine(_directory, "facts", "extra.yaml"), yaml.Replace("\r\n", "\n", StringComparison.Ordinal));
}
