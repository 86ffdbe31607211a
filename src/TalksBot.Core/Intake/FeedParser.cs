using System.ServiceModel.Syndication;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using TalksBot.Core.Cards;

namespace TalksBot.Core.Intake;

/// <summary>A feed that could not be read as RSS 2.0 or Atom 1.0; the message says where and why.</summary>
public sealed class FeedFormatException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads RSS 2.0 and Atom 1.0 with System.ServiceModel.Syndication, safely: no DTDs (no external entities, no entity
/// expansion), a cap on the document's size and depth, the encoding taken from the XML prolog (windows-1251,
/// ISO-8859-1 …), and every text stripped of HTML and of control and bidi characters.
/// </summary>
public static partial class FeedParser
{
    /// <summary>Deeper XML than this is not a news feed.</summary>
    public const int MaxDepth = 32;

    public const int MaxHeadlineLength = 300;
    public const int MaxSummaryLength = 1000;

    static FeedParser() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The items of the feed in <paramref name="content"/>, newest first.</summary>
    /// <exception cref="FeedFormatException">Not well-formed XML, too deep, neither RSS nor Atom, or markup too convoluted to strip.</exception>
    public static IReadOnlyList<FeedItem> Parse(ReadOnlyMemory<byte> content, string outlet, int maxItems = 100)
    {
        try
        {
            CheckDepth(content);
            using var reader = XmlReader.Create(new MemoryStream(content.ToArray(), writable: false), Settings(content.Length));
            var feed = Load(reader);
            return feed.Items
                .Select(item => ToItem(item, outlet))
                .Where(item => item.Headline.Length > 0)
                .OrderByDescending(item => item.Published ?? DateTimeOffset.MinValue)
                .Take(maxItems)
                .ToList();
        }
        catch (XmlException exception)
        {
            var where = exception.LineNumber > 0 ? $" at line {exception.LineNumber}, position {exception.LinePosition}" : "";
            throw new FeedFormatException($"not well-formed XML{where}: {exception.Message}", exception);
        }
        catch (RegexMatchTimeoutException exception)
        {
            // Hostile markup (thousands of unclosed <script> tags) that would take the stripper too long: the feed is refused.
            throw new FeedFormatException("an item's markup could not be stripped in time", exception);
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException or ArgumentException or DecoderFallbackException or NotSupportedException)
        {
            throw new FeedFormatException($"not an RSS 2.0 or Atom 1.0 feed: {exception.Message}", exception);
        }
    }

    /// <summary>
    /// The feed as Atom 1.0 or RSS 2.0, like <see cref="SyndicationFeed.Load(XmlReader)"/>, except that a date the
    /// formatter cannot read (ISO 8601 in RSS, a month in Russian …) leaves its item undated instead of refusing every
    /// item of the feed.
    /// </summary>
    private static SyndicationFeed Load(XmlReader reader)
    {
        SyndicationFeedFormatter formatter = new Atom10FeedFormatter();
        if (!formatter.CanRead(reader))
        {
            formatter = new Rss20FeedFormatter();
            if (!formatter.CanRead(reader))
            {
                reader.MoveToContent();
                throw new FeedFormatException($"not an RSS 2.0 or Atom 1.0 feed: the document is <{reader.LocalName}>");
            }
        }

        var strict = formatter.DateTimeParser;
        formatter.DateTimeParser = (XmlDateTimeData data, out DateTimeOffset date) => TryStrict(strict, data, out date) ||
            DateTimeOffset.TryParse(data.DateTimeString, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out date) ||
            Undated(out date);
        formatter.ReadFrom(reader);
        return formatter.Feed;
    }

    private static bool TryStrict(TryParseDateTimeCallback strict, XmlDateTimeData data, out DateTimeOffset date)
    {
        try
        {
            return strict(data, out date);
        }
        catch (FormatException)
        {
            date = default;
            return false;
        }
    }

    /// <summary>Read as "no date": <see cref="ToItem"/> takes the default value for a missing one.</summary>
    private static bool Undated(out DateTimeOffset date)
    {
        date = default;
        return true;
    }

    private static XmlReaderSettings Settings(int length) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 0,
        MaxCharactersInDocument = Math.Max(1024, length * 4L),
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    /// <summary>Walks the document once and refuses it past <see cref="MaxDepth"/>, before the syndication reader builds anything.</summary>
    private static void CheckDepth(ReadOnlyMemory<byte> content)
    {
        using var reader = XmlReader.Create(new MemoryStream(content.ToArray(), writable: false), Settings(content.Length));
        while (reader.Read())
        {
            if (reader.Depth > MaxDepth)
            {
                throw new FeedFormatException($"nested deeper than {MaxDepth} elements at line {((IXmlLineInfo)reader).LineNumber}");
            }
        }
    }

    private static FeedItem ToItem(SyndicationItem item, string outlet)
    {
        var headline = PlainText(item.Title?.Text, MaxHeadlineLength);
        var summary = PlainText(item.Summary?.Text ?? (item.Content as TextSyndicationContent)?.Text, MaxSummaryLength);
        var link = item.Links.FirstOrDefault(l => l.RelationshipType is null or "alternate")?.Uri ?? item.Links.FirstOrDefault()?.Uri;
        if (link is null && Uri.TryCreate(item.Id, UriKind.Absolute, out var fromId))
        {
            link = fromId;
        }

        var published = item.PublishDate != default ? item.PublishDate : item.LastUpdatedTime != default ? item.LastUpdatedTime : (DateTimeOffset?)null;
        return new FeedItem(outlet, headline, summary, IsWebAddress(link) ? link.AbsoluteUri : null, published);
    }

    /// <summary>
    /// An absolute http(s) address with a host and without user info: "https://kyivindependent.com@evil.example/" reads
    /// as one site on a card and opens another, and a password in a link belongs in no fact's source.
    /// </summary>
    private static bool IsWebAddress([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] Uri? link) =>
        link is { IsAbsoluteUri: true, Scheme: "http" or "https", UserInfo.Length: 0, Host.Length: > 0 };

    /// <summary>Text without tags, entities decoded, unsafe characters dropped, whitespace collapsed, cut to <paramref name="maxLength"/>.</summary>
    public static string PlainText(string? html, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return "";
        }

        // Twice: feeds often escape their HTML once more ("&amp;lt;b&amp;gt;"), and the first decoding shows the tags.
        var text = html;
        for (var round = 0; round < 2; round++)
        {
            text = System.Net.WebUtility.HtmlDecode(Tags().Replace(Scripts().Replace(text, " "), " "));
        }

        text = Whitespace().Replace(DisplayText.Clean(text), " ").Trim();
        return DisplayText.Shorten(text, maxLength);
    }

    [GeneratedRegex(@"<(script|style)\b[^>]*>.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Scripts();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Whitespace();
}
