using TalksBot.Core.Knowledge;
using TalksBot.Core.Knowledge.Yaml;

namespace TalksBot.Core.Tests.Knowledge.Yaml;

public sealed class KnowledgeYamlRoundTripTests
{
    [Fact]
    public void Export_OfUnchangedImport_ReproducesTheKnowledgeFilesByteForByte()
    {
        using var knowledge = TestKnowledge.WithRealKnowledge();
        var exported = Path.Combine(knowledge.Directory, "export");

        var files = KnowledgeYamlWriter.WriteDirectory(exported, knowledge.Store.Snapshot.ToSet());

        var originals = Directory.EnumerateFiles(TestKnowledge.KnowledgeDirectory, "*.yaml", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(TestKnowledge.KnowledgeDirectory, path).Replace('\\', '/'))
            .Where(KnowledgeLayout.IsKnowledgeFile) // not questions.yaml, glossary.yaml, synonyms.yaml or loaded-wording.yaml: they are not in the database
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(originals, files.Order(StringComparer.Ordinal));
        foreach (var file in originals)
        {
            Assert.True(
                File.ReadAllBytes(Path.Combine(TestKnowledge.KnowledgeDirectory, file)).SequenceEqual(File.ReadAllBytes(Path.Combine(exported, file))),
                $"{file} differs after import and export");
        }
    }

    [Fact]
    public void ImportExportImport_WithModeratorChanges_GivesIdenticalKnowledge()
    {
        using var first = TestKnowledge.WithRealKnowledge();
        var fact = first.Store.Snapshot.FactsById["russia-territory-anchorage-formula"];
        first.Store.Save(fact with { Text = "Edited: \"quotes\", a colon: here, # hash, and €90bn." }, RevisionAction.Edit, "mod");
        first.Store.Save(TestKnowledge.SmallFact("moderator-new-fact", null, "process", "- starts with a dash") with { Sources = [new SourceRef(first.Store.Snapshot.Sources[0].Id, "yes")] }, RevisionAction.Create, "mod");
        var exported = Path.Combine(first.Directory, "export");
        KnowledgeYamlWriter.WriteDirectory(exported, first.Store.Snapshot.ToSet());

        using var second = TestKnowledge.With(KnowledgeYamlReader.ReadDirectory(exported));

        var expected = KnowledgeYamlWriter.RenderFiles(first.Store.Snapshot.ToSet());
        var actual = KnowledgeYamlWriter.RenderFiles(second.Store.Snapshot.ToSet());
        Assert.Equal(expected, actual);
        Assert.Equal("Edited: \"quotes\", a colon: here, # hash, and €90bn.", second.Store.Snapshot.FactsById["russia-territory-anchorage-formula"].Text);
        Assert.Equal("- starts with a dash", second.Store.Snapshot.FactsById["moderator-new-fact"].Text);
    }

    [Theory]
    [InlineData("plain text")]
    [InlineData("a: colon")]
    [InlineData("ends with colon:")]
    [InlineData("has # hash")]
    [InlineData("#starts with hash")]
    [InlineData("- dash")]
    [InlineData("yes")]
    [InlineData("NULL")]
    [InlineData("2025-12-15")]
    [InlineData("123")]
    [InlineData("'single' and \"double\" quotes")]
    [InlineData("back\\slash")]
    [InlineData("line\nbreak\ttab")]
    [InlineData(" leading space")]
    [InlineData("Zaporizhzhia — €90bn, “curly”")]
    [InlineData("@everyone <!channel>")]
    public void Scalar_AnyText_ReadsBackUnchanged(string text)
    {
        var fact = TestKnowledge.SmallFact("scalar-test", "russia", "territory", text.Trim().Length == 0 ? "x" : text);
        var directory = Directory.CreateTempSubdirectory("talksbot-yaml-").FullName;
        try
        {
            KnowledgeYamlWriter.WriteDirectory(directory, TestKnowledge.Small(fact));

            var read = KnowledgeYamlReader.ReadDirectory(directory).Facts.Single(f => f.Id == "scalar-test");

            Assert.Equal(fact.Text.Trim(), read.Text);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void MonthPrecision_WrittenAndReadBack_StaysAMonthWithoutAnInventedDay()
    {
        var fact = TestKnowledge.SmallFact("month-fact", "russia", "territory", "Known only to the month.") with
        {
            AsOf = new DateOnly(2025, 12, 1),
            AsOfPrecision = DatePrecision.Month,
        };
        var set = TestKnowledge.Small(fact) with
        {
            Sources = [new Source("ap-1", "Where things stand", "AP", "https://example.org/ap", new DateOnly(2025, 12, 1), SourceReliability.Normal, null) { PublishedPrecision = DatePrecision.Month }],
        };
        var directory = Directory.CreateTempSubdirectory("talksbot-yaml-").FullName;
        try
        {
            KnowledgeYamlWriter.WriteDirectory(directory, set);
            var read = KnowledgeYamlReader.ReadDirectory(directory);

            Assert.Contains("  asOf: 2025-12\n", File.ReadAllText(Path.Combine(directory, "facts", "russia.yaml")), StringComparison.Ordinal);
            Assert.Contains("  published: 2025-12\n", File.ReadAllText(Path.Combine(directory, "sources.yaml")), StringComparison.Ordinal);
            var month = read.Facts.Single(f => f.Id == "month-fact");
            Assert.Equal((new DateOnly(2025, 12, 1), DatePrecision.Month), (month.AsOf, month.AsOfPrecision));
            Assert.Equal(DatePrecision.Day, read.Facts.Single(f => f.Id == "ru-land").AsOfPrecision);
            Assert.Equal(DatePrecision.Month, read.Sources.Single().PublishedPrecision);
            Assert.Equal(KnowledgeYamlWriter.RenderFiles(set), KnowledgeYamlWriter.RenderFiles(read));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void RealKnowledge_AidFactDatedOnlyToTheMonth_IsReadAsDecember2025()
    {
        var fact = TestKnowledge.Real.Facts.Single(f => f.Id == "united-states-aid-ndaa-usai-400m");

        Assert.Equal((new DateOnly(2025, 12, 1), DatePrecision.Month), (fact.AsOf, fact.AsOfPrecision));
    }
}
