using Microsoft.Extensions.DependencyInjection;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Knowledge.Yaml;

namespace TalksBot.Core.Tests.Search;

/// <summary>The synonyms come from the knowledge directory's synonyms.yaml (Knowledge:Directory), for facts and questions alike.</summary>
public sealed class SynonymSearchTests : IDisposable
{
    private const string Question = "Is there a pause?";

    private readonly string _directory = Directory.CreateTempSubdirectory("talksbot-synonyms-").FullName;

    [Fact]
    public async Task Ask_SynonymAddedToTheKnowledgeFile_FindsTheFactThatUsesTheOtherWord()
    {
        File.WriteAllText(Path.Combine(_directory, KnowledgeLayout.SynonymsFile), "synonyms:\n- [moratorium, pause, halt]\n");
        using var knowledge = KnowledgeReadingSynonymsFrom(_directory);

        var answer = await knowledge.Queries.AskAsync(Question);

        Assert.True(answer.Answered);
        Assert.Equal("ru-moratorium", answer.Results[0].Fact.Id);
    }

    [Fact]
    public async Task Ask_WithoutThatSynonym_DoesNotFindTheFact()
    {
        File.WriteAllText(Path.Combine(_directory, KnowledgeLayout.SynonymsFile), "synonyms:\n- [truce, ceasefire]\n");
        using var knowledge = KnowledgeReadingSynonymsFrom(_directory);

        var answer = await knowledge.Queries.AskAsync(Question);

        Assert.DoesNotContain(answer.Results, r => r.Fact.Id == "ru-moratorium");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static TestKnowledge KnowledgeReadingSynonymsFrom(string directory) => TestKnowledge.With(
        TestKnowledge.Small(TestKnowledge.SmallFact("ru-moratorium", "russia", "territory", "Russia offered a moratorium on strikes against power plants.")),
        configure: services => services.Configure<KnowledgeOptions>(o => o.Directory = directory));
}
