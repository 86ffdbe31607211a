using System.Globalization;
using System.Security;
using System.Text;

namespace TalksBot.Tests.Intake;

/// <summary>One news item of a test feed.</summary>
internal sealed record FeedEntry(string Title, string Link, DateTimeOffset Published, string Summary = "");

/// <summary>RSS 2.0 and Atom 1.0 documents as outlets publish them, in any encoding declared in the prolog.</summary>
internal static class FeedXml
{
    static FeedXml() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static byte[] Rss(params FeedEntry[] items) => Rss("utf-8", items);

    /// <summary>An RSS 2.0 channel whose prolog declares <paramref name="encoding"/>, encoded in it.</summary>
    public static byte[] Rss(string encoding, params FeedEntry[] items)
    {
        var xml = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<?xml version=\"1.0\" encoding=\"{encoding}\"?>\n")
            .Append("<rss version=\"2.0\"><channel><title>Test outlet</title><link>https://news.example/</link><description>World news</description>\n");
        foreach (var item in items)
        {
            xml.Append(CultureInfo.InvariantCulture, $"<item><title>{Escape(item.Title)}</title><link>{Escape(item.Link)}</link>")
                .Append(CultureInfo.InvariantCulture, $"<description>{Escape(item.Summary)}</description><pubDate>{item.Published.ToString("R", CultureInfo.InvariantCulture)}</pubDate>")
                .Append(CultureInfo.InvariantCulture, $"<guid>{Escape(item.Link)}</guid></item>\n");
        }

        return Encoding.GetEncoding(encoding).GetBytes(xml.Append("</channel></rss>\n").ToString());
    }

    public static byte[] Atom(params FeedEntry[] items)
    {
        var xml = new StringBuilder()
            .Append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Test outlet</title><id>urn:test:feed</id>")
            .Append("<updated>2026-03-12T06:00:00Z</updated>\n");
        foreach (var item in items)
        {
            xml.Append(CultureInfo.InvariantCulture, $"<entry><title>{Escape(item.Title)}</title><link rel=\"alternate\" href=\"{Escape(item.Link)}\"/><id>{Escape(item.Link)}</id>")
                .Append(CultureInfo.InvariantCulture, $"<updated>{item.Published.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}</updated>")
                .Append(CultureInfo.InvariantCulture, $"<summary>{Escape(item.Summary)}</summary></entry>\n");
        }

        return Encoding.UTF8.GetBytes(xml.Append("</feed>\n").ToString());
    }

    private static string Escape(string text) => SecurityElement.Escape(text);
}
