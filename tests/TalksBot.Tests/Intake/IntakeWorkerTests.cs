using TalksBot.Core.Intake;
using TalksBot.Core.Knowledge;
using Microsoft.Extensions.DependencyInjection;
using TalksBot.Testing;

namespace TalksBot.Tests.Intake;

/// <summary>
/// The news inbox end to end: <see cref="TalksBot.Intake.IntakeWorker.RunOnceAsync"/> composed as the host composes it,
/// polling RSS and Atom feeds on a loopback server, scoring against the repository's knowledge and storing candidates.
/// </summary>
public sealed class IntakeWorkerTests
{
    internal static readonly DateTimeOffset Tuesday = new(2026, 3, 10, 14, 30, 0, TimeSpan.Zero);

    internal static readonly FeedEntry FrontLine = new(
        "Zelensky says Ukraine is ready for a ceasefire along the current front line",
        "https://kyiv.example/news/front-line-ceasefire",
        Tuesday,
        "Kyiv repeats it would halt hostilities and freeze the fighting where the armies now stand if Russia agrees.");

    internal static readonly FeedEntry FrozenAssets = new(
        "EU leaders agree to lend Ukraine money backed by frozen Russian central bank assets",
        "https://brussels.example/2026/03/11/frozen-assets-loan",
        Tuesday.AddDays(1),
        "The European Union will use immobilised Russian state assets to fund a reparations loan to Kyiv.");

    internal static readonly FeedEntry NatoRefused = new(
        "Russia rejects any NATO membership for Ukraine as peace talks resume",
        "https://wire.example/2026/03/12/russia-nato-membership",
        FeedIntake.Start.AddHours(-1),
        "Moscow repeats that Ukraine must stay out of NATO under any settlement.");

    internal static readonly FeedEntry Football = new(
        "Manchester United beat Liverpool 2-1 in Premier League derby",
        "https://sport.example/football/united-liverpool",
        Tuesday,
        "A late header settled the match at Old Trafford.");

    [Fact]
    public async Task RunOnceAsync_RssFeed_OpensCandidatesWithPartyTopicNearestFactAndTheItemsDate()
    {
        await using var intake = await FeedIntake.StartAsync(["/world.xml"]);
        intake.Feeds.Serve("/world.xml", new FeedResponse { Body = FeedXml.Rss(FrontLine, FrozenAssets), ETag = "\"v1\"" });

        await intake.NewWorker().RunOnceAsync(CancellationToken.None);

        var candidates = await intake.CandidatesAsync();
        AssertCandidate(intake, candidates, FrontLine, "world", "ukraine", "ceasefire");
        AssertCandidate(intake, candidates, FrozenAssets, "world", "europe", "sanctions-assets");
        var state = await intake.StateAsync("/world.xml");
        Assert.Equal(2, state!.ItemsFetched);
        Assert.Equal(0, state.Errors);
        Assert.Equal("\"v1\"", state.ETag);
    }

    [Fact]
    public async Task RunOnceAsync_AtomFeed_OpensCandidatesWithPartyTopicNearestFactAndTheItemsDate()
    {
        await using var intake = await FeedIntake.StartAsync(["/europe.atom"]);
        intake.Feeds.Serve("/europe.atom", new FeedResponse { Body = FeedXml.Atom(FrontLine, FrozenAssets), ContentType = "application/atom+xml" });

        await intake.NewWorker().RunOnceAsync(CancellationToken.None);

        var candidates = await intake.CandidatesAsync();
        AssertCandidate(intake, candidates, FrontLine, "europe", "ukraine", "ceasefire");
        AssertCandidate(intake, candidates, FrozenAssets, "europe", "europe", "sanctions-assets");
    }

    internal static void AssertCandidate(FeedIntake intake, IReadOnlyList<InboxCandidate> candidates, FeedEntry item, string outlet, string party, string topic)
    {
        var candidate = Assert.Single(candidates, c => c.Headline == item.Title);
        Assert.Equal(CandidateStatus.Open, candidate.Status);
        Assert.Equal(DateOnly.FromDateTime(item.Published.UtcDateTime), candidate.Date);
        var source = Assert.Single(candidate.Sources);
        Assert.Equal(outlet, source.Outlet);
        Assert.Equal(item.Link, source.Url);
        Assert.Equal(item.Published, source.Published);
        Assert.Equal(party, candidate.PartyId);
        Assert.Equal(topic, candidate.TopicId);
        Assert.NotEmpty(candidate.Nearest);
        var facts = intake.Services.GetRequiredService<IFactStore>().Snapshot;
        Assert.All(candidate.Nearest, near => Assert.Contains(facts.Facts, f => f.Id == near.FactId));
    }
}
