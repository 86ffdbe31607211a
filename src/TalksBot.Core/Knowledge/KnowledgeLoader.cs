using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TalksBot.Core.Knowledge.Yaml;
using TalksBot.Core.Moderation;

namespace TalksBot.Core.Knowledge;

/// <summary>Imports the seed directory (or an exported bundle) into the store, backing the database up first, and exports the store back to YAML.</summary>
public sealed class KnowledgeLoader(IFactStore store, IOptions<KnowledgeOptions> options, ILogger<KnowledgeLoader> logger, TimeProvider? time = null)
{
    /// <summary>Backups kept beside the database; older ones are deleted.</summary>
    public const int BackupsKept = 5;

    /// <summary>Reads and imports the configured knowledge directory, or <paramref name="path"/>: a directory or a /kb export file.</summary>
    /// <exception cref="KnowledgeFileException">A file is malformed; nothing was imported.</exception>
    /// <exception cref="KnowledgeStorageException">The database cannot be written right now; nothing was imported.</exception>
    public async Task<ImportReport> ImportAsync(string? path = null, CancellationToken cancellationToken = default)
    {
        var source = path is null ? options.Value.ResolveDirectory() : Path.GetFullPath(path);
        var seed = File.Exists(source) ? ReadBundle(source) : KnowledgeYamlReader.ReadDirectory(source, time);
        var report = await store.ImportAsync(seed, backupBeforeChange: BackupPath(), cancellationToken).ConfigureAwait(false);
        if (report.BackedUpTo is { } backup)
        {
            Log.BackedUpBeforeImport(logger, backup);
            PruneBackups(Path.GetDirectoryName(backup)!);
        }

        Log.KnowledgeImported(logger, source, report.ToString());
        foreach (var conflict in report.Conflicts)
        {
            Log.ImportConflict(logger, conflict.ToString());
        }

        return report;
    }

    /// <summary>Writes the whole knowledge base to a directory in the seed files' shape.</summary>
    public IReadOnlyList<string> Export(string directory) =>
        KnowledgeYamlWriter.WriteDirectory(directory, store.Snapshot.ToSet());

    /// <summary>Reads a /kb export in memory (no temporary files); problems are reported at their line in the bundle.</summary>
    private KnowledgeSet ReadBundle(string file) =>
        KnowledgeYamlReader.ReadFiles(
            KnowledgeBundle.Files(YamlNodeReader.ReadFile(file, KnowledgeBundle.MaxBytes), file),
            missing => new KnowledgeFileException(file, 1, $"the export has no '{missing}'; export the knowledge again with /kb export"),
            time);

    private string BackupPath()
    {
        var database = Path.GetFullPath(options.Value.DatabasePath);
        var stamp = (time ?? TimeProvider.System).GetUtcNow().ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture);
        return Path.Combine(Path.GetDirectoryName(database)!, "backups", $"{Path.GetFileNameWithoutExtension(database)}-{stamp}{Path.GetExtension(database)}");
    }

    private static void PruneBackups(string directory)
    {
        foreach (var old in new DirectoryInfo(directory).GetFiles().OrderByDescending(f => f.Name, StringComparer.Ordinal).Skip(BackupsKept))
        {
            old.Delete();
        }
    }
}
