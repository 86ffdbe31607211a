namespace TalksBot.Core.Knowledge.Lint;

/// <summary>What every lint rule sees: the knowledge as read, where each item is, today, and the optional inputs.</summary>
/// <param name="Directory">The knowledge directory, as findings name it.</param>
/// <param name="Knowledge">The directory's knowledge, read and validated as an import reads it (future dates allowed).</param>
/// <param name="Locations">Files and lines, for findings.</param>
/// <param name="Today">The run's today (<c>--now</c>, else the clock's UTC date).</param>
/// <param name="Wording">The loaded-wording list, or null when the directory has none.</param>
/// <param name="Vectors">The sentence vectors of the facts checked for near-duplicates, by id; null without an embedder.</param>
internal sealed record LintContext(
    string Directory,
    KnowledgeSet Knowledge,
    KnowledgeLocations Locations,
    DateOnly Today,
    LoadedWording? Wording,
    IReadOnlyDictionary<string, float[]>? Vectors)
{
    public IReadOnlyDictionary<string, Source> SourcesById { get; } = Knowledge.Sources.ToDictionary(s => s.Id, StringComparer.Ordinal);

    /// <summary>The facts lint checks: all but retracted ones (withdrawn, kept only for the record).</summary>
    public IEnumerable<Fact> CheckedFacts => Knowledge.Facts.Where(f => f.Status != FactStatus.Retracted);

    /// <summary>The facts members see: the ones that must not duplicate each other or outrank newer ones.</summary>
    public IReadOnlyList<Fact> CurrentFacts { get; } = Knowledge.Facts.Where(f => f.IsCurrent).ToList();
}

/// <summary>One family of lint checks.</summary>
internal interface ILintRule
{
    IEnumerable<LintFinding> Check(LintContext context);
}
