namespace TalksBot.Core.Knowledge.Lint;

/// <summary>
/// Warnings that list the sources editors still have to work on: cited by no fact, weak (needs a better outlet),
/// undated (needs a date), and every fact that cites an undated source.
/// </summary>
internal sealed class SourceRule : ILintRule
{
    public const string Uncited = "uncited-source";
    public const string Weak = "weak-source";
    public const string Undated = "undated-source";
    public const string UndatedCitation = "undated-citation";

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        var cited = context.Knowledge.Facts.SelectMany(f => f.Sources).Select(s => s.SourceId).ToHashSet(StringComparer.Ordinal);
        foreach (var source in context.Knowledge.Sources)
        {
            if (!cited.Contains(source.Id))
            {
                yield return context.Locations.Source(source.Id).Warning(Uncited, $"source '{source.Id}' is cited by no fact; cite it or remove it");
            }

            if (source.Reliability == SourceReliability.Weak)
            {
                yield return context.Locations.Source(source.Id, "reliability").Warning(Weak, $"source '{source.Id}' is weak: needs a better outlet");
            }

            if (source.Published is null)
            {
                yield return context.Locations.Source(source.Id).Warning(Undated, $"source '{source.Id}' has no 'published': needs a date");
            }
        }

        foreach (var fact in context.CheckedFacts)
        {
            foreach (var citation in fact.Sources.Where(s => context.SourcesById[s.SourceId].Published is null))
            {
                yield return context.Locations.Citation(fact.Id, citation.SourceId).Warning(
                    UndatedCitation, $"fact '{fact.Id}' cites '{citation.SourceId}', which has no date");
            }
        }
    }
}
