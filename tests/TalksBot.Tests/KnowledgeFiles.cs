using TalksBot.Testing;

namespace TalksBot.Tests;

/// <summary>Copies of the repository's knowledge to spoil, and a fingerprint of what a database holds.</summary>
internal static class KnowledgeFiles
{
    /// <summary>Copies the repository's knowledge files into <paramref name="target"/>; returns it.</summary>
    public static string CopyOfRepository(string target)
    {
        foreach (var file in Directory.GetFiles(CliRunner.KnowledgeDirectory, "*.yaml", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(CliRunner.KnowledgeDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        return target;
    }

    /// <summary>Every fact with its revision and text, and the counts of parties, topics and sources: equal when nothing changed.</summary>
    public static string Fingerprint(string databasePath)
    {
        using var store = StoredKnowledge.Open(databasePath);
        var snapshot = store.Snapshot;
        return string.Join('\n', snapshot.Facts.OrderBy(f => f.Id, StringComparer.Ordinal).Select(f => $"{f.Id} r{f.Revision} {f.Text}"))
            + $"\nparties {snapshot.Parties.Count}, topics {snapshot.Topics.Count}, sources {snapshot.Sources.Count}";
    }
}
