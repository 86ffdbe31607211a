using TalksBot.Core.Cards;
using TalksBot.Core.Queries;

namespace TalksBot.Core.Tests.Queries;

/// <summary>Right or silent: the party that acts, the kind of answer asked for, and "I don't have that detail".</summary>
public sealed class RetrievalClassTests(LateNovemberKnowledgeFixture fixture) : IClassFixture<LateNovemberKnowledgeFixture>
{
    private readonly TestKnowledge _knowledge = fixture.Knowledge;

    [Theory]
    [InlineData("Is Ukraine willing to give up on joining NATO?", "ukraine")]
    [InlineData("Could Kyiv abandon its NATO ambitions?", "ukraine")]
    [InlineData("Is Washington willing to put American soldiers in Ukraine?", "united-states")]
    [InlineData("What would Russia do if European soldiers were stationed in Ukraine?", "russia")]
    public async Task Ask_TheSubjectsOwnFact_ComesBeforeAnotherPartysDemandAboutIt(string question, string party)
    {
        var answer = await _knowledge.Queries.AskAsync(question);

        Assert.True(answer.Answered);
        Assert.Equal(party, answer.Results[0].Fact.Party);
    }

    [Fact]
    public async Task Ask_APartyNamedAsTheOneThatDecides_StillGetsThatPartysFact()
    {
        // "before the US finalises": the US is named as well, so its fact may answer.
        var answer = await _knowledge.Queries.AskAsync("Must Ukraine sign a peace deal before the US finalises its guarantees?");

        Assert.Equal("united-states", answer.Results[0].Fact.Party);
    }

    [Fact]
    public async Task Ask_AboutTheSubjectsBehaviourNotItsStance_MayBeAnsweredByAnotherPartysCharge()
    {
        var answer = await _knowledge.Queries.AskAsync("Is Russia dragging out the negotiations?");

        Assert.True(answer.Answered);
        Assert.Matches("stall|drag|prolong", answer.Results[0].Fact.Text);
    }

    [Fact]
    public async Task Ask_WhichAmericans_GetsAFactThatNamesThem()
    {
        var answer = await _knowledge.Queries.AskAsync("Which Americans did Zelenskyy talk to in Berlin?");

        Assert.True(answer.Answered);
        Assert.Matches("Witkoff|Kushner", answer.Results[0].Fact.Text);
    }

    [Theory]
    [InlineData("Who is the US envoy?", "person-witkoff")]
    [InlineData("Who is the Russian envoy?", "person-dmitriev")]
    [InlineData("Who is the Kremlin spokesman?", "person-peskov")]
    [InlineData("Who is the current US president?", "person-trump")]
    [InlineData("Who is the lead US negotiator?", "person-witkoff")]
    public async Task Ask_WhoIsTheRole_GetsThePersonTheKnowledgeDefinesByIt_NotOneWhoseFactMentionsIt(string question, string person)
    {
        // Trump's fact says "he sends Witkoff and Kushner as envoys", Kushner's "works alongside special envoy Steve
        // Witkoff": both mention envoys, neither is one.
        var answer = await _knowledge.Queries.AskAsync(question);

        Assert.True(answer.Answered);
        Assert.Equal(person, answer.Results[0].Fact.Id);
    }

    [Theory]
    [InlineData("Who is Ukraine's defence minister?")]
    [InlineData("Who is Russia's defence minister?")]
    [InlineData("Who is the mayor of Kyiv?")]
    [InlineData("Who is the NATO secretary general?")]
    public async Task Ask_WhoIsARoleNoOneInTheKnowledgeHolds_SaysItLacksTheDetail_NotAnotherMinister(string question)
    {
        // "Sergei Lavrov is Russia's foreign minister" is a minister, not the one asked for; Zelenskyy is no mayor.
        var answer = await _knowledge.Queries.AskAsync(question);

        Assert.False(answer.Answered);
        Assert.Equal(AskReason.NoDetail, answer.Reason);
    }

    [Fact]
    public async Task Ask_WhoHeldTheRoleBeforeANamedHolder_IsNotAnsweredWithTheNamedHolder()
    {
        var answer = await _knowledge.Queries.AskAsync("Who was Ukraine's chief negotiator before Umerov?");

        Assert.True(answer.Answered);
        Assert.Contains("Yermak", answer.Results[0].Fact.Text, StringComparison.Ordinal);
        Assert.NotEqual("person-umerov", answer.Results[0].Fact.Id);
    }

    [Fact]
    public async Task Ask_TheSecondRound_NeverGetsTheThirdRoundsFact()
    {
        var answer = await _knowledge.Queries.AskAsync("In which city was the second trilateral round held?");

        Assert.DoesNotContain("third", answer.Results[0].Fact.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("second", answer.Results[0].Fact.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("How many soldiers does Ukraine have today?")]
    [InlineData("How many drones did Russia launch in January 2026?")]
    [InlineData("Where was the fifth trilateral round held?")]
    public async Task Ask_ForADetailTheKnowledgeLacks_SaysSo_ShowsTheNearestAsRelated_AndStoresTheQuestion(string question)
    {
        var answer = await _knowledge.Queries.AskAsync(question);
        var reply = await _knowledge.RunAsync($"/ask question:\"{question}\"");

        Assert.False(answer.Answered);
        var card = Assert.Single(reply.Cards);
        Assert.NotEqual(CardTone.Answer, card.Tone);
        Assert.Contains(_knowledge.Store.Unanswered(200), q => q.Text == question);
        if (answer.Reason == AskReason.NoDetail)
        {
            Assert.Equal("I don't have that detail", card.Title);
            Assert.Contains(card.Fields, f => f.Name == "Related (not an answer to the question)");
        }
    }

    [Theory]
    [InlineData("How many prisoners were exchanged in February 2026?", "157")]
    [InlineData("How long did the Kremlin meeting with Witkoff last?", "hours")]
    [InlineData("How much did the EU agree to lend Ukraine?", "90bn")]
    public async Task Ask_ForADetailTheKnowledgeHolds_IsAnsweredWithIt(string question, string detail)
    {
        var answer = await _knowledge.Queries.AskAsync(question);

        Assert.True(answer.Answered);
        Assert.Contains(detail, answer.Results[0].Fact.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("How many frozen Russian assets does the EU hold?", "210bn")]
    [InlineData("How many dollars a year does the NDAA give Ukraine?", "$400m")]
    [InlineData("Сколько денег выделяет NDAA Украине каждый год?", "$400m")]
    public async Task Ask_HowManyOfSomethingCountedInMoney_IsAnsweredWithTheSum(string question, string sum)
    {
        var answer = await _knowledge.Queries.AskAsync(question);

        Assert.True(answer.Answered, answer.Reason.ToString());
        Assert.Contains(sum, answer.Results[0].Fact.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("What does Europe think about foreign troops in Ukraine after a ceasefire?", "europe")]
    [InlineData("Що Європа думає про іноземні війська в Україні після перемир'я?", "europe")]
    public async Task Ask_WhatAPartyThinks_GetsItsOwnFactBeforeAnOverviewOfEveryone(string question, string party)
    {
        var answer = await _knowledge.Queries.AskAsync(question);

        Assert.True(answer.Answered);
        Assert.Equal(party, answer.Results[0].Fact.Party);
    }

    [Fact]
    public async Task Ask_WhatAPartyOffered_MayStillBeAnsweredByTheEventOfItsOffer()
    {
        var answer = await _knowledge.Queries.AskAsync("What did Putin offer after Alaska in exchange for Donetsk?");

        Assert.True(answer.Answered);
        Assert.Contains("freeze", answer.Results[0].Fact.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("us troops ukraine?")]
    [InlineData("what does the us say about troops in ukraine")]
    public async Task Ask_TypedWithoutCapitals_StillMeansTheUs(string question)
    {
        var answer = await _knowledge.Queries.AskAsync(question);

        Assert.Equal("united-states", answer.Results[0].Fact.Party);
    }

    [Theory]
    [InlineData("What did Sybiha say about the talks?", "Andrii Sybiha")]
    [InlineData("What has Andrii Sybiha said about a ceasefire?", "Andrii Sybiha")]
    [InlineData("What did Orban say about the peace plan?", "Orban")]
    public async Task Ask_AboutSomeoneTheKnowledgeHoldsNothingOn_SaysSoByName_AndStoresTheQuestion(string question, string name)
    {
        var answer = await _knowledge.Queries.AskAsync(question);
        var reply = await _knowledge.RunAsync($"/ask question:\"{question}\"");

        Assert.False(answer.Answered);
        Assert.Equal(AskReason.UnknownName, answer.Reason);
        Assert.Equal("unknown-name", EvalOutcome.ReasonName(answer.Reason));
        Assert.Contains(name, answer.UnknownNames);
        var card = Assert.Single(reply.Cards);
        Assert.Equal($"I have nothing on {name}", card.Title);
        Assert.Contains("won't answer with someone else's words", card.Description, StringComparison.Ordinal);
        Assert.Contains(_knowledge.Store.Unanswered(200), q => q.Text == question);
    }

    [Theory]
    [InlineData("What did Brussels decide about frozen Russian assets?")]
    [InlineData("What does Meloni think about the security guarantees for Ukraine?")]
    public async Task Ask_APlaceOrAPersonTheFactsDoName_IsNotRefusedAsUnknown(string question)
    {
        var answer = await _knowledge.Queries.AskAsync(question);

        Assert.NotEqual(AskReason.UnknownName, answer.Reason);
    }

    [Fact]
    public async Task AskJsonReason_ForAMissingDetail_IsNoDetail()
    {
        var answer = await _knowledge.Queries.AskAsync("How many soldiers does Ukraine have today?");

        Assert.Equal(AskReason.NoDetail, answer.Reason);
        Assert.Equal("no-detail", EvalOutcome.ReasonName(answer.Reason));
    }
}
