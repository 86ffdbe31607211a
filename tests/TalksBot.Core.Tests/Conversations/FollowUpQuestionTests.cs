using TalksBot.Core.Tests.Queries;
using TalksBot.Core.Conversations;

namespace TalksBot.Core.Tests.Conversations;

/// <summary>How a follow-up in a thread reads against the question before it.</summary>
public sealed class FollowUpQuestionTests : IClassFixture<RealKnowledgeFixture>
{
    private readonly TestKnowledge _knowledge;

    public FollowUpQuestionTests(RealKnowledgeFixture fixture) => _knowledge = fixture.Knowledge;

    private string Resolve(string? previous, string followUp) =>
        FollowUpQuestion.Resolve(previous, followUp, _knowledge.Queries.Names, _knowledge.Queries.Knowledge);

    [Theory]
    [InlineData("Does Russia still demand Crimea?", "and Ukraine?", "Does Ukraine still demand Crimea?")]
    [InlineData("What does Russia say about NATO?", "what about Europe?", "What does Europe say about NATO?")]
    [InlineData("What does Russia say about NATO?", "а Україна?", "What does Ukraine say about NATO?")]
    [InlineData("What does Russia say about NATO?", "and territory?", "What does Russia say about Territory?")]
    [InlineData("What's the latest on the ceasefire?", "and Ukraine?", "What's the latest on the ceasefire for Ukraine?")]
    [InlineData("Does Russia still demand Crimea?", "and Ukraine on NATO?", "What is Ukraine's position on NATO?")]
    public void FollowUp_NamingOnlyAPartyOrTopic_AsksThePreviousQuestionAboutIt(string previous, string followUp, string expected)
    {
        Assert.Equal(expected, Resolve(previous, followUp));
    }

    [Theory]
    [InlineData("Does Russia still demand Crimea?", "What does Ukraine think about elections?")]
    [InlineData("Does Russia still demand Crimea?", "thanks!")]
    [InlineData("Does Russia still demand Crimea?", "and when did Ukraine say that?")]
    [InlineData(null, "and Ukraine?")]
    public void FollowUp_WithWordsOfItsOwn_OrNothingBefore_StandsAlone(string? previous, string followUp)
    {
        Assert.Equal(followUp, Resolve(previous, followUp));
    }
}
