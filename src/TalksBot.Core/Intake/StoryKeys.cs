using System.Collections.Frozen;
using TalksBot.Core.Search;

namespace TalksBot.Core.Intake;

/// <summary>
/// Tells when two news items are one story: the same link once tracking parameters and fragments are removed, or
/// headlines that share most of their words.
/// </summary>
public static class StoryKeys
{
    /// <summary>Share of words two headlines must have in common (Jaccard) to be one story.</summary>
    public const double SameStoryOverlap = 0.5;

    private static readonly FrozenSet<string> TrackingParameters = new[]
    {
        "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "ref", "ref_src", "cmpid", "ocid", "smid", "taid", "at_medium", "at_campaign",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> StopWords = new[]
    {
        "the", "and", "for", "with", "from", "that", "this", "are", "was", "has", "have", "will", "says", "said", "over",
        "after", "into", "amid", "its", "not", "but", "new", "live", "update", "updates", "news",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The keys of an item: its cleaned link ("link:…"), if it has one.</summary>
    public static IReadOnlyList<string> Of(FeedItem item) => item.Link is { } link ? ["link:" + CleanLink(link)] : [];

    /// <summary>A link without tracking parameters (utm_*, fbclid …), fragment, "www." or trailing slash, scheme-less.</summary>
    public static string CleanLink(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return url.Trim();
        }

        var query = uri.Query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => p.Split('=')[0] is var name && !name.StartsWith("utm_", StringComparison.OrdinalIgnoreCase) && !TrackingParameters.Contains(name))
            .Order(StringComparer.Ordinal)
            .ToList();
        var host = uri.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? uri.Host[4..] : uri.Host;
        var path = uri.AbsolutePath.TrimEnd('/');
        return (host + path).ToLowerInvariant() + (query.Count > 0 ? "?" + string.Join('&', query) : "");
    }

    /// <summary>The content words of a headline, cut to five letters, for <see cref="SameStory"/>.</summary>
    public static HashSet<string> HeadlineWords(string headline) =>
        NameMatcher.WordsOf(headline)
            .Select(NameMatcher.Normalize)
            .Where(w => w.Length >= 3 && !StopWords.Contains(w))
            .Select(w => w.Length > 5 ? w[..5] : w)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether two headlines tell the same story: at least three words, most of them shared.</summary>
    public static bool SameStory(HashSet<string> first, HashSet<string> second)
    {
        if (first.Count < 3 || second.Count < 3)
        {
            return false;
        }

        var shared = first.Count(second.Contains);
        return shared >= 3 && shared / (double)(first.Count + second.Count - shared) >= SameStoryOverlap;
    }
}
