using System.Globalization;
using System.Text.RegularExpressions;
using TalksBot.Core.Cards;
using TalksBot.Core.Knowledge;

namespace TalksBot.Core.Tests.Moderation;

/// <summary>/kb stale, /kb stats and /about as moderators and members read them: the horizon and the age of each part of the knowledge.</summary>
public sealed class KbStaleTests
{
    private const string Rows = "Topic · party — newest fact · unanswered in 30 days";

    /// <summary>Territory facts of December (and a January event of no party), a NATO position of 10 March 2026.</summary>
    private static KnowledgeSet Knowledge() => TestKnowledge.Small(
        TestKnowledge.SmallFact("ru-nato", "russia", "nato", "Russia wants a promise that the alliance will not expand.", asOf: new DateOnly(2026, 3, 10)),
        TestKnowledge.SmallFact("geneva-round", null, "territory", "A round of talks on the front line was held in Geneva.", FactKind.Event, new DateOnly(2026, 1, 20)));

    [Fact]
    public async Task KbStale_NoQuestions_ListsEachTopicAndPartyOldestNewestFactFirst()
    {
        using var knowledge = TestKnowledge.With(Knowledge());

        var reply = await knowledge.ModerateAsync("/kb stale");

        Assert.True(reply.Ephemeral);
        var card = Assert.Single(reply.Cards);
        Assert.Equal("What to update first", card.Title);
        Assert.StartsWith("Knowledge ends on 10 Mar 2026 · 2 days ago.", card.Description, StringComparison.Ordinal);
        Assert.Contains("2 of 4 topic and party pairs have no fact newer than 60 days", card.Description, StringComparison.Ordinal);
        Assert.Equal(
            [
                "• Territory · Russia — 15 Dec 2025 · 3 months ago",
                "• Territory · Ukraine — 15 Dec 2025 · 3 months ago",
                "• Territory · General — 20 Jan 2026 · 2 months ago",
                "• NATO · Russia — 10 Mar 2026 · 2 days ago",
            ],
            Lines(card));
        Assert.Contains("/fact add", card.Footer, StringComparison.Ordinal);
        Assert.Contains("/kb unanswered", card.Footer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KbStale_RecentUnansweredQuestions_PutTheirTopicFirstAndOlderOnesDoNotCount()
    {
        using var knowledge = TestKnowledge.With(Knowledge());
        knowledge.Store.RecordUnanswered("Will the alliance take in Ukraine?", "test");
        knowledge.Time.Advance(TimeSpan.FromDays(40));
        knowledge.Store.RecordUnanswered("Will the alliance take in Ukraine?", "discord");
        knowledge.Store.RecordUnanswered("Will NATO take in Ukraine next year?", "slack");
        knowledge.Store.RecordUnanswered("Does Russia demand Donetsk by the summer?", "test");
        knowledge.Store.RecordUnanswered("Who wins the Eurovision?", "test");

        var card = (await knowledge.ModerateAsync("/kb stale")).Cards[0];

        Assert.Equal(
            [
                "• NATO · Russia — 10 Mar 2026 · 6 weeks ago · 2 unanswered",
                "• Territory · Russia — 15 Dec 2025 · 4 months ago · 1 unanswered",
                "• Territory · Ukraine — 15 Dec 2025 · 4 months ago · 1 unanswered",
                "• Territory · General — 20 Jan 2026 · 3 months ago · 1 unanswered",
            ],
            Lines(card));
        Assert.Contains(card.Fields, f => f.Name == "Questions that name no topic" && f.Value.StartsWith("1 unanswered in 30 days", StringComparison.Ordinal));
    }

    [Fact]
    public async Task KbStale_Member_IsNotAllowed()
    {
        using var knowledge = TestKnowledge.With(Knowledge());

        var reply = await knowledge.RunAsync("/kb stale");

        Assert.Equal("Not allowed", reply.Cards[0].Title);
        Assert.True(reply.Ephemeral);
    }

    [Fact]
    public async Task KbStale_ManyTopics_ShowsTheFirstFifteenAndHowManyMore()
    {
        var topics = Enumerable.Range(1, 20).Select(i => new Topic($"topic-{i}", $"Topic {i}", "A subject.", [])).ToList();
        var small = TestKnowledge.Small();
        using var knowledge = TestKnowledge.With(small with
        {
            Topics = [.. small.Topics, .. topics],
            Facts = [.. small.Facts, .. topics.Select(t => TestKnowledge.SmallFact($"ru-{t.Id}", "russia", t.Id, $"Russia on {t.Title}."))],
        });

        var rows = Lines((await knowledge.ModerateAsync("/kb stale")).Cards[0]);

        Assert.Equal(16, rows.Count);
        Assert.All(rows.Take(15), r => Assert.StartsWith("• ", r, StringComparison.Ordinal));
        Assert.Equal("… and 7 more", rows[15]);
    }

    [Fact]
    public async Task KbStale_RealKnowledgeAndAQuestionOnEveryTopic_StaysWithinDiscordLimits()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Real);
        foreach (var topic in knowledge.Store.Snapshot.Topics)
        {
            knowledge.Store.RecordUnanswered($"What is new about {topic.Title} this week?", "test");
        }

        var card = (await knowledge.ModerateAsync("/kb stale")).Cards[0];

        var rows = Lines(card);
        var shown = rows.Count(l => l.StartsWith('•'));
        Assert.InRange(shown, 10, 15);
        var pairs = int.Parse(Regex.Match(card.Description!, @"of (\d+) topic and party pairs").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal($"… and {pairs - shown} more", rows[^1]);
        Assert.All(rows.Take(shown), r => Assert.EndsWith(" · 1 unanswered", r, StringComparison.Ordinal));
        Assert.All(card.Fields, f => Assert.InRange(f.Value.Length, 1, 1024));
        Assert.InRange(card.Fields.Count, 1, 25);
        var total = card.Title.Length + card.Description!.Length + card.Footer!.Length + card.Fields.Sum(f => f.Name.Length + f.Value.Length);
        Assert.InRange(total, 1, 6000);
    }

    [Fact]
    public async Task KbStats_ShowsTheHorizonWithItsAge()
    {
        using var knowledge = TestKnowledge.With(Knowledge());

        var card = (await knowledge.ModerateAsync("/kb stats")).Cards[0];

        Assert.Contains(card.Fields, f => f.Name == "Knowledge ends on" && f.Value == "10 Mar 2026 · 2 days ago");
    }

    [Fact]
    public async Task About_ShowsTheNewestDatePerPartyAndPerTopic()
    {
        using var knowledge = TestKnowledge.With(Knowledge());

        var card = (await knowledge.RunAsync("/about")).Cards[0];

        Assert.Contains(card.Fields, f => f.Name == "Knowledge ends on" && f.Value == "10 Mar 2026 · 2 days ago");
        Assert.Contains(card.Fields, f => f.Name == "Newest by party" && f.Value == "Russia 10 Mar 2026 · General 20 Jan 2026 · Ukraine 15 Dec 2025");
        Assert.Contains(card.Fields, f => f.Name == "Newest by topic" && f.Value == "NATO 10 Mar 2026\nTerritory 20 Jan 2026");
    }

    [Fact]
    public async Task FactAdd_NewerThanTheHorizon_MovesItInAboutAndTheAnnouncementSaysSo()
    {
        using var knowledge = TestKnowledge.With(Knowledge());
        using var notifier = knowledge.NotifierFor(knowledge.Publisher);
        knowledge.Store.Subscribe("test", "c1", new Actor("test", "m1", "Mod"));

        await knowledge.ModerateAsync("/fact add topic:territory party:ukraine text:\"Ukraine offers a freeze along the front line.\" source_url:https://example.com/freeze as_of:2026-03-11");
        await knowledge.ModerateAsync("/fact add topic:nato party:ukraine text:\"Ukraine still wants NATO membership.\" source_url:https://example.com/nato as_of:2026-02-01");
        await knowledge.IndexCaughtUpAsync();
        Assert.True(await notifier.DeliverPendingAsync(CancellationToken.None));
        var about = (await knowledge.RunAsync("/about")).Cards[0];
        var stale = (await knowledge.ModerateAsync("/kb stale")).Cards[0];

        Assert.Contains(about.Fields, f => f.Name == "Knowledge ends on" && f.Value == "11 Mar 2026 · yesterday");
        Assert.StartsWith("Knowledge ends on 11 Mar 2026 · yesterday.", stale.Description, StringComparison.Ordinal);
        var posts = knowledge.Publisher.Posts.Select(p => p.Reply.Cards[0]).ToList();
        Assert.Equal(2, posts.Count);
        Assert.EndsWith("\nKnowledge now runs to 11 Mar 2026.", posts[0].Description, StringComparison.Ordinal);
        Assert.DoesNotContain("Knowledge now runs to", posts[1].Description, StringComparison.Ordinal);
    }

    private static List<string> Lines(Card card) =>
        [.. Assert.Single(card.Fields, f => f.Name == Rows).Value.Split('\n')];
}
