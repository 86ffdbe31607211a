using System.Globalization;
using TalksBot.Core.Search;

namespace TalksBot.Core.Knowledge.Lint;

/// <summary>
/// Warns about two current facts that say nearly the same: sentence vectors with a cosine of at least
/// <see cref="MinSimilarity"/>, or at least <see cref="MinWordShare"/> of the shorter fact's words (stemmed, without
/// stop words) in the other. Members would see the same thing twice; merge them and keep every source.
/// </summary>
internal sealed class NearDuplicateRule : ILintRule
{
    public const string Name = "near-duplicate";
    public const double MinSimilarity = 0.92;
    public const double MinWordShare = 0.8;

    /// <summary>Below this many words, sharing most of them says little ("Russia rejects the plan").</summary>
    public const int MinWords = 5;

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        var facts = context.CurrentFacts;
        List<HashSet<string>> words;
        using (var analyzer = new FactAnalyzer(SynonymSet.Empty))
        {
            words = facts.Select(f => analyzer.Terms("text", f.Text)).ToList();
        }

        for (var i = 0; i < facts.Count; i++)
        {
            for (var j = i + 1; j < facts.Count; j++)
            {
                var similarity = Cosine(context.Vectors, facts[i].Id, facts[j].Id);
                var share = WordShare(words[i], words[j]);
                if (similarity >= MinSimilarity || share >= MinWordShare)
                {
                    var first = context.Locations.Fact(facts[i].Id);
                    var measures = string.Join("; ", new[]
                    {
                        similarity is { } s ? $"cosine {s.ToString("0.00", CultureInfo.InvariantCulture)}" : null,
                        $"{share.ToString("P0", CultureInfo.InvariantCulture)} of the shorter one's words shared",
                    }.OfType<string>());
                    yield return context.Locations.Fact(facts[j].Id).Warning(
                        Name,
                        $"facts '{facts[j].Id}' and '{facts[i].Id}' ({first.File}:{first.Line}) are near-duplicates ({measures}); merge them and keep every source");
                }
            }
        }
    }

    private static double? Cosine(IReadOnlyDictionary<string, float[]>? vectors, string a, string b)
    {
        if (vectors is null || !vectors.TryGetValue(a, out var x) || !vectors.TryGetValue(b, out var y))
        {
            return null;
        }

        // Unit vectors: the dot product is the cosine.
        var dot = 0.0;
        for (var k = 0; k < x.Length; k++)
        {
            dot += x[k] * y[k];
        }

        return dot;
    }

    private static double WordShare(HashSet<string> a, HashSet<string> b)
    {
        var shorter = a.Count <= b.Count ? a : b;
        var longer = ReferenceEquals(shorter, a) ? b : a;
        return shorter.Count < MinWords ? 0 : (double)shorter.Count(longer.Contains) / shorter.Count;
    }
}
