using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using TalksBot.Core.Knowledge;
using TalksBot.Testing;
using Xunit.Abstractions;

namespace TalksBot.Tests.Intake;

/// <summary>
/// The bot's memory while it polls 20 feeds, measured and printed to the test output (for the closing note); not
/// asserted, as the heap is the whole test process's and other tests run beside this one.
/// </summary>
public sealed class IntakeMemoryTests(ITestOutputHelper output)
{
    private const int Feeds = 20;
    private const int ItemsPerFeed = 25;

    [Fact]
    public async Task RunOnceAsync_TwentyFeeds_EachReadOnceThenAnswered304_WithTheMemoryPrinted()
    {
        var paths = Enumerable.Range(1, Feeds).Select(i => $"/feed{i}.xml").ToList();
        await using var intake = await FeedIntake.StartAsync(paths);
        // Headlines in the knowledge's own words (every fact's sentence, so most items are relevant and outlets overlap as
        // they do on a busy day), one in five off-topic.
        var sentences = intake.Services.GetRequiredService<IFactStore>().Snapshot.Facts.Select(f => f.Text).ToList();
        foreach (var (path, feed) in paths.Select((p, i) => (p, i)))
        {
            var items = Enumerable.Range(0, ItemsPerFeed).Select(i => new FeedEntry(
                i % 5 == 4 ? string.Create(CultureInfo.InvariantCulture, $"Local team wins the cup final {feed}-{i}") : sentences[(feed * ItemsPerFeed + i) % sentences.Count],
                string.Create(CultureInfo.InvariantCulture, $"https://outlet{feed}.example/news/{i}"),
                FeedIntake.Start.AddMinutes(-i),
                "Officials said talks would continue next week.")).ToArray();
            intake.Feeds.Serve(path, new FeedResponse { Body = FeedXml.Rss(items), ETag = "\"v1\"" });
        }

        var worker = intake.NewWorker();
        var (heapBefore, workingSetBefore) = Measure();
        var polling = Stopwatch.StartNew();
        await worker.RunOnceAsync(CancellationToken.None);
        var firstPoll = polling.Elapsed;
        var (heapAfterFirst, workingSetAfterFirst) = Measure();
        for (var round = 0; round < 3; round++)
        {
            intake.Time.Advance(TimeSpan.FromMinutes(15));
            await worker.RunOnceAsync(CancellationToken.None); // 304s
        }

        var (heapAfter, workingSetAfter) = Measure();
        var counts = await intake.Inbox.CountsAsync();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"20 feeds x {ItemsPerFeed} items: first poll {firstPoll.TotalSeconds:F1} s, {counts.Open} candidates from {sentences.Count} distinct stories; load {LoadAverage()}; " +
            $"GC heap {Mb(heapBefore)} -> {Mb(heapAfterFirst)} -> {Mb(heapAfter)} MB (after 3 more polls); " +
            $"working set {Mb(workingSetBefore)} -> {Mb(workingSetAfterFirst)} -> {Mb(workingSetAfter)} MB"));

        Assert.Equal(Feeds * ItemsPerFeed, counts.ItemsFetched);
        Assert.Equal(0, counts.FeedErrors);
        Assert.Equal(Feeds * 4, intake.Feeds.Requests.Count);
    }

    private static (long Heap, long WorkingSet) Measure()
    {
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        return (heap, process.WorkingSet64);
    }

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("F1", CultureInfo.InvariantCulture);

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
