using System.Text;
using TalksBot.Core.Intake;

namespace TalksBot.Core.Tests.Intake;

public sealed class FeedParserTests
{
    private static IReadOnlyList<FeedItem> Parse(string xml, Encoding? encoding = null) =>
        FeedParser.Parse((encoding ?? Encoding.UTF8).GetBytes(xml), "Wire");

    [Fact]
    public void Parse_Rss_GivesItemsNewestFirstWithPlainText()
    {
        var items = Parse("""
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel><title>Wire</title>
              <item><title>Older</title><link>https://news.example/older</link><pubDate>Mon, 23 Nov 2026 10:00:00 GMT</pubDate></item>
              <item><title>Envoys meet in &lt;b&gt;Geneva&lt;/b&gt;</title><link>https://news.example/geneva</link>
                <description>&lt;p&gt;Talks &lt;script&gt;alert(1)&lt;/script&gt;resume &amp;amp; continue.&lt;/p&gt;</description>
                <pubDate>Sat, 28 Nov 2026 09:30:00 GMT</pubDate></item>
            </channel></rss>
            """);

        Assert.Equal(["Envoys meet in Geneva", "Older"], items.Select(i => i.Headline));
        Assert.Equal("Talks resume & continue.", items[0].Summary);
        Assert.Equal(("Wire", "https://news.example/geneva", new DateTimeOffset(2026, 11, 28, 9, 30, 0, TimeSpan.Zero)), (items[0].Outlet, items[0].Link, items[0].Published));
    }

    [Fact]
    public void Parse_Atom_GivesTheAlternateLinkAndUpdatedDate()
    {
        var items = Parse("""
            <feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><id>urn:wire</id><updated>2026-11-29T12:00:00Z</updated>
              <entry><title type="html">Kremlin &amp;lt;i&amp;gt;rejects&amp;lt;/i&amp;gt; plan</title><id>urn:1</id>
                <link rel="alternate" href="https://news.example/kremlin"/><updated>2026-11-29T11:00:00Z</updated>
                <summary>Short.</summary></entry>
            </feed>
            """);

        var item = Assert.Single(items);
        Assert.Equal(("Kremlin rejects plan", "https://news.example/kremlin", "Short."), (item.Headline, item.Link, item.Summary));
    }

    [Fact]
    public void Parse_TextWithBidiAndControlCharacters_LosesThem()
    {
        var items = Parse("<rss version=\"2.0\"><channel><title>W</title><item><title>Safe\u202E txt.exe\u200B\u0085 headline</title><link>https://news.example/x</link></item></channel></rss>");

        Assert.Equal("Safe txt.exe headline", items[0].Headline);
    }

    [Fact]
    public void Parse_WindowsCyrillicDeclaredInTheProlog_ReadsTheHeadline()
    {
        var items = Parse("<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss version=\"2.0\"><channel><title>W</title><item><title>Переговоры в Женеве</title><link>https://news.example/ru</link></item></channel></rss>",
            CodePagesEncoding("windows-1251"));

        Assert.Equal("Переговоры в Женеве", items[0].Headline);
    }

    [Theory]
    [InlineData("<!DOCTYPE rss [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]><rss version=\"2.0\"><channel><title>&lol2;</title></channel></rss>")]
    [InlineData("<!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><rss version=\"2.0\"><channel><title>&x;</title></channel></rss>")]
    public void Parse_FeedWithADocumentTypeDefinition_IsRefusedUnexpanded(string xml)
    {
        var refused = Assert.Throws<FeedFormatException>(() => Parse(xml));

        Assert.Contains("DTD", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DeeplyNestedXml_IsRefused()
    {
        var xml = "<rss version=\"2.0\"><channel><title>W</title><item><title>T</title><description>" +
            string.Concat(Enumerable.Repeat("<x>", 100)) + string.Concat(Enumerable.Repeat("</x>", 100)) + "</description></item></channel></rss>";

        var refused = Assert.Throws<FeedFormatException>(() => Parse(xml));

        Assert.Contains("nested deeper than 32", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<rss version=\"2.0\"><channel><title>broken</channel></rss>")]
    [InlineData("<html><body>Not a feed</body></html>")]
    [InlineData("")]
    public void Parse_MalformedOrNotAFeed_IsAFeedFormatException(string xml)
    {
        Assert.Throws<FeedFormatException>(() => Parse(xml));
    }

    [Fact]
    public void Parse_ItemWithADateInAnotherFormat_KeepsTheFeedAndLeavesThatItemUndated()
    {
        var items = Parse("""
            <rss version="2.0"><channel><title>Wire</title>
              <item><title>Envoys meet in Geneva</title><link>https://news.example/geneva</link><pubDate>Sat, 28 Nov 2026 09:30:00 GMT</pubDate></item>
              <item><title>Talks resume in Istanbul</title><link>https://news.example/istanbul</link><pubDate>2026-11-28 10:15</pubDate></item>
              <item><title>Ceasefire talk in Riyadh</title><link>https://news.example/riyadh</link><pubDate>Сб, 28 ноя 2026 11:00:00 +0300</pubDate></item>
            </channel></rss>
            """);

        Assert.Equal(
            [
                ("Talks resume in Istanbul", new DateTimeOffset(2026, 11, 28, 10, 15, 0, TimeSpan.Zero)),
                ("Envoys meet in Geneva", new DateTimeOffset(2026, 11, 28, 9, 30, 0, TimeSpan.Zero)),
                ("Ceasefire talk in Riyadh", (DateTimeOffset?)null),
            ],
            items.Select(i => (i.Headline, i.Published)));
    }

    [Fact]
    public void Parse_HeadlineCutAtItsLimitInsideAnEmoji_EndsBeforeTheEmojiNotInsideIt()
    {
        var title = new string('a', FeedParser.MaxHeadlineLength - 2) + "🇺🇦 Ukraine";

        var headline = Parse($"<rss version=\"2.0\"><channel><title>W</title><item><title>{title}</title><link>https://news.example/x</link></item></channel></rss>")[0].Headline;

        Assert.Equal(new string('a', FeedParser.MaxHeadlineLength - 2) + "…", headline);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;")]
    [InlineData("file:///etc/passwd")]
    [InlineData("/2026/11/relative-link")]
    [InlineData("https://editor:secret@news.example/2026/11/geneva")]
    [InlineData("https://kyivindependent.com@evil.example/2026/11/geneva")]
    public void Parse_ItemLinkNotAPlainWebAddress_IsNoLink(string link)
    {
        var items = Parse($"<rss version=\"2.0\"><channel><title>W</title><item><title>Envoys meet in Geneva</title><link>{link}</link><guid>{link}</guid></item></channel></rss>");

        Assert.Null(Assert.Single(items).Link);
    }

    private static Encoding CodePagesEncoding(string name)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(name);
    }
}
