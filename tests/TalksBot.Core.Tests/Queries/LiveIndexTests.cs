using TalksBot.Core.Knowledge;

namespace TalksBot.Core.Tests.Queries;

/// <summary>Answers follow the store without a restart: a saved change reaches the indexes through the change feed.</summary>
public sealed class LiveIndexTests
{
    [Fact]
    public async Task Ask_AfterAFactIsAdded_FindsItWithoutRestart()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());
        Assert.False((await knowledge.Queries.AskAsync("What about the grain corridor in Odesa?")).Answered);

        knowledge.Store.Save(
            TestKnowledge.SmallFact("ua-grain-corridor", "ukraine", "territory", "Ukraine wants the Odesa grain corridor protected in any deal."),
            RevisionAction.Create,
            "mod");
        await knowledge.IndexCaughtUpAsync();

        var answer = await knowledge.Queries.AskAsync("What about the grain corridor in Odesa?");
        Assert.True(answer.Answered);
        Assert.Equal("ua-grain-corridor", answer.Results[0].Fact.Id);
    }

    [Fact]
    public async Task AskAndPositions_AfterAFactIsDeprecatedOrRetracted_NoLongerShowIt()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());
        var fact = knowledge.Store.Snapshot.FactsById["ru-land"];
        Assert.Equal("ru-land", (await knowledge.Queries.AskAsync("Does Russia demand Donetsk and Luhansk?")).Results[0].Fact.Id);

        knowledge.Store.Save(fact with { Status = FactStatus.Retracted, RetractionReason = "misquoted" }, RevisionAction.Retract, "mod");
        await knowledge.IndexCaughtUpAsync();

        Assert.DoesNotContain((await knowledge.Queries.AskAsync("Does Russia demand Donetsk and Luhansk?")).Results, r => r.Fact.Id == "ru-land");
        var territory = knowledge.Queries.FindTopic("territory").Value!;
        Assert.DoesNotContain(knowledge.Queries.Positions(territory).Parties.SelectMany(p => p.Facts), f => f.Id == "ru-land");
    }

    [Fact]
    public async Task Ask_AfterAFactIsEdited_MatchesTheNewText()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());
        var fact = knowledge.Store.Snapshot.FactsById["ua-land"];

        knowledge.Store.Save(fact with { Text = "Ukraine proposes a referendum on any territorial settlement." }, RevisionAction.Edit, "mod");
        await knowledge.IndexCaughtUpAsync();

        var answer = await knowledge.Queries.AskAsync("Will there be a referendum on territory?");
        Assert.Equal("ua-land", answer.Results[0].Fact.Id);
        Assert.Contains("referendum", answer.Results[0].Fact.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_AfterAnImport_FindsTheImportedFacts()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());

        knowledge.Store.Import(TestKnowledge.Small(TestKnowledge.SmallFact("ua-grain", "ukraine", "territory", "Ukraine wants the Odesa grain corridor protected in any deal.")));
        await knowledge.IndexCaughtUpAsync();

        Assert.Equal("ua-grain", (await knowledge.Queries.AskAsync("What about the grain corridor in Odesa?")).Results[0].Fact.Id);
    }
}
