using System.Text;
using TalksBot.Testing;
using static TalksBot.Tests.Intake.IntakeWorkerTests;

namespace TalksBot.Tests.Intake;

/// <summary>
/// How the worker polls feeds on a loopback server: conditional GETs, and every way a feed can fail (logged per feed,
/// counted, backed off) while the other feeds carry on; encodings from the XML prolog; DTDs refused.
/// </summary>
public sealed class FeedPollingTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromMinutes(15);

    [Fact]
    public async Task RunOnceAsync_FeedAnswers304ToIfNoneMatch_NothingIsReadAgainAndTheFeedStaysHealthy()
    {
        await using var intake = await FeedIntake.StartAsync(["/world.xml"]);
        intake.Feeds.Serve("/world.xml", new FeedResponse { Body = FeedXml.Rss(FrontLine, FrozenAssets), ETag = "\"v1\"" });
        await intake.NewWorker().RunOnceAsync(CancellationToken.None);
        var before = await intake.CandidatesAsync();

        intake.Time.Advance(Poll);
        await intake.NewWorker().RunOnceAsync(CancellationToken.None);

        var requests = intake.Feeds.RequestsFor("/world.xml");
        Assert.Equal(2, requests.Count);
        Assert.Null(requests[0].IfNoneMatch);
        Assert.Equal("\"v1\"", requests[1].IfNoneMatch);
        var state = await intake.StateAsync("/world.xml");
        Assert.Equal(2, state!.ItemsFetched);
        Assert.Equal(0, state.Errors);
        Assert.Equal(0, state.ConsecutiveFailures);
        Assert.Equal(intake.Time.GetUtcNow() + Poll, state.NextPoll);
        Assert.Equivalent(before, await intake.CandidatesAsync());
        Assert.Empty(intake.Warnings());
    }

    [Fact]
    public async Task RunOnceAsync_FeedAnswers304ToIfModifiedSince_NothingIsReadAgain()
    {
        await using var intake = await FeedIntake.StartAsync(["/world.xml"]);
        var modified = FeedIntake.Start.AddHours(-2);
        intake.Feeds.Serve("/world.xml", new FeedResponse { Body = FeedXml.Rss(FrontLine), LastModified = modified });
        await intake.NewWorker().RunOnceAsync(CancellationToken.None);

        intake.Time.Advance(Poll);
        await intake.NewWorker().RunOnceAsync(CancellationToken.None);

        var requests = intake.Feeds.RequestsFor("/world.xml");
        Assert.Equal(2, requests.Count);
        Assert.Equal(modified, DateTimeOffset.Parse(requests[1].IfModifiedSince!, System.Globalization.CultureInfo.InvariantCulture));
        var state = await intake.StateAsync("/world.xml");
        Assert.Equal(1, state!.ItemsFetched);
        Assert.Equal(0, state.Errors);
    }

    [Fact]
    public async Task RunOnceAsync_ETagChanged_FeedIsReadAgainAndOnlyTheNewItemBecomesACandidate()
    {
        await using var intake = await FeedIntake.StartAsync(["/world.xml"]);
        intake.Feeds.Serve("/world.xml", new FeedResponse { Body = FeedXml.Rss(FrontLine, FrozenAssets), ETag = "\"v1\"" });
        await intake.NewWorker().RunOnceAsync(CancellationToken.None);

        intake.Feeds.Serve("/world.xml", new FeedResponse { Body = FeedXml.Rss(NatoRefused, FrontLine, FrozenAssets), ETag = "\"v2\"" });
        intake.Time.Advance(Poll);
        await intake.NewWorker().RunOnceAsync(CancellationToken.None);

        var candidates = await intake.CandidatesAsync();
        Assert.Equal(3, candidates.Count);
        AssertCandidate(intake, candidates, NatoRefused, "world", "russia", "nato");
        Assert.All(candidates, c => Assert.Single(c.Sources));
        var state = await intake.StateAsync("/world.xml");
        Assert.Equal("\"v2\"", state!.ETag);
        Assert.Equal(5, state.ItemsFetched);
        Assert.Contains(intake.Logs.Entries, e => e.Message == "Feed world: 3 items, 1 new candidates, 0 joined known stories, 0 not relevant");
    }

    public static TheoryData<string, string> FailingFeeds => new()
    {
        { "malformed", "malformed feed: not well-formed XML" },
        { "huge, Content-Length declared", "over the 65536-byte limit" },
        { "huge, chunked", "over the 65536-byte limit" },
        { "404", "HTTP 404" },
        { "500", "HTTP 500" },
        { "timeout", "no full answer within 1 s" },
        { "endless redirects", "more than 3 redirects" },
        { "redirect to ftp", "not http(s)" },
        { "redirect to file", "not http(s)" },
        { "gzip bomb", "over the 65536-byte limit" },
        { "corrupt gzip", "could not be decompressed" },
        { "corrupt brotli", "could not be decompressed" },
    };

    [Theory]
    [MemberData(nameof(FailingFeeds))]
    public async Task RunOnceAsync_FeedFails_LoggedCountedBackedOffAndTheOtherFeedCarriesOn(string failure, string problem)
    {
        await using var intake = await FeedIntake.StartAsync(
            ["/broken.xml", "/world.xml"],
            new Dictionary<string, string?> { ["Intake:TimeoutSeconds"] = "1", ["Intake:MaxFeedBytes"] = "65536" });
        intake.Feeds.Serve("/broken.xml", Failing(failure, intake.Feeds));
        intake.Feeds.Serve("/world.xml", new FeedResponse { Body = FeedXml.Rss(FrontLine) });

        await intake.NewWorker().RunOnceAsync(CancellationToken.None);

        var state = await intake.StateAsync("/broken.xml");
        Assert.Equal(1, state!.Errors);
        Assert.Equal(1, state.ConsecutiveFailures);
        Assert.Contains(problem, state.LastError, StringComparison.Ordinal);
        Assert.Equal(FeedIntake.Start + 2 * Poll, state.NextPoll);
        var warning = Assert.Single(intake.Warnings());
        Assert.StartsWith("Feed broken failed (", warning, StringComparison.Ordinal);
        Assert.Contains(problem, warning, StringComparison.Ordinal);
        var counts = await intake.Inbox.CountsAsync();
        Assert.Equal(1, counts.FeedErrors);
        Assert.Equal(1, counts.FailingFeeds);
        AssertCandidate(intake, await intake.CandidatesAsync(), FrontLine, "world", "ukraine", "ceasefire");

        // Not due again before its backoff ends; then it fails again and waits twice as long.
        intake.Time.Advance(Poll);
        await intake.NewWorker().RunOnceAsync(CancellationToken.None);
        Assert.Equal(1, (await intake.StateAsync("/broken.xml"))!.Errors);
        intake.Time.Advance(Poll);
        await intake.NewWorker().RunOnceAsync(CancellationToken.None);
        state = await intake.StateAsync("/broken.xml");
        Assert.Equal(2, state!.Errors);
        Assert.Equal(intake.Time.GetUtcNow() + 4 * Poll, state.NextPoll);
        Assert.Equal(2, (await intake.Inbox.CountsAsync()).FeedErrors);
        Assert.Equal(0, (await intake.StateAsync("/world.xml"))!.Errors);
    }

    [Fact]
    public async Task RunOnceAsync_EndlessRedirects_FollowsAtMostMaxRedirects()
    {
        await using var intake = await FeedIntake.StartAsync(["/broken.xml"]);
        intake.Feeds.Serve("/broken.xml", Failing("endless redirects", intake.Feeds));

        await intake.NewWorker().RunOnceAsync(CancellationToken.None);

        Assert.Equal(4, intake.Feeds.RequestsFor("/broken.xml").Count);
    }

    [Theory]
    [InlineData("windows-1251", "Зеленський: Україна готова до перемир'я — Zelensky says Ukraine is ready for a ceasefire along the current front line")]
    [InlineData("iso-8859-1", "Außenministerin in Genève: Zelensky says Ukraine is ready for a ceasefire along the current front line")]
    public async Task RunOnceAsync_EncodingDeclaredInTheProlog_HeadlineReadCorrectly(string encoding, string headline)
    {
        await using var intake = await FeedIntake.StartAsync(["/world.xml"]);
        var item = FrontLine with { Title = headline };
        var body = FeedXml.Rss(encoding, item);
        Assert.NotEqual(Encoding.UTF8.GetString(body), Encoding.GetEncoding(encoding).GetString(body));
        intake.Feeds.Serve("/world.xml", new FeedResponse { Body = body, ContentType = "application/rss+xml" });

        await intake.NewWorker().RunOnceAsync(CancellationToken.None);

        AssertCandidate(intake, await intake.CandidatesAsync(), item, "world", "ukraine", "ceasefire");
    }

    [Theory]
    [InlineData("billion laughs")]
    [InlineData("external entity")]
    [InlineData("external DTD")]
    public async Task RunOnceAsync_FeedWithADtd_RefusedNothingExpandedOrFetched(string attack)
    {
        await using var intake = await FeedIntake.StartAsync(["/broken.xml", "/world.xml"]);
        intake.Feeds.Serve("/secret", new FeedResponse { Body = "Zelensky says Ukraine is ready for a ceasefire"u8.ToArray(), ContentType = "text/plain" });
        intake.Feeds.Serve("/evil.dtd", new FeedResponse { Body = "<!ENTITY title \"Zelensky says Ukraine is ready for a ceasefire\">"u8.ToArray(), ContentType = "application/xml-dtd" });
        intake.Feeds.Serve("/broken.xml", new FeedResponse { Body = Encoding.UTF8.GetBytes(DtdFeed(attack, intake.Feeds)) });
        intake.Feeds.Serve("/world.xml", new FeedResponse { Body = FeedXml.Rss(FrozenAssets) });

        await intake.NewWorker().RunOnceAsync(CancellationToken.None);

        var state = await intake.StateAsync("/broken.xml");
        Assert.Equal(1, state!.Errors);
        Assert.StartsWith("malformed feed:", state.LastError, StringComparison.Ordinal);
        Assert.Contains("DTD", state.LastError, StringComparison.Ordinal);
        Assert.Empty(intake.Feeds.RequestsFor("/secret"));
        Assert.Empty(intake.Feeds.RequestsFor("/evil.dtd"));
        var candidate = Assert.Single(await intake.CandidatesAsync());
        Assert.Equal(FrozenAssets.Title, candidate.Headline);
    }

    [Fact]
    public async Task RunOnceAsync_ItemWithMarkupThatOutlastsTheStripper_FeedFailsAndTheWorkerCarriesOn()
    {
        await using var intake = await FeedIntake.StartAsync(["/broken.xml", "/world.xml"]);
        var hostile = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><link>https://x.example/</link><description>d</description>" +
            "<item><title>Zelensky says Ukraine is ready for a ceasefire</title><link>https://x.example/a</link><description><![CDATA[" +
            string.Concat(Enumerable.Repeat("<script>", 300_000)) + "]]></description></item></channel></rss>";
        intake.Feeds.Serve("/broken.xml", new FeedResponse { Body = Encoding.UTF8.GetBytes(hostile) });
        intake.Feeds.Serve("/world.xml", new FeedResponse { Body = FeedXml.Rss(FrozenAssets) });

        await intake.NewWorker().RunOnceAsync(CancellationToken.None);

        var state = await intake.StateAsync("/broken.xml");
        Assert.Equal(1, state!.Errors);
        Assert.StartsWith("malformed feed:", state.LastError, StringComparison.Ordinal);
        var candidate = Assert.Single(await intake.CandidatesAsync());
        Assert.Equal(FrozenAssets.Title, candidate.Headline);
    }

    private static FeedResponse Failing(string failure, LoopbackFeedServer feeds)
    {
        var huge = FeedXml.Rss([.. Enumerable.Range(0, 400).Select(i => FrontLine with { Link = $"{FrontLine.Link}/{i}", Summary = new string('x', 200) })]);
        return failure switch
        {
            "malformed" => new FeedResponse { Body = "<rss version=\"2.0\"><channel><item><title>Ukraine ceasefire</title></channel>"u8.ToArray() },
            "huge, Content-Length declared" => new FeedResponse { Body = huge },
            "huge, chunked" => new FeedResponse { Body = huge, DeclareLength = false },
            "404" => new FeedResponse { Status = 404 },
            "500" => new FeedResponse { Status = 500 },
            "timeout" => new FeedResponse { Body = FeedXml.Rss(FrozenAssets), Delay = TimeSpan.FromSeconds(30) },
            "endless redirects" => new FeedResponse { Status = 302, Location = "/broken.xml" },
            "redirect to ftp" => new FeedResponse { Status = 301, Location = $"ftp://127.0.0.1:{feeds.BaseAddress.Port}/world.xml" },
            "redirect to file" => new FeedResponse { Status = 307, Location = "file:///etc/passwd" },

            // 64 MB of one repeated item, a few hundred kilobytes on the wire: the limit counts what it unpacks to.
            "gzip bomb" => new FeedResponse { Body = Gzip(FeedXml.Rss([.. Enumerable.Repeat(FrontLine, 64 * 1024 * 1024 / 600)])), ContentEncoding = "gzip" },
            "corrupt gzip" => new FeedResponse { Body = FeedXml.Rss(FrozenAssets), ContentEncoding = "gzip" },
            "corrupt brotli" => new FeedResponse { Body = FeedXml.Rss(FrozenAssets), ContentEncoding = "br" },
            _ => throw new ArgumentOutOfRangeException(nameof(failure), failure, null),
        };
    }

    private static byte[] Gzip(byte[] content)
    {
        using var packed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(packed, System.IO.Compression.CompressionLevel.Fastest))
        {
            gzip.Write(content);
        }

        return packed.ToArray();
    }

    private static string DtdFeed(string attack, LoopbackFeedServer feeds)
    {
        const string Item = "<rss version=\"2.0\"><channel><title>t</title><link>https://x.example/</link><description>d</description>" +
            "<item><title>&title;</title><link>https://x.example/a</link></item></channel></rss>";
        return attack switch
        {
            "billion laughs" => "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY lol \"lol\">" +
                string.Concat(Enumerable.Range(1, 9).Select(i => $"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat(i == 1 ? "&lol;" : $"&lol{i - 1};", 10))}\">")) +
                "<!ENTITY title \"&lol9;\">]>\n" + Item,
            "external entity" => $"<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY title SYSTEM \"{feeds.Url("/secret")}\">]>\n" + Item,
            "external DTD" => $"<?xml version=\"1.0\"?>\n<!DOCTYPE rss SYSTEM \"{feeds.Url("/evil.dtd")}\">\n" + Item,
            _ => throw new ArgumentOutOfRangeException(nameof(attack), attack, null),
        };
    }
}
