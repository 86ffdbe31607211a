using TalksBot.Core.Knowledge;
using TalksBot.Core.Knowledge.Yaml;

namespace TalksBot.Core.Tests.Knowledge.Yaml;

public sealed class SynonymYamlReaderTests
{
    private const string File = "knowledge/synonyms.yaml";

    [Fact]
    public void ReadDirectory_RepositoryFile_HoldsTheSearchSynonymsWithTheCanonicalWordFirst()
    {
        var synonyms = SynonymYamlReader.ReadDirectory(TestKnowledge.KnowledgeDirectory);

        var cede = Assert.Single(synonyms.Groups, g => g.Contains("give up"));
        Assert.Equal("cede", cede[0]);
        Assert.Contains(synonyms.Groups, g => g[0] == "territory" && g.Contains("land"));
    }

    [Fact]
    public void ReadDirectory_WithoutTheFile_HasNoSynonyms()
    {
        var directory = Directory.CreateTempSubdirectory("talksbot-synonyms-").FullName;
        try
        {
            Assert.Same(SynonymSet.Empty, SynonymYamlReader.ReadDirectory(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Read_WordsInAnyCaseAndSpacing_AreLowercaseWithSingleSpaces()
    {
        var synonyms = SynonymYamlReader.Read("synonyms:\n- [Cede, 'give   up', RELINQUISH]\n", File);

        Assert.Equal(["cede", "give up", "relinquish"], Assert.Single(synonyms.Groups));
    }

    [Theory]
    [InlineData("synonyms:\n- [cede, give up]\n- []\n", 3, "an empty synonym group; remove it")]
    [InlineData("synonyms:\n- [cede, give up]\n- [truce]\n", 3, "the synonym group [truce] has one word; a group needs at least two")]
    [InlineData("synonyms:\n- [cede, give up]\n- [land,\n   Give Up]\n", 4, "'give up' is already a synonym on line 2; a word belongs to one group only")]
    [InlineData("synonyms:\n- [cede, cede]\n", 2, "'cede' is already a synonym on line 2; a word belongs to one group only")]
    [InlineData("synonym:\n- [cede, give up]\n", 1, "the top of the file: unknown key 'synonym' (did you mean 'synonyms'?)")]
    [InlineData("synonyms:\n- cede\n", 2, "each item of 'synonyms' must be a list of words that mean the same, such as '- [cede, give up, relinquish]'")]
    [InlineData("synonyms:\n- [cede, [give, up]]\n", 2, "each word of a synonym group must be a non-empty text")]
    public void Read_MalformedFile_ReportsFileAndLine(string yaml, int line, string problem)
    {
        var error = Assert.Throws<KnowledgeFileException>(() => SynonymYamlReader.Read(yaml, File));

        Assert.Equal($"{File}:{line}: {problem}", error.Message);
    }
}
