using TalksBot.Core.Intake;
using TalksBot.Testing;
using static TalksBot.Tests.Intake.IntakeWorkerTests;

namespace TalksBot.Tests.Intake;

/// <summary>One story, several outlets: merged into one candidate; irrelevant items dropped; dismissed stories stay away.</summary>
public sealed class StoryMergingTests
{
    /// <summary>FrontLine as a wire service carries it: the same article (its own headline), the link with tracking parameters.</summary>
    private static readonly FeedEntry FrontLineTracked = FrontLine with
    {
        Title = "Kyiv offers to freeze the war where the armies stand",
        Link = FrontLine.Link + "?utm_source=rss&utm_medium=feed&utm_campaign=world",
    };

    /// <summary>FrozenAssets from another outlet: a near-identical headline, its own link.</summary>
    private static readonly FeedEntry FrozenAssetsElsewhere = FrozenAssets with
    {
        Title = "EU leaders agree to lend Ukraine money backed by frozen Russian central bank assets, officials say",
        Link = "https://wire.example/europe/eu-frozen-assets-loan-ukraine",
        Published = FrozenAssets.Published.AddHours(2),
    };

    [Fact]
    public async Task RunOnceAsync_SameLinkWithUtmParametersInTwoFeeds_OneCandidateWithTwoSources()
    {
        await using var intake = await FeedIntake.StartAsync(["/kyiv.xml", "/wire.xml"]);
        intake.Feeds.Serve("/kyiv.xml", new FeedResponse { Body = FeedXml.Rss(FrontLine) });
        intake.Feeds.Serve("/wire.xml", new FeedResponse { Body = FeedXml.Rss(FrontLineTracked) });

        await intake.NewWorker().RunOnceAsync(CancellationToken.None);

        var candidate = Assert.Single(await intake.CandidatesAsync());
        Assert.Equal(FrontLine.Title, candidate.Headline);
        Assert.Equal(["kyiv", "wire"], candidate.Sources.Select(s => s.Outlet));
        Assert.Equal(FrontLineTracked.Link, candidate.Sources[1].Url);
    }

    [Fact]
    public async Task RunOnceAsync_NearIdenticalHeadlinesWithDifferentLinksInTwoFeeds_OneCandidateWithTwoSources()
    {
        await using var intake = await FeedIntake.StartAsync(["/kyiv.xml", "/wire.xml"]);
        intake.Feeds.Serve("/kyiv.xml", new FeedResponse { Body = FeedXml.Rss(FrozenAssets) });
        intake.Feeds.Serve("/wire.xml", new FeedResponse { Body = FeedXml.Rss(FrozenAssetsElsewhere) });

        await intake.NewWorker().RunOnceAsync(CancellationToken.None);

        var candidate = Assert.Single(await intake.CandidatesAsync());
        Assert.Equal(["kyiv", "wire"], candidate.Sources.Select(s => s.Outlet));
        Assert.Equal([FrozenAssets.Link, FrozenAssetsElsewhere.Link], candidate.Sources.Select(s => s.Url));
    }

    [Fact]
    public async Task RunOnceAsync_SameFeedReadAgainWithoutValidators_AddsNoSecondSource()
    {
        await using var intake = await FeedIntake.StartAsync(["/kyiv.xml"]);
        intake.Feeds.Serve("/kyiv.xml", new FeedResponse { Body = FeedXml.Rss(FrontLine, FrozenAssets) });
        await intake.NewWorker().RunOnceAsync(CancellationToken.None);

        intake.Time.Advance(TimeSpan.FromMinutes(15));
        await intake.NewWorker().RunOnceAsync(CancellationToken.None);

        var candidates = await intake.CandidatesAsync();
        Assert.Equal(2, candidates.Count);
        Assert.All(candidates, c => Assert.Single(c.Sources));
        Assert.Equal(2, intake.Feeds.RequestsFor("/kyiv.xml").Count);
    }

    [Fact]
    public async Task RunOnceAsync_IrrelevantItem_DroppedAndCounted()
    {
        await using var intake = await FeedIntake.StartAsync(["/world.xml"]);
        intake.Feeds.Serve("/world.xml", new FeedResponse { Body = FeedXml.Rss(Football, FrontLine) });

        await intake.NewWorker().RunOnceAsync(CancellationToken.None);

        var candidate = Assert.Single(await intake.CandidatesAsync());
        Assert.Equal(FrontLine.Title, candidate.Headline);
        Assert.Contains(intake.Logs.Entries, e => e.Message == "Feed world: 2 items, 1 new candidates, 0 joined known stories, 1 not relevant");
    }

    [Fact]
    public async Task RunOnceAsync_DismissedStoryAppearsAgain_NeverComesBack()
    {
        await using var intake = await FeedIntake.StartAsync(["/kyiv.xml", "/wire.xml"]);
        intake.Feeds.Serve("/kyiv.xml", new FeedResponse { Body = FeedXml.Rss(FrontLine, FrozenAssets), ETag = "\"v1\"" });
        await intake.NewWorker().RunOnceAsync(CancellationToken.None);
        foreach (var found in await intake.CandidatesAsync())
        {
            await intake.Inbox.SaveAsync(found with { Status = CandidateStatus.Dismissed, Reason = "old news", DecidedAt = intake.Time.GetUtcNow() });
        }

        // Later, after a restart (a new worker): the same items again, re-published, and the same stories from another outlet.
        intake.Time.Advance(TimeSpan.FromHours(1));
        intake.Feeds.Serve("/kyiv.xml", new FeedResponse { Body = FeedXml.Rss(FrontLine, FrozenAssets), ETag = "\"v2\"" });
        intake.Feeds.Serve("/wire.xml", new FeedResponse { Body = FeedXml.Rss(FrontLineTracked, FrozenAssetsElsewhere) });
        await intake.NewWorker().RunOnceAsync(CancellationToken.None);

        Assert.Empty(await intake.Inbox.OpenAsync(10));
        var candidates = await intake.CandidatesAsync();
        Assert.Equal(2, candidates.Count);
        Assert.All(candidates, c => Assert.Equal(CandidateStatus.Dismissed, c.Status));
    }
}
