namespace TalksBot.Core.Tests.Queries;

/// <summary>Search:Embeddings=false: BM25 with synonyms and typo correction only, for small hosts.</summary>
public sealed class LexicalOnlyModeTests : IDisposable
{
    private readonly TestKnowledge _knowledge = TestKnowledge.WithRealKnowledgeLexicalOnly();

    [Theory]
    [InlineData("Who is Kushner?", "person-kushner")]
    [InlineData("Will Ukraine relinquish sovereignty over occupied land?", "ukraine-territory-no-formal-cession")]
    [InlineData("witkof berlin progress", "united-states-process-witkoff-significant-progress")]
    public async Task Ask_KnownQuestion_AnswersWithoutEmbeddings(string question, string expectedId)
    {
        var answer = (await _knowledge.Queries.AskAsync(question));

        Assert.False(_knowledge.Queries.UsesEmbeddings);
        Assert.True(answer.Answered);
        Assert.Contains(expectedId, answer.Results.Take(3).Select(r => r.Fact.Id));
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("What is China's position on Taiwan?")]
    [InlineData("What's a good recipe for pancakes?")]
    public async Task Ask_UnrelatedQuestion_IsRefusedWithoutEmbeddings(string question)
    {
        Assert.False((await _knowledge.Queries.AskAsync(question)).Answered);
    }

    public void Dispose() => _knowledge.Dispose();
}
