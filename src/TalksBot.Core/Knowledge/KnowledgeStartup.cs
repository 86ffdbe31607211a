using System.Diagnostics;
using TalksBot.Core.Search;

namespace TalksBot.Core.Knowledge;

/// <summary>How long each step of <see cref="KnowledgeStartup.StartAsync"/> took.</summary>
/// <param name="Import">The import's report; null when the seed files were not imported.</param>
/// <param name="Imported">Reading and importing the seed files.</param>
/// <param name="LexicalIndex">Building the BM25 index (in parallel with the semantic index).</param>
/// <param name="SemanticIndex">Loading or encoding the facts' sentence vectors; zero without embeddings.</param>
/// <param name="Encoded">How many facts had to be encoded because no cached vector matched.</param>
public sealed record KnowledgeStartupReport(ImportReport? Import, TimeSpan Imported, TimeSpan LexicalIndex, TimeSpan SemanticIndex, int Encoded);

/// <summary>
/// Makes the knowledge ready to answer, wherever Core runs (the bot, a CLI verb, a test, a benchmark; no host needed):
/// imports the seed files if asked, builds the lexical and semantic indexes side by side, then starts the background
/// task through which the indexes and the change notifier follow every later change. The store opened when it was
/// resolved, before this runs.
/// </summary>
/// <param name="loader">Imports the seed files.</param>
/// <param name="factIndex">The BM25 index.</param>
/// <param name="semanticIndex">
/// The semantic index, or null without embeddings. Asked for on a pool thread as the start-up begins: creating it
/// loads MiniLM, which takes a while and needs nothing from the import, so both run at once.
/// </param>
/// <param name="dispatcher">The background updater, asked for once the indexes are built (it hands changes to them).</param>
public sealed class KnowledgeStartup(KnowledgeLoader loader, FactIndex factIndex, Func<SemanticIndex?> semanticIndex, Func<KnowledgeChangeDispatcher> dispatcher)
{
    /// <param name="import">Import the configured seed directory first.</param>
    /// <param name="cancellationToken">Stops the start-up between steps.</param>
    /// <exception cref="Yaml.KnowledgeFileException">A knowledge file is malformed; nothing was imported.</exception>
    public async Task<KnowledgeStartupReport> StartAsync(bool import, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var loadingModel = Task.Run(semanticIndex, cancellationToken);
        ImportReport? report;
        try
        {
            report = import ? await loader.ImportAsync(cancellationToken: cancellationToken).ConfigureAwait(false) : null;
        }
        catch
        {
            // Let the model finish loading (the container owns it), then report the import's failure.
            await ((Task)loadingModel).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        var imported = Stopwatch.GetTimestamp();

        // Two independent, CPU-bound builds: Lucene on a pool thread, the vectors (cache reads, perhaps MiniLM) here.
        var lexical = Task.Run(
            () =>
            {
                var building = Stopwatch.GetTimestamp();
                factIndex.Build();
                return Stopwatch.GetElapsedTime(building);
            },
            cancellationToken);
        var semantic = await loadingModel.ConfigureAwait(false);
        var semanticTook = TimeSpan.Zero;
        if (semantic is not null)
        {
            var building = Stopwatch.GetTimestamp();
            await semantic.BuildAsync(cancellationToken).ConfigureAwait(false);
            semanticTook = Stopwatch.GetElapsedTime(building);
        }

        var lexicalTook = await lexical.ConfigureAwait(false);
        dispatcher().Start();
        return new KnowledgeStartupReport(report, Stopwatch.GetElapsedTime(started, imported), lexicalTook, semanticTook, semantic?.LastBuildEncoded ?? 0);
    }
}
