using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Knowledge.Yaml;
using TalksBot.Core.Search.Embeddings;

namespace TalksBot.Benchmarks;

/// <summary>
/// The knowledge the benchmarks run on, and cached databases that already hold sentence vectors
/// (encoding 10,000 facts takes minutes; reading their cached vectors, about a second).
/// </summary>
/// <remarks>
/// Cache files live in <see cref="CacheDirectory"/>, named by <see cref="CacheVersion"/> and a hash of the knowledge
/// they hold, so a change to the knowledge or to the generator makes a new file. Benchmarks never open a cache file
/// directly: they copy it to a per-run file (a database file has one opener at a time).
/// </remarks>
public static class BenchmarkData
{
    /// <summary>Bump when the meaning of a cache file changes (e.g. how facts are embedded).</summary>
    public const string CacheVersion = "v1";

    private static readonly Lazy<KnowledgeSet> RealSet = new(() => KnowledgeYamlReader.ReadDirectory(Testing.RepositoryPaths.Knowledge));

    private static readonly Lazy<KnowledgeSet> SyntheticSet = new(() => SyntheticKnowledge.Generate(RealSet.Value, SyntheticKnowledge.DefaultFactCount));

    public static string CacheDirectory { get; } = Path.Combine(Path.GetTempPath(), "talksbot-bench");

    /// <summary>The repository's knowledge/ directory, read once per process.</summary>
    public static KnowledgeSet Real => RealSet.Value;

    /// <summary>10,000 facts: the real ones plus generated ones (see <see cref="SyntheticKnowledge"/>).</summary>
    public static KnowledgeSet Synthetic => SyntheticSet.Value;

    /// <summary>
    /// A cache file holding <paramref name="set"/> and the vectors of its current facts, created on first use.
    /// With <paramref name="embedder"/>, an existing file is checked: vectors it lacks are encoded and saved into it.
    /// </summary>
    public static string VectorCache(string name, KnowledgeSet set, ITextEmbedder? embedder = null)
    {
        Directory.CreateDirectory(CacheDirectory);
        var path = Path.Combine(CacheDirectory, $"{name}-{CacheVersion}-{HashOf(set)}.db");
        if (File.Exists(path))
        {
            if (embedder is not null)
            {
                using var knowledge = BenchmarkKnowledge.Open(path, embeddings: true, embedder);
                var encoded = EncodeMissingVectors(knowledge);
                if (encoded > 0)
                {
                    Console.WriteLine($"// TalksBot cache: {path} lacked {encoded} vectors; encoded and saved them.");
                }
            }

            return path;
        }

        // Build beside the final name and move into place, so an interrupted build leaves no half-filled cache.
        var building = BuildingPath(path);
        DeleteDatabase(building);
        var ownEmbedder = embedder is null ? new MiniLmEmbedder() : null;
        try
        {
            var watch = Stopwatch.StartNew();
            int encoded;
            using (var knowledge = BenchmarkKnowledge.Open(building, embeddings: true, embedder ?? ownEmbedder!))
            {
                knowledge.Facts.ImportAsync(set).GetAwaiter().GetResult();
                encoded = EncodeMissingVectors(knowledge);
            }

            File.Move(building, path, overwrite: true);
            DeleteOtherVersions(name, path, noVectors: false);
            Console.WriteLine(
                $"// TalksBot cache: built {path} ({set.Facts.Count} facts, {encoded} encoded) in {watch.Elapsed.TotalSeconds:N1} s");
        }
        finally
        {
            ownEmbedder?.Dispose();
            DeleteDatabase(building);
        }

        return path;
    }

    /// <summary>A database holding <paramref name="set"/> without any vectors (for cold starts of the semantic index).</summary>
    public static string FactsOnly(string name, KnowledgeSet set)
    {
        Directory.CreateDirectory(CacheDirectory);
        var path = Path.Combine(CacheDirectory, $"{name}-{CacheVersion}-{HashOf(set)}-novectors.db");
        if (!File.Exists(path))
        {
            var building = BuildingPath(path);
            DeleteDatabase(building);
            using (var knowledge = BenchmarkKnowledge.Open(building, embeddings: false))
            {
                knowledge.Facts.ImportAsync(set).GetAwaiter().GetResult();
            }

            File.Move(building, path, overwrite: true);
            DeleteDatabase(building);
            DeleteOtherVersions(name, path, noVectors: true);
        }

        return path;
    }

    /// <summary>Builds the semantic index once, which caches the vector of every current fact that lacked one; returns how many were encoded.</summary>
    private static int EncodeMissingVectors(BenchmarkKnowledge knowledge)
    {
        var semantic = knowledge.Semantic;
        semantic.BuildAsync().GetAwaiter().GetResult();
        return semantic.LastBuildEncoded;
    }

    /// <summary>Removes cache files of the same name built for other knowledge or versions (they are never used again).</summary>
    private static void DeleteOtherVersions(string name, string current, bool noVectors)
    {
        foreach (var file in Directory.EnumerateFiles(CacheDirectory, $"{name}-v*.db"))
        {
            var isNoVectors = file.EndsWith("-novectors.db", StringComparison.Ordinal);
            if (file != current && isNoVectors == noVectors && !file.Contains(".building-", StringComparison.Ordinal))
            {
                DeleteDatabase(file);
            }
        }
    }

    private static string BuildingPath(string path) =>
        Path.ChangeExtension(path, null) + $".building-{Environment.ProcessId}" + Path.GetExtension(path);

    /// <summary>A fresh folder for one benchmark process's database copies; delete it in the cleanup.</summary>
    public static string NewRunDirectory() => Directory.CreateTempSubdirectory("talksbot-bench-run-").FullName;

    /// <summary>Deletes a folder <see cref="NewRunDirectory"/> made, with everything in it; "" (none made yet) is left alone.</summary>
    public static void DeleteRunDirectory(string directory)
    {
        if (directory.Length > 0)
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Copies a cached database to <paramref name="directory"/> under a new name and returns the copy's path.</summary>
    public static string CopyDatabase(string cachePath, string directory)
    {
        var copy = Path.Combine(directory, $"{Guid.NewGuid():N}.db");
        File.Copy(cachePath, copy);
        return copy;
    }

    /// <summary>Deletes a database file with its lock and LiteDB log files.</summary>
    public static void DeleteDatabase(string path)
    {
        foreach (var file in new[] { path, path + ".lock", Path.ChangeExtension(path, null) + "-log" + Path.GetExtension(path) })
        {
            File.Delete(file);
        }
    }

    /// <summary>A short hash of everything the store and the indexes see of a knowledge set.</summary>
    public static string HashOf(KnowledgeSet set)
    {
        var text = new StringBuilder();
        foreach (var party in set.Parties)
        {
            text.Append("P|").Append(party.Id).Append('|').Append(party.Name).Append('|').AppendJoin(',', party.Aliases).Append('\n');
        }

        foreach (var topic in set.Topics)
        {
            text.Append("T|").Append(topic.Id).Append('|').Append(topic.Title).Append('|').Append(topic.Description).Append('|')
                .AppendJoin(',', topic.Aliases).Append('\n');
        }

        foreach (var source in set.Sources)
        {
            text.Append("S|").Append(source.Id).Append('|').Append(source.Title).Append('|').Append(source.Publisher).Append('|')
                .Append(source.Url).Append('|').Append(source.Published?.ToString("O", null)).Append('|').Append(source.Reliability)
                .Append('|').Append(source.Note).Append('\n');
        }

        foreach (var fact in set.Facts)
        {
            text.Append("F|").Append(fact.Id).Append('|').Append(fact.Kind).Append('|').Append(fact.Party).Append('|')
                .AppendJoin(',', fact.Involves).Append('|').Append(fact.Topic).Append('|').Append(fact.AsOf.ToString("O", null))
                .Append('|').Append(fact.Rank).Append('|').Append(fact.SupersededBy).Append('|').Append(fact.Status).Append('|')
                .Append(fact.Text).Append('|').AppendJoin(',', fact.Sources.Select(s => s.SourceId + "=" + s.Quote)).Append('\n');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..12].ToLowerInvariant();
    }
}
