using TalksBot.Core.Cards;
using TalksBot.Core.Queries;

namespace TalksBot.Core.Tests.Queries;

/// <summary>The repository's knowledge (it ends on 10 March 2026) asked on 30 November 2026, as members would.</summary>
public sealed class LateNovemberKnowledgeFixture : IDisposable
{
    public static readonly DateOnly Today = new(2026, 11, 30);

    public LateNovemberKnowledgeFixture() =>
        Knowledge.Time.SetUtcNow(new DateTimeOffset(Today.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero));

    internal TestKnowledge Knowledge { get; } = TestKnowledge.WithRealKnowledge();

    public void Dispose() => Knowledge.Dispose();
}

/// <summary>Answers that know what day it is: nothing old is shown as current, and nothing after the horizon is answered.</summary>
public sealed class TimeAwareAnswerTests(LateNovemberKnowledgeFixture fixture) : IClassFixture<LateNovemberKnowledgeFixture>
{
    private static readonly DateOnly Horizon = new(2026, 3, 10);
    private readonly TestKnowledge _knowledge = fixture.Knowledge;

    [Theory]
    [InlineData("what happened in the talks last week?", "last week")]
    [InlineData("What was agreed at the talks in September 2026?", "September 2026")]
    [InlineData("Did a ceasefire start this summer?", "this summer")]
    [InlineData("Did Russia attack Kyiv last night?", "last night")]
    public async Task Ask_AboutATimeAfterTheKnowledgeEnds_SaysSoFirst_AndOffersTheLatestLabelledNotAsTheAnswer(string question, string period)
    {
        var answer = await _knowledge.Queries.AskAsync(question);
        var reply = await _knowledge.RunAsync($"/ask question:\"{question}\"");

        Assert.False(answer.Answered);
        Assert.Equal(AskReason.AfterHorizon, answer.Reason);
        Assert.NotEmpty(answer.Results);
        Assert.All(answer.Results, r => Assert.True(r.Fact.AsOf <= Horizon));
        Assert.Equal(answer.Results.Select(r => r.Fact.AsOf).OrderDescending(), answer.Results.Select(r => r.Fact.AsOf));
        var card = Assert.Single(reply.Cards);
        Assert.Equal(CardTone.Warning, card.Tone);
        Assert.StartsWith($"My knowledge ends on 10 March 2026, so I can't tell you about {period}.", card.Description, StringComparison.Ordinal);
        Assert.Contains(card.Fields, f => f.Name.StartsWith("The latest I have (not an answer", StringComparison.Ordinal) && f.Value.Contains("ago)", StringComparison.Ordinal));
        Assert.Contains(_knowledge.Store.Unanswered(100), q => q.Text == question);
    }

    [Fact]
    public async Task Ask_DidTheReferendumHappenThisYear_IsNotAnsweredWithTheFebruaryPlan()
    {
        const string Question = "Did Ukraine hold its referendum on the peace deal this year?";

        var answer = await _knowledge.Queries.AskAsync(Question);
        var reply = await _knowledge.RunAsync($"/ask question:\"{Question}\"");

        Assert.False(answer.Answered);
        Assert.Equal(AskReason.PastHorizon, answer.Reason);
        var card = Assert.Single(reply.Cards);
        Assert.StartsWith("My knowledge ends on 10 March 2026, and nothing in it up to then answers", card.Description, StringComparison.Ordinal);
        Assert.Contains(card.Fields, f => f.Name.StartsWith("Nearest I have (not an answer", StringComparison.Ordinal) && f.Value.Contains("referendum", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(_knowledge.Store.Unanswered(100), q => q.Text == Question);
    }

    [Theory]
    [InlineData("What is the latest news?")]
    [InlineData("any news?")]
    public async Task Ask_ForTheLatest_GetsTheNewestEventsNewestFirst_WithTheHorizon(string question)
    {
        var answer = await _knowledge.Queries.AskAsync(question);
        var reply = await _knowledge.RunAsync($"/ask question:\"{question}\"");

        Assert.True(answer.Answered);
        Assert.Equal(AskShape.Latest, answer.Shape);
        Assert.Equal(Horizon, answer.Results[0].Fact.AsOf);
        Assert.Equal(answer.Results.Select(r => r.Fact.AsOf).OrderDescending(), answer.Results.Select(r => r.Fact.AsOf));
        var card = Assert.Single(reply.Cards);
        Assert.Equal("The latest I have", card.Title);
        Assert.StartsWith("• 10 Mar 2026 (9 months ago) — ", card.Description, StringComparison.Ordinal);
        Assert.Contains("knowledge ends 10 Mar 2026", card.Footer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_WhatIsNewOnATopic_GetsThatTopicsNewestFacts()
    {
        var answer = await _knowledge.Queries.AskAsync("What's new on the ceasefire?");

        Assert.True(answer.Answered);
        Assert.Equal(AskShape.Latest, answer.Shape);
        Assert.Equal("ceasefire", answer.Results[0].Fact.Topic);
        Assert.Equal(new DateOnly(2026, 2, 5), answer.Results[0].Fact.AsOf);
    }

    [Theory]
    [InlineData("Where will the next round of talks be held?")]
    [InlineData("When is the next round of talks?")]
    public async Task Ask_AboutWhatComesNext_GetsTheNewestPlansLabelledAsTheLatest_NotAnOlderPlan(string question)
    {
        // Before: a January plan for "a trilateral" answered as if current; the knowledge's newest word on it is 10 March.
        var answer = await _knowledge.Queries.AskAsync(question);

        Assert.True(answer.Answered);
        Assert.Equal(AskShape.Latest, answer.Shape);
        Assert.Equal(Horizon, answer.Results[0].Fact.AsOf);
    }

    [Fact]
    public async Task Ask_InThePresentTense_IsAnsweredWithTheAgeInTheAnswerItself()
    {
        var reply = await _knowledge.RunAsync("/ask question:\"What does Russia currently demand on territory?\"");

        var card = Assert.Single(reply.Cards);
        Assert.Matches(@"^As of \d{1,2} \w+ 202[56], \d+ months ago — the latest I have: ", card.Description);
        Assert.Contains(FactCards.StaleMarker, card.Footer, StringComparison.Ordinal);
        Assert.Contains("knowledge ends 10 Mar 2026", card.Footer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_AboutAMonthInsideTheKnowledge_RanksThatMonthsFactsFirst()
    {
        var answer = await _knowledge.Queries.AskAsync("What did Russia say about NATO in December 2025?");

        Assert.True(answer.Answered);
        var best = answer.Results[0].Fact;
        Assert.Equal(("russia", "nato"), (best.Party, best.Topic));
        Assert.Equal((2025, 12), (best.AsOf.Year, best.AsOf.Month));
    }

    [Fact]
    public async Task Ask_WhatHappenedInAMonth_GetsThatMonthsTimelineInDateOrder()
    {
        var answer = await _knowledge.Queries.AskAsync("what happened in January 2026?");
        var reply = await _knowledge.RunAsync("/ask question:\"what happened in January 2026?\"");

        Assert.True(answer.Answered);
        Assert.Equal(AskShape.Period, answer.Shape);
        var expected = _knowledge.Queries.Timeline(new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31));
        Assert.Equal(expected.Select(f => f.Id), answer.Results.Select(r => r.Fact.Id));
        Assert.StartsWith("Timeline · January 2026", reply.Cards[0].Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_LastWeek_WhenTheKnowledgeIsFresh_IsAnsweredFromThatWeek()
    {
        var answer = await _knowledge.Queries.AskAsync("what happened in the talks last week?", today: new DateOnly(2026, 3, 16));

        Assert.True(answer.Answered);
        Assert.Contains(answer.Results, r => r.Fact.AsOf == Horizon);
        Assert.All(answer.Results, r => Assert.InRange(r.Fact.AsOf, new DateOnly(2026, 3, 9), new DateOnly(2026, 3, 15)));
    }

    [Fact]
    public async Task Positions_FooterShowsTheAgeTheStaleMarkerAndTheHorizon()
    {
        var reply = await _knowledge.RunAsync("/positions topic:nato party:russia");

        var footer = Assert.Single(reply.Cards).Footer!;
        Assert.StartsWith("As of 19 Dec 2025 · 11 months ago · ⚠ may be out of date · knowledge ends 10 Mar 2026 · facts: ", footer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timeline_FooterNamesTheHorizon()
    {
        var reply = await _knowledge.RunAsync("/timeline");

        Assert.Contains("As of 10 Mar 2026 · 9 months ago", reply.Cards[0].Footer, StringComparison.Ordinal);
        Assert.Contains("knowledge ends 10 Mar 2026", reply.Cards[0].Footer, StringComparison.Ordinal);
    }
}

/// <summary>The stale marker follows Knowledge:StaleAfterDays, and the horizon moves with a moderator's newer fact.</summary>
public sealed class AnswerAgeTests
{
    [Fact]
    public async Task Ask_FactYoungerThanTheStaleLimit_HasItsAgeButNoMarker_AnOlderOneHasTheMarker()
    {
        // The test clock reads 12 March 2026.
        using var knowledge = TestKnowledge.With(TestKnowledge.Small(
            TestKnowledge.SmallFact("ru-nato", "russia", "nato", "Russia wants Ukraine out of NATO.", asOf: new DateOnly(2026, 3, 2))));

        var fresh = (await knowledge.RunAsync("/ask question:\"Does Russia want Ukraine out of NATO?\"")).Cards[0];
        var old = (await knowledge.RunAsync("/ask question:\"Does Russia demand all of Donetsk and Luhansk?\"")).Cards[0];

        Assert.StartsWith("As of 2 Mar 2026 · 10 days ago · knowledge ends 2 Mar 2026", fresh.Footer, StringComparison.Ordinal);
        Assert.StartsWith("As of 15 Dec 2025 · 3 months ago · ⚠ may be out of date · knowledge ends 2 Mar 2026", old.Footer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_StaleLimitRaisedInConfiguration_NoMarkerOnAThreeMonthOldFact()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small(), configure: services =>
            Microsoft.Extensions.DependencyInjection.OptionsServiceCollectionExtensions.Configure<Core.Knowledge.KnowledgeOptions>(services, o => o.StaleAfterDays = 120));

        var card = (await knowledge.RunAsync("/ask question:\"Does Russia demand all of Donetsk and Luhansk?\"")).Cards[0];

        Assert.DoesNotContain(FactCards.StaleMarker, card.Footer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FactAdd_NewerThanTheHorizon_MovesItForTheNextAnswerAtOnce()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());
        var before = (await knowledge.RunAsync("/positions topic:territory")).Cards[0].Footer;

        var saved = await knowledge.ModerateAsync("/fact add topic:territory party:russia text:\"Russia restated its demand for Donetsk.\" source_url:https://example.org/new as_of:2026-03-11");
        await knowledge.IndexCaughtUpAsync();
        var after = (await knowledge.RunAsync("/positions topic:territory")).Cards[0].Footer;

        Assert.NotEqual(CardTone.Error, saved.Cards[0].Tone);
        Assert.Contains("knowledge ends 15 Dec 2025", before, StringComparison.Ordinal);
        Assert.Contains("knowledge ends 11 Mar 2026", after, StringComparison.Ordinal);
    }
}
