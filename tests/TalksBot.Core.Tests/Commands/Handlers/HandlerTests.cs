using TalksBot.Core.Cards;

namespace TalksBot.Core.Tests.Commands.Handlers;

public sealed class HandlerTests : IClassFixture<Queries.RealKnowledgeFixture>
{
    private readonly TestKnowledge _knowledge;

    public HandlerTests(Queries.RealKnowledgeFixture fixture) => _knowledge = fixture.Knowledge;

    [Fact]
    public async Task Positions_Territory_OneCardPerPartyWithSourcesAndDate()
    {
        var reply = await _knowledge.RunAsync("/positions topic:territory");

        Assert.Contains(reply.Cards, c => c.Title == "Russia on Territory");
        Assert.Contains(reply.Cards, c => c.Title == "Ukraine on Territory");
        Assert.Contains(reply.Cards, c => c.Title == "United States on Territory");
        foreach (var card in reply.Cards)
        {
            Assert.Contains(card.Fields, f => f.Name == "Sources" && f.Value.Contains("https://", StringComparison.Ordinal));
            Assert.Matches(@"^As of \d{1,2} [A-Z][a-z]{2} 20\d\d · .* · knowledge ends ", card.Footer);
            Assert.NotNull(card.AsOf);
        }
    }

    [Fact]
    public async Task Positions_ManyPositions_ShowsAShortListKeepingThePreferredOne()
    {
        var reply = await _knowledge.RunAsync("/positions territory russia");

        var card = Assert.Single(reply.Cards);
        Assert.True(card.Description!.Split('\n').Count(l => l.StartsWith('•')) <= 4);
        Assert.Contains("older position", card.Description, StringComparison.Ordinal);
        Assert.Contains("russia-territory-year-end-demands-restated", card.Footer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Positions_UnknownTopic_ListsValidTopicsAndTheNearest()
    {
        var reply = await _knowledge.RunAsync("/positions topic:nattoo");

        var card = reply.Cards[0];
        Assert.Equal("Unknown topic", card.Title);
        Assert.Contains("Did you mean nato?", card.Description, StringComparison.Ordinal);
        Assert.Contains("Valid topics: aid, ceasefire, church", card.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Positions_UnknownParty_ListsValidParties()
    {
        var reply = await _knowledge.RunAsync("/positions topic:nato party:china");

        Assert.Equal("Unknown party", reply.Cards[0].Title);
        Assert.Contains("Valid partys: europe, russia, ukraine, united-states", reply.Cards[0].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Positions_PartyAndTopicSwapped_StillAnswers()
    {
        var reply = await _knowledge.RunAsync("/positions russia nato");

        Assert.Equal("Russia on NATO", Assert.Single(reply.Cards).Title);
    }

    [Fact]
    public async Task Ask_KnownQuestion_AnswersWithSourcesDateAndButtons()
    {
        var reply = await _knowledge.RunAsync("/ask Who is Kushner?");

        var card = reply.Cards[0];
        Assert.Contains("son-in-law", card.Description, StringComparison.Ordinal);
        Assert.Contains(card.Fields, f => f.Name == "Sources");
        Assert.Contains("fact person-kushner", card.Footer, StringComparison.Ordinal);
        Assert.Contains(reply.Buttons, b => b.Action == "/sources person-kushner");
    }

    [Fact]
    public async Task Ask_MentionInjection_IsEchoedHarmlessly()
    {
        var reply = await _knowledge.RunAsync("/ask @everyone <!channel> free pancakes");

        var card = reply.Cards[0];
        Assert.Equal("I don't know that yet", card.Title);
        Assert.DoesNotContain("@everyone", card.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("<!channel>", card.Description, StringComparison.Ordinal);
        Assert.Contains("@\u200Beveryone", card.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timeline_PartyAndMonth_ListsThatMonthsEventsInOrder()
    {
        var reply = await _knowledge.RunAsync("/timeline russia 2025-12");

        var card = reply.Cards[0];
        var lines = card.Description!.Split('\n');
        Assert.All(lines, l => Assert.StartsWith("2025-12-", l, StringComparison.Ordinal));
        var dates = lines.Select(l => l[..10]).ToList();
        Assert.Equal(dates.Order(StringComparer.Ordinal), dates);
        Assert.Contains("Russia", card.Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timeline_LongRange_ShowsTheLatestEventsAndSaysSo()
    {
        var reply = await _knowledge.RunAsync("/timeline");

        Assert.Equal(15, reply.Cards[0].Description!.Split('\n').Length);
        Assert.Matches(@"events \d+-\d+ of \d+, page 1", reply.Cards[0].Footer);
        var earlier = Assert.Single(reply.Buttons, b => b.Label == "Earlier events");
        Assert.Equal("/timeline page:2", earlier.Action);
    }

    [Fact]
    public async Task Timeline_EarlierPage_ShowsTheEventsBeforeTheLatest()
    {
        var latest = await _knowledge.RunAsync("/timeline");
        var earlier = await _knowledge.RunAsync("/timeline page:2");

        var latestFirst = latest.Cards[0].Description!.Split('\n')[0][..10];
        var earlierLast = earlier.Cards[0].Description!.Split('\n')[^1][..10];
        Assert.True(string.CompareOrdinal(earlierLast, latestFirst) <= 0, $"{earlierLast} is after {latestFirst}");
        Assert.Matches(@"page 2", earlier.Cards[0].Footer);
    }

    [Fact]
    public async Task Positions_MoreButton_ShowsOlderPositions()
    {
        var first = await _knowledge.RunAsync("/positions territory russia");
        var more = Assert.Single(first.Buttons, b => b.Label == "More");

        var second = await _knowledge.RunAsync(more.Action);

        Assert.Equal("/positions topic:territory party:russia page:2", more.Action);
        var firstIds = first.Cards[0].Footer!;
        Assert.All(second.Cards[0].Footer!.Split("facts: ")[1].Split(", "), id => Assert.DoesNotContain(id, firstIds, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/timeline page:0")]
    [InlineData("/timeline page:lots")]
    [InlineData("/positions territory page:99")]
    public async Task Paging_BadPage_ExplainsTheRange(string line)
    {
        var reply = await _knowledge.RunAsync(line);

        Assert.Equal(CardTone.Error, reply.Cards[0].Tone);
        Assert.Contains("page", reply.Cards[0].Description, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/timeline from:2025-13", "Bad date")]
    [InlineData("/timeline from:2026-02 to:2025-12", "Dates out of order")]
    [InlineData("/timeline party:atlantis", "Unknown party")]
    public async Task Timeline_BadInput_ExplainsWhatIsWrong(string line, string title)
    {
        var reply = await _knowledge.RunAsync(line);

        Assert.Equal(title, reply.Cards[0].Title);
        Assert.Equal(CardTone.Error, reply.Cards[0].Tone);
    }

    [Fact]
    public async Task Sources_UnknownSubject_SuggestsAFactOrTopic()
    {
        var reply = await _knowledge.RunAsync("/sources person-kushnr");

        Assert.Equal("Unknown fact or topic", reply.Cards[0].Title);
        Assert.Contains("Did you mean the fact person-kushner?", reply.Cards[0].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sources_WeakSource_CarriesANeutralCaveat()
    {
        var reply = await _knowledge.RunAsync("/sources ukraine-territory-freeze-line-conditional-economic-zone");

        Assert.Contains("BritBrief, undated: Zelensky offers troop withdrawal in new Ukraine peace plan (low-reliability source) — https://", reply.Cards[0].Description, StringComparison.Ordinal);
        Assert.DoesNotContain("re-check", reply.Cards[0].Description, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Positions_WeakAndUndatedSource_ShowsMembersNeutralLabelsNeverEditorsNotes()
    {
        var reply = await _knowledge.RunAsync("/positions topic:territory party:ukraine");

        var sources = Assert.Single(Assert.Single(reply.Cards).Fields, f => f.Name == "Sources").Value;
        var britBrief = Assert.Single(sources.Split('\n'), line => line.Contains("BritBrief", StringComparison.Ordinal));
        Assert.Contains("BritBrief, undated:", britBrief, StringComparison.Ordinal);
        Assert.Contains("(low-reliability source)", britBrief, StringComparison.Ordinal);
        Assert.DoesNotContain("re-check", sources, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("n.d.", sources, StringComparison.Ordinal);
        Assert.DoesNotContain("weak source", sources, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Positions_StateMediaSource_KeepsItsLabel()
    {
        var reply = await _knowledge.RunAsync("/positions topic:nato party:russia");

        var sources = Assert.Single(Assert.Single(reply.Cards).Fields, f => f.Name == "Sources").Value;
        Assert.Contains("(Russian state media)", sources, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Positions_FactDatedOnlyToTheMonth_ShowsTheMonthNotAnInventedDay()
    {
        var reply = await _knowledge.RunAsync("/positions topic:aid party:united-states");

        var card = Assert.Single(reply.Cards);
        Assert.StartsWith("As of December 2025 · 3 months ago · ", card.Footer, StringComparison.Ordinal);
        Assert.Contains("(December 2025) [1]", card.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("2025-12-01", card.Description, StringComparison.Ordinal);
        Assert.Contains("EA WorldView, December 2025:", card.Fields[0].Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TopicsAboutAndHelp_Answer()
    {
        var topics = await _knowledge.RunAsync("/topics");
        var about = await _knowledge.RunAsync("/about");
        var help = await _knowledge.RunAsync("/help");
        var helpOne = await _knowledge.RunAsync("/help timeline");
        var helpUnknown = await _knowledge.RunAsync("/help dance");

        Assert.Contains(topics.Cards[0].Fields, f => f.Name == "Territory (territory)");
        Assert.Contains(about.Cards[0].Fields, f => f.Name == "Knowledge ends on" && f.Value == "10 Mar 2026 · 2 days ago");
        Assert.All(about.Cards[0].Fields, f => Assert.InRange(f.Value.Length, 1, 1024));
        Assert.Equal(7, help.Cards[0].Fields.Count);
        Assert.Contains(helpOne.Cards[0].Fields, f => f.Name == "Examples" && f.Value.Contains("/timeline party:russia", StringComparison.Ordinal));
        Assert.Equal("Unknown command", helpUnknown.Cards[0].Title);
    }
}
