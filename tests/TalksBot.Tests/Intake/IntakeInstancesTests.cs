using TalksBot.Core.Knowledge;
using TalksBot.Intake;
using TalksBot.Testing;
using static TalksBot.Tests.Intake.IntakeWorkerTests;

namespace TalksBot.Tests.Intake;

/// <summary>The daily digest and the feed leases, with two workers (two bot instances) on one store.</summary>
public sealed class IntakeInstancesTests
{
    [Fact]
    public async Task RunOnceAsync_AcrossTheDigestHourWithTwoInstances_PostsOneDigestADay()
    {
        await using var intake = await FeedIntake.StartAsync(["/world.xml"]);
        intake.Feeds.Serve("/world.xml", new FeedResponse { Body = FeedXml.Rss(FrontLine, FrozenAssets), ETag = "\"v1\"" });
        Assert.True(await intake.Inbox.SubscribeDigestAsync("discord", "C-moderators", new Actor("discord", "U1", "Olena")));
        IntakeWorker[] instances = [intake.NewWorker(), intake.NewWorker()];
        var day = FeedIntake.Start.Date;

        await RunAllAsync(instances); // 06:00: candidates found, no digest before its hour
        intake.Time.SetUtcNow(new DateTimeOffset(day.AddHours(7).AddMinutes(59), TimeSpan.Zero));
        await RunAllAsync(instances);
        Assert.Empty(intake.Publisher.Posts);

        intake.Time.SetUtcNow(new DateTimeOffset(day.AddHours(8), TimeSpan.Zero));
        await RunAllAsync(instances);
        intake.Time.SetUtcNow(new DateTimeOffset(day.AddHours(9), TimeSpan.Zero));
        await RunAllAsync([.. instances, intake.NewWorker()]); // and a restarted instance
        var (channel, digest) = Assert.Single(intake.Publisher.Posts);
        Assert.Equal("C-moderators", channel);
        var card = Assert.Single(digest.Cards);
        Assert.Equal("Inbox digest · 12 Mar 2026: 2 new candidates", card.Title);
        Assert.Contains(FrontLine.Title, card.Description, StringComparison.Ordinal);
        Assert.Contains(FrozenAssets.Title, card.Description, StringComparison.Ordinal);

        // The next day: a new story in the morning, its digest at the hour.
        intake.Feeds.Serve("/world.xml", new FeedResponse { Body = FeedXml.Rss(NatoRefused, FrontLine, FrozenAssets), ETag = "\"v2\"" });
        intake.Time.SetUtcNow(new DateTimeOffset(day.AddDays(1).AddHours(6), TimeSpan.Zero));
        await RunAllAsync(instances);
        Assert.Single(intake.Publisher.Posts);
        intake.Time.SetUtcNow(new DateTimeOffset(day.AddDays(1).AddHours(8).AddMinutes(1), TimeSpan.Zero));
        await RunAllAsync(instances);
        Assert.Equal(2, intake.Publisher.Posts.Count);
        var next = Assert.Single(intake.Publisher.Posts.Last().Reply.Cards);
        Assert.Equal("Inbox digest · 13 Mar 2026: 1 new candidate", next.Title);
        Assert.Contains(NatoRefused.Title, next.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunOnceAsync_TwoInstancesAtOnce_NeverFetchOneFeedTwice()
    {
        string[] paths = ["/kyiv.xml", "/wire.xml", "/world.xml"];
        await using var intake = await FeedIntake.StartAsync(paths);
        foreach (var path in paths)
        {
            intake.Feeds.Serve(path, new FeedResponse { Body = FeedXml.Rss(FrontLine with { Link = FrontLine.Link + path }), Delay = TimeSpan.FromMilliseconds(300) });
        }

        IntakeWorker[] instances = [intake.NewWorker(), intake.NewWorker()];
        await Task.WhenAll(instances.Select(worker => Task.Run(() => worker.RunOnceAsync(CancellationToken.None))));
        intake.Time.Advance(TimeSpan.FromMinutes(15));
        await Task.WhenAll(instances.Select(worker => Task.Run(() => worker.RunOnceAsync(CancellationToken.None))));

        Assert.All(paths, path =>
        {
            Assert.Equal(2, intake.Feeds.RequestsFor(path).Count);
            Assert.Equal(1, intake.Feeds.MostInFlight(path));
        });
    }

    private static async Task RunAllAsync(IEnumerable<IntakeWorker> instances)
    {
        foreach (var worker in instances)
        {
            await worker.RunOnceAsync(CancellationToken.None);
        }
    }
}
