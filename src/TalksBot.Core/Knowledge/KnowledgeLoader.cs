using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TalksBot.Core.Knowledge.Yaml;

namespace TalksBot.Core.Knowledge;

/// <summary>Imports the seed directory into the store and exports the store back to YAML.</summary>
public sealed class KnowledgeLoader(KnowledgeStore store, IOptions<KnowledgeOptions> options, ILogger<KnowledgeLoader> logger)
{
    /// <summary>Reads and imports the configured knowledge directory.</summary>
    /// <exception cref="KnowledgeFileException">A file is malformed; nothing was imported.</exception>
    public ImportReport Import()
    {
        var directory = options.Value.ResolveDirectory();
        var report = store.Import(KnowledgeYamlReader.ReadDirectory(directory));
        Log.KnowledgeImported(logger, directory, report.ToString());
        foreach (var conflict in report.Conflicts)
        {
            Log.ImportConflict(logger, conflict.ToString());
        }

        return report;
    }

    /// <summary>Writes the whole knowledge base to a directory in the seed files' shape.</summary>
    public IReadOnlyList<string> Export(string directory) =>
        KnowledgeYamlWriter.WriteDirectory(directory, store.Snapshot.ToSet());
}
