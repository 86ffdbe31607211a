using System.Text;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Knowledge.Yaml;

namespace TalksBot.Core.Moderation;

/// <summary>
/// The whole knowledge directory as one YAML stream (one document per file, each headed by its path), for sending as a
/// chat attachment; <see cref="Split"/> turns it back into the directory's files.
/// </summary>
public static class KnowledgeBundle
{
    private const string FileMarker = "--- # file: ";

    public static string Render(KnowledgeSet set, DateTimeOffset exportedAt)
    {
        var files = KnowledgeYamlWriter.RenderFiles(set);
        var bundle = new StringBuilder()
            .Append("# TalksBot knowledge export, ").Append(exportedAt.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)).Append(" UTC: ")
            .Append(set.Facts.Count).Append(" facts in ").Append(files.Count).Append(" files.\n")
            .Append("# Each document below is one file of knowledge/; `TalksBot import <this file>` imports it as it is.\n");
        foreach (var (path, text) in files)
        {
            bundle.Append(FileMarker).Append(path).Append('\n').Append(text);
            if (!text.EndsWith('\n'))
            {
                bundle.Append('\n');
            }
        }

        return bundle.ToString();
    }

    /// <summary>The largest bundle <c>import</c> reads: room for every file of a knowledge directory several times over.</summary>
    public const int MaxBytes = 50 * 1024 * 1024;

    /// <summary>The most files one bundle may hold (a directory has one fact file per party).</summary>
    public const int MaxFiles = 1000;

    /// <summary>The files of a bundle, keyed by their path in the knowledge directory.</summary>
    /// <exception cref="KnowledgeFileException">The text is not a TalksBot bundle, or names a path outside the directory.</exception>
    public static IReadOnlyDictionary<string, string> Split(string bundle, string fileName) =>
        new SortedDictionary<string, string>(Files(bundle, fileName).ToDictionary(f => f.RelativePath, f => f.Text), StringComparer.Ordinal);

    /// <summary>The files of a bundle, each reporting its problems at its line in the bundle.</summary>
    /// <exception cref="KnowledgeFileException">
    /// The text is not a TalksBot bundle, names a path that is not a knowledge file, holds a file twice or too many files.
    /// </exception>
    public static IReadOnlyList<KnowledgeFile> Files(string bundle, string fileName)
    {
        var files = new List<KnowledgeFile>();
        var firstLines = new Dictionary<string, int>(StringComparer.Ordinal);
        string? current = null;
        var text = new StringBuilder();
        var lineNumber = 0;
        foreach (var line in bundle.Split('\n'))
        {
            lineNumber++;
            if (line.StartsWith(FileMarker, StringComparison.Ordinal))
            {
                Flush();
                current = line[FileMarker.Length..].Trim();
                if (!KnowledgeLayout.IsKnowledgeFile(current))
                {
                    throw new KnowledgeFileException(fileName, lineNumber, $"'{current}' is not a knowledge file's path (like facts/russia.yaml).");
                }

                if (!firstLines.TryAdd(current, lineNumber + 1))
                {
                    throw new KnowledgeFileException(fileName, lineNumber, $"'{current}' appears twice (first on line {firstLines[current] - 1}).");
                }

                if (firstLines.Count > MaxFiles)
                {
                    throw new KnowledgeFileException(fileName, lineNumber, $"more than {MaxFiles} files: this is not a TalksBot knowledge export.");
                }
            }
            else if (current is not null)
            {
                text.Append(line).Append('\n');
            }
        }

        Flush();
        if (files.Count == 0)
        {
            throw new KnowledgeFileException(fileName, 1, $"no '{FileMarker.Trim()} <path>' lines: this is not a TalksBot knowledge export.");
        }

        return files;

        void Flush()
        {
            if (current is not null)
            {
                files.Add(new KnowledgeFile(current, text.ToString().TrimEnd('\n') + "\n", fileName, firstLines[current], current));
            }

            text.Clear();
        }
    }
}
