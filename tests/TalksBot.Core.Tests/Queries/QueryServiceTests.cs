using TalksBot.Core.Knowledge;

namespace TalksBot.Core.Tests.Queries;

public sealed class QueryServiceTests : IClassFixture<RealKnowledgeFixture>
{
    private readonly TestKnowledge _knowledge;

    public QueryServiceTests(RealKnowledgeFixture fixture) => _knowledge = fixture.Knowledge;

    [Theory]
    [InlineData("territory", new[] { "russia", "ukraine", "united-states" })]
    [InlineData("nato", new[] { "russia", "ukraine", "united-states" })]
    [InlineData("elections", new[] { "russia", "ukraine", "united-states" })]
    [InlineData("security-guarantees", new[] { "russia", "ukraine", "united-states", "europe" })]
    public void Positions_MainTopics_ShowEachPartySourcedAndDated(string topicId, string[] parties)
    {
        var topic = _knowledge.Queries.FindTopic(topicId).Value!;

        var answer = _knowledge.Queries.Positions(topic);

        Assert.Superset(parties.ToHashSet(), answer.Parties.Select(p => p.Party.Id).ToHashSet());
        foreach (var fact in answer.Parties.SelectMany(p => p.Facts))
        {
            Assert.Equal(topicId, fact.Topic);
            Assert.NotEmpty(_knowledge.Store.Snapshot.SourcesOf(fact));
            Assert.True(fact.AsOf > new DateOnly(2025, 1, 1));
        }
    }

    [Fact]
    public void Positions_HideDeprecatedAndListNewestFirst()
    {
        var territory = _knowledge.Queries.FindTopic("territory").Value!;
        var russia = _knowledge.Queries.FindParty("russia").Value!;

        var facts = Assert.Single(_knowledge.Queries.Positions(territory, russia).Parties).Facts;

        Assert.DoesNotContain(facts, f => f.Id == "russia-territory-bishkek-leave-or-be-taken");
        Assert.All(facts, f => Assert.NotEqual(FactRank.Deprecated, f.Rank));
        Assert.Equal(facts.OrderByDescending(f => f.AsOf).Select(f => f.AsOf), facts.Select(f => f.AsOf));
        Assert.Contains(facts, f => f.Id == "russia-territory-recognition-four-regions-and-crimea");
    }

    [Fact]
    public void Timeline_IsChronological_AndFiltersByPartyAndDates()
    {
        var all = _knowledge.Queries.Timeline();
        var russia = _knowledge.Queries.FindParty("Kremlin").Value!;

        var december = _knowledge.Queries.Timeline(new DateOnly(2025, 12, 1), new DateOnly(2025, 12, 31), russia);

        Assert.Equal(all.OrderBy(f => f.AsOf).Select(f => f.Id), all.Select(f => f.Id));
        Assert.All(all, f => Assert.Equal(FactKind.Event, f.Kind));
        Assert.NotEmpty(december);
        Assert.All(december, f =>
        {
            Assert.InRange(f.AsOf, new DateOnly(2025, 12, 1), new DateOnly(2025, 12, 31));
            Assert.Contains("russia", f.AllParties);
        });
        Assert.Contains(december, f => f.Id == "2025-12-02-witkoff-kushner-putin-kremlin");
    }

    [Theory]
    [InlineData("Who is Kushner?", "person-kushner")]
    [InlineData("Which regions does Moscow want recognised as Russian?", "russia-territory-recognition-four-regions-and-crimea")]
    [InlineData("Does Russia want Ukraine to have a smaller army?", "russia-military-limits-smaller-ukrainian-army")]
    [InlineData("What did the Kremlin say about NATO troops being sent to Ukraine?", "russia-foreign-troops-nato-troops-legitimate-targets")]
    [InlineData("Is Kyiv ready to stop fighting on the current front line?", "ukraine-ceasefire-stop-on-current-front-line")]
    [InlineData("What was the US idea of a demilitarized economic zone in Donetsk?", "united-states-territory-donetsk-demilitarized-economic-zone")]
    [InlineData("Would Zelenskyy drop the NATO bid for security guarantees?", "ukraine-nato-drop-bid-for-western-guarantees")]
    [InlineData("Does Trump want Ukraine to hold a wartime election?", "united-states-elections-trump-wants-wartime-vote")]
    [InlineData("Would Russia let Ukraine join the European Union?", "russia-eu-membership-would-not-oppose")]
    [InlineData("How many prisoners were swapped in Istanbul in May 2025?", "2025-05-16-istanbul-1000-prisoner-swap")]
    [InlineData("zelenskiy crimea", "ukraine-territory-never-recognise-crimea")]
    public async Task Ask_ParaphrasedQuestion_FindsTheFactInTheTopThree(string question, string expectedId)
    {
        var answer = (await _knowledge.Queries.AskAsync(question));

        Assert.True(answer.Answered, $"not answered: {question}");
        Assert.Contains(expectedId, answer.Results.Take(3).Select(r => r.Fact.Id));
    }

    [Theory]
    [InlineData("zaporozhye nuclear plant", "nuclear-plant")]
    [InlineData("znpp who runs it", "nuclear-plant")]
    [InlineData("prisoner swaps", "humanitarian")]
    public async Task Ask_TerseOrMisspelledTopic_AnswersFromThatTopic(string question, string topic)
    {
        var answer = (await _knowledge.Queries.AskAsync(question));

        Assert.True(answer.Answered);
        Assert.All(answer.Results.Take(3), r => Assert.Equal(topic, r.Fact.Topic));
    }

    [Fact]
    public async Task Ask_MisspelledPlace_FindsFactsAboutIt()
    {
        var answer = (await _knowledge.Queries.AskAsync("luhanks"));

        Assert.True(answer.Answered);
        Assert.Contains("Luhansk", answer.Results[0].Fact.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("What's a good recipe for pancakes?")]
    [InlineData("Who won the football world cup?")]
    [InlineData("What is the population of Brazil?")]
    [InlineData("")]
    [InlineData("???")]
    public async Task Ask_UnrelatedQuestion_SaysItDoesNotKnow(string question)
    {
        var answer = (await _knowledge.Queries.AskAsync(question));

        Assert.False(answer.Answered);
        Assert.NotEmpty(answer.NearestTopics);
    }

    [Fact]
    public void Sources_OfAFact_ListTheFactsOwnSources()
    {
        var answer = _knowledge.Queries.Sources("russia-territory-recognition-four-regions-and-crimea")!;

        Assert.Equal("ap-startribune-2025-12-15-where-things-stand", answer.Sources[0].Source.Id);
        Assert.Equal(new DateOnly(2025, 12, 15), answer.AsOf);
    }

    [Fact]
    public void Sources_OfATopicByAlias_ListMostCitedFirst()
    {
        var answer = _knowledge.Queries.Sources("land")!;

        Assert.Equal("territory", answer.Topic!.Id);
        Assert.Equal(answer.Sources.OrderByDescending(s => s.Citations).Select(s => s.Citations), answer.Sources.Select(s => s.Citations));
        Assert.Null(_knowledge.Queries.Sources("no-such-thing-at-all"));
    }

    [Fact]
    public void About_CountsTheKnowledgeAndItsDate()
    {
        var about = _knowledge.Queries.About();

        Assert.Equal(_knowledge.Store.Snapshot.Facts.Count, about.Facts);
        Assert.Equal(new DateOnly(2026, 3, 10), about.AsOf);
        Assert.Equal(4, about.Parties);
        Assert.True(about.Events >= 70);
        Assert.True(about.DeprecatedFacts >= 1);
    }

    [Fact]
    public void Topics_ListEveryTopicWithItsCount()
    {
        var topics = _knowledge.Queries.Topics();

        Assert.Equal(_knowledge.Store.Snapshot.Topics.Count, topics.Count);
        Assert.All(topics, t => Assert.True(t.CurrentFacts > 0, $"{t.Topic.Id} has no facts"));
    }
}

/// <summary>The real knowledge imported once for read-only query tests.</summary>
public sealed class RealKnowledgeFixture : IDisposable
{
    internal TestKnowledge Knowledge { get; } = TestKnowledge.WithRealKnowledge();

    public void Dispose() => Knowledge.Dispose();
}
