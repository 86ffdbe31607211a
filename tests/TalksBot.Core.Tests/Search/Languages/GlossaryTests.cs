using TalksBot.Core.Knowledge;
using TalksBot.Core.Knowledge.Yaml;
using TalksBot.Core.Search.Languages;

namespace TalksBot.Core.Tests.Search.Languages;

public sealed class GlossaryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("talksbot-glossary-").FullName;

    [Theory]
    [InlineData("glossary:\n- {en: Russia, uk: [Росія]}\n- {en: Ukraine, uk: [росія]}\n", 3, "is the same word")]
    [InlineData("glossary:\n- {en: Russia, uk: [вибори, выборы]}\n", 2, "only Russian")]
    [InlineData("glossary:\n- {en: Russia, ru: [Росія]}\n", 2, "only Ukrainian")]
    [InlineData("glossary:\n- {en: Russia}\n", 2, "no Ukrainian")]
    [InlineData("glossary:\n- {uk: [Росія]}\n", 2, "'en' is missing")]
    [InlineData("glossary:\n- {en: Росія, uk: [Росія]}\n", 2, "must be English")]
    [InlineData("glossary:\n- {en: Russia, uk: [Russia]}\n", 2, "no Cyrillic")]
    [InlineData("glossary:\n- {en: Russia, uk: [Росія], be: [Расія]}\n", 2, "unknown key 'be'")]
    [InlineData("glossary:\n- {en: x, uk: [один два три чотири пять]}\n", 2, "one to 4 words")]
    public void Load_MalformedGlossary_ReportsFileAndLine(string yaml, int line, string problem)
    {
        File.WriteAllText(Path.Combine(_directory, QuestionReader.GlossaryFile), yaml);

        var error = Assert.Throws<KnowledgeFileException>(() => QuestionReader.Load(_directory));

        Assert.StartsWith($"{Path.Combine(_directory, QuestionReader.GlossaryFile)}:{line}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NoGlossaryInTheDirectory_ReadsNothing()
    {
        var reader = QuestionReader.Load(_directory);

        Assert.Equal(0, reader.GlossarySize);
        Assert.Equal("Що Росія хоче?", reader.English("Що Росія хоче?"));
    }

    [Fact]
    public void Load_TwoWordsStemmingAlikeWithDifferentReadings_ReadEachListedFormAndLeaveOtherFormsAlone()
    {
        File.WriteAllText(Path.Combine(_directory, QuestionReader.GlossaryFile), "glossary:\n- {en: how, ru: [как]}\n- {en: which, ru: [какой]}\n");

        var reader = QuestionReader.Load(_directory);

        Assert.Equal("How which какую", reader.English("как какой какую"));
    }

    [Fact]
    public void Load_TheRepositoryGlossary_ReadsEveryPersonAndParty()
    {
        var readings = QuestionReader.Load(TestKnowledge.KnowledgeDirectory).Readings;
        var knowledge = TestKnowledge.Real;
        var surnames = knowledge.Facts.Where(f => f.Kind == FactKind.Person).Select(f => f.Id["person-".Length..]);

        Assert.All(surnames, surname => Assert.Contains(surname, readings, StringComparer.OrdinalIgnoreCase));
        Assert.All(knowledge.Parties, party => Assert.Contains(party.Name, readings, StringComparer.OrdinalIgnoreCase));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
