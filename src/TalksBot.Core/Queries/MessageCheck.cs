using System.Collections.Frozen;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Search;

namespace TalksBot.Core.Queries;

/// <summary>What the knowledge says about a message: its most relevant facts, and the superseded fact it quotes, if any.</summary>
/// <param name="Facts">Up to <see cref="MessageChecker.MaxFacts"/> current facts, the newer position first when the message quotes an old one.</param>
/// <param name="Quoted">A superseded fact the message repeats, whose replacement leads <see cref="Facts"/>.</param>
/// <param name="NearestTopics">When no fact speaks to the message, the topics nearest to it.</param>
/// <param name="Knowledge">The knowledge the check read.</param>
public sealed record MessageCheck(IReadOnlyList<Fact> Facts, Fact? Quoted, IReadOnlyList<Topic> NearestTopics, KnowledgeSnapshot Knowledge);

/// <summary>
/// Checks the claims in someone's message: each sentence is asked like a question (so "right or silent" holds: only
/// facts the bot would answer with are shown), and the message is compared with the facts the knowledge marks as
/// superseded, so a stale position gets its newer one first.
/// </summary>
public sealed class MessageChecker(QueryService queries)
{
    public const int MaxFacts = 3;

    /// <summary>At most this many sentences of a message are asked (the longest ones).</summary>
    public const int MaxClaims = 6;

    /// <summary>Share of a superseded fact's words a message must repeat to count as quoting it.</summary>
    private const double QuoteOverlap = 0.45;

    public async Task<MessageCheck> CheckAsync(string text, DateOnly today, CancellationToken cancellationToken)
    {
        var knowledge = queries.Knowledge;
        var scores = new Dictionary<string, (Fact Fact, double Score)>(StringComparer.Ordinal);
        IReadOnlyList<Topic> nearest = [];
        foreach (var claim in Claims(text))
        {
            var answer = await queries.AskAsync(claim, limit: MaxFacts, today: today, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!answer.Answered || answer.Shape != AskShape.BestMatch)
            {
                nearest = nearest.Count == 0 ? answer.NearestTopics : nearest;
                continue;
            }

            var best = answer.Results[0];
            if (!scores.TryGetValue(best.Fact.Id, out var seen) || seen.Score < best.Score)
            {
                scores[best.Fact.Id] = (best.Fact, best.Score);
            }
        }

        var facts = scores.Values.OrderByDescending(s => s.Score).Select(s => s.Fact).ToList();
        var quoted = QuotedSupersededFact(text, knowledge);
        if (quoted is { } old && Replacement(knowledge, old) is { } newer)
        {
            facts.RemoveAll(f => f.Id == newer.Id);
            facts.Insert(0, newer);
        }
        else
        {
            quoted = null;
        }

        return new MessageCheck(facts.Take(MaxFacts).ToList(), quoted, facts.Count == 0 ? nearest : [], knowledge);
    }

    /// <summary>The sentences of the message worth asking: three words or more, the longest first; the whole text when none.</summary>
    internal static IReadOnlyList<string> Claims(string text)
    {
        var sentences = text.Split(['.', '!', '?', '\n', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(s => NameMatcher.WordsOf(s).Count >= 3)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(s => s.Length)
            .Take(MaxClaims)
            .ToList();
        return sentences.Count > 0 ? sentences : [text.Trim()];
    }

    /// <summary>The superseded fact whose words the message repeats most (and more than its replacement's), if any.</summary>
    private static Fact? QuotedSupersededFact(string text, KnowledgeSnapshot knowledge)
    {
        var said = Terms(text);
        Fact? quoted = null;
        var bestOverlap = 0.0;
        foreach (var old in knowledge.Facts.Where(f => !f.IsCurrent && f.Status == FactStatus.Active && f.SupersededBy is not null))
        {
            var overlap = Overlap(Terms(old.Text), said);
            if (overlap < QuoteOverlap || overlap <= bestOverlap || Replacement(knowledge, old) is not { } newer || Overlap(Terms(newer.Text), said) >= overlap)
            {
                continue;
            }

            (quoted, bestOverlap) = (old, overlap);
        }

        return quoted;
    }

    /// <summary>The current fact that replaces <paramref name="old"/>, following a chain of replacements.</summary>
    private static Fact? Replacement(KnowledgeSnapshot knowledge, Fact old)
    {
        var fact = old;
        for (var hops = 0; hops < 10 && fact.SupersededBy is { } next && knowledge.FactsById.TryGetValue(next, out var newer); hops++)
        {
            if (newer.IsCurrent)
            {
                return newer;
            }

            fact = newer;
        }

        return null;
    }

    private static double Overlap(HashSet<string> factTerms, HashSet<string> said) =>
        factTerms.Count < 3 ? 0 : factTerms.Count(said.Contains) / (double)factTerms.Count;

    /// <summary>The content words of a text, without a plural "s" and cut to five letters (a crude stem: "demands" and "demanded" agree).</summary>
    private static HashSet<string> Terms(string text) =>
        NameMatcher.WordsOf(text)
            .Select(NameMatcher.Normalize)
            .Where(w => w.Length >= 3 && !StopWords.Contains(w))
            .Select(w => w.Length > 3 && w[^1] == 's' ? w[..^1] : w)
            .Select(w => w.Length > 5 ? w[..5] : w)
            .ToHashSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> StopWords = new[]
    {
        "the", "and", "that", "this", "with", "from", "for", "are", "was", "were", "has", "have", "had", "will", "would",
        "its", "their", "they", "not", "but", "any", "all", "who", "which", "into", "over", "about", "said", "says", "also",
        "been", "than", "then", "there", "what", "when", "after", "before", "right", "already",
    }.ToFrozenSet(StringComparer.Ordinal);
}
