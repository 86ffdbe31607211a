using TalksBot.Core.Knowledge;

namespace TalksBot.Core.Tests.Queries;

public sealed class LiveIndexTests
{
    [Fact]
    public void Ask_AfterAFactIsAdded_FindsItWithoutRestart()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());
        Assert.False(knowledge.Queries.Ask("What about the grain corridor in Odesa?").Answered);

        knowledge.Store.Save(
            TestKnowledge.SmallFact("ua-grain-corridor", "ukraine", "territory", "Ukraine wants the Odesa grain corridor protected in any deal."),
            RevisionAction.Create,
            "mod");

        var answer = knowledge.Queries.Ask("What about the grain corridor in Odesa?");
        Assert.True(answer.Answered);
        Assert.Equal("ua-grain-corridor", answer.Results[0].Fact.Id);
    }

    [Fact]
    public void AskAndPositions_AfterAFactIsDeprecatedOrRetracted_NoLongerShowIt()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());
        var fact = knowledge.Store.Snapshot.FactsById["ru-land"];
        Assert.Equal("ru-land", knowledge.Queries.Ask("Does Russia demand Donetsk and Luhansk?").Results[0].Fact.Id);

        knowledge.Store.Save(fact with { Status = FactStatus.Retracted, RetractionReason = "misquoted" }, RevisionAction.Retract, "mod");

        Assert.DoesNotContain(knowledge.Queries.Ask("Does Russia demand Donetsk and Luhansk?").Results, r => r.Fact.Id == "ru-land");
        var territory = knowledge.Queries.FindTopic("territory").Value!;
        Assert.DoesNotContain(knowledge.Queries.Positions(territory).Parties.SelectMany(p => p.Facts), f => f.Id == "ru-land");
    }

    [Fact]
    public void Ask_AfterAFactIsEdited_MatchesTheNewText()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());
        var fact = knowledge.Store.Snapshot.FactsById["ua-land"];

        knowledge.Store.Save(fact with { Text = "Ukraine proposes a referendum on any territorial settlement." }, RevisionAction.Edit, "mod");

        var answer = knowledge.Queries.Ask("Will there be a referendum on territory?");
        Assert.Equal("ua-land", answer.Results[0].Fact.Id);
        Assert.Contains("referendum", answer.Results[0].Fact.Text, StringComparison.Ordinal);
    }
}
