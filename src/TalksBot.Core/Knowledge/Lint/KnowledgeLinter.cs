using TalksBot.Core.Knowledge.Yaml;
using TalksBot.Core.Search.Embeddings;

namespace TalksBot.Core.Knowledge.Lint;

/// <summary>
/// Checks a knowledge directory (the files, not the database) for what an import accepts but an editor must fix:
/// impossible dates, loaded wording (errors: they fail CI), and overtaken preferred facts, near-duplicates and sources
/// that need work (warnings).
/// </summary>
/// <param name="embedder">Sentence vectors for the near-duplicate check; without one, only shared words count.</param>
internal sealed class KnowledgeLinter(ITextEmbedder? embedder = null)
{
    private static readonly ILintRule[] Rules =
    [
        new FactDateRule(),
        new LoadedWordingRule(),
        new PreferredRankRule(),
        new NearDuplicateRule(),
        new SourceRule(),
        new PersonWithoutFactRule(),
    ];

    /// <param name="directory">The knowledge directory; findings name its files under this path.</param>
    /// <param name="today">Dates after this day are errors.</param>
    /// <param name="cancellationToken">Stops the sentence encoding.</param>
    /// <exception cref="KnowledgeFileException">A file is malformed (as an import would refuse it); nothing was checked.</exception>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    public LintReport Lint(string directory, DateOnly today, CancellationToken cancellationToken = default)
    {
        // Future dates are lint's own finding (against the run's today), not a reason to stop reading.
        var knowledge = KnowledgeYamlReader.ReadDirectory(directory, AnyDayHasCome.Instance);
        _ = SynonymYamlReader.ReadDirectory(directory);
        var context = new LintContext(
            directory,
            knowledge,
            KnowledgeLocations.Read(directory),
            today,
            LoadedWording.ReadDirectory(directory),
            Embed(knowledge, cancellationToken));
        var findings = Rules.SelectMany(rule => rule.Check(context))
            .OrderBy(f => f.File, StringComparer.Ordinal)
            .ThenBy(f => f.Line)
            .ThenByDescending(f => f.Severity)
            .ToList();
        return new LintReport(findings, knowledge.Facts.Count, knowledge.Sources.Count);
    }

    private Dictionary<string, float[]>? Embed(KnowledgeSet knowledge, CancellationToken cancellationToken)
    {
        if (embedder is null)
        {
            return null;
        }

        var current = knowledge.Facts.Where(f => f.IsCurrent).ToList();
        var vectors = embedder.Embed(current.Select(f => f.Text).ToList(), cancellationToken);
        return current.Select((fact, i) => (fact.Id, Vector: vectors[i])).ToDictionary(p => p.Id, p => p.Vector, StringComparer.Ordinal);
    }

    /// <summary>A clock so far ahead that the reader accepts every date; <see cref="FactDateRule"/> judges them against today.</summary>
    private sealed class AnyDayHasCome : TimeProvider
    {
        public static readonly AnyDayHasCome Instance = new();

        public override DateTimeOffset GetUtcNow() => new(9000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    }
}
