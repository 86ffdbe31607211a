namespace TalksBot.Core.Knowledge.Yaml;

/// <summary>Where each kind of knowledge lives inside the <c>knowledge/</c> directory.</summary>
public static class KnowledgeLayout
{
    public const string PartiesFile = "parties.yaml";
    public const string TopicsFile = "topics.yaml";
    public const string SourcesFile = "sources.yaml";
    public const string PeopleFile = "people.yaml";
    public const string TimelineFile = "timeline.yaml";
    public const string FactsFolder = "facts";
    public const string GeneralFactsName = "general";

    /// <summary>Words that mean the same to search (optional; read by <see cref="SynonymYamlReader"/>, not imported into the store).</summary>
    public const string SynonymsFile = "synonyms.yaml";

    /// <summary>Words the bot must not use in its own voice (optional; read by <c>lint</c> only).</summary>
    public const string LoadedWordingFile = "loaded-wording.yaml";

    /// <summary>The file (relative, with '/') a fact is exported to; derived from the fact so export is stable.</summary>
    public static string FileFor(Fact fact) => fact.Kind switch
    {
        FactKind.Event => TimelineFile,
        FactKind.Person => PeopleFile,
        _ => $"{FactsFolder}/{fact.Party ?? GeneralFactsName}.yaml",
    };

    /// <summary>The files every knowledge directory has, in the order they are read.</summary>
    public static IReadOnlyList<string> RequiredFiles { get; } = [PartiesFile, TopicsFile, SourcesFile];

    /// <summary>The fact files present in a knowledge directory, relative, in a stable order.</summary>
    public static IReadOnlyList<string> FactFiles(string directory)
    {
        var present = new[] { PeopleFile, TimelineFile }.Where(name => File.Exists(Path.Combine(directory, name))).ToList();
        var factsDirectory = Path.Combine(directory, FactsFolder);
        if (Directory.Exists(factsDirectory))
        {
            present.AddRange(Directory.EnumerateFiles(factsDirectory, "*.yaml").Select(path => $"{FactsFolder}/{Path.GetFileName(path)}"));
        }

        return FactFiles(present);
    }

    /// <summary>The fact files among relative paths, in the order a directory's are read: people, timeline, then facts/ by name.</summary>
    public static IReadOnlyList<string> FactFiles(IEnumerable<string> relativePaths)
    {
        var paths = relativePaths.ToHashSet(StringComparer.Ordinal);
        return new[] { PeopleFile, TimelineFile }.Where(paths.Contains)
            .Concat(paths.Where(IsFactsFolderFile).Order(StringComparer.Ordinal))
            .ToList();
    }

    /// <summary>True for a path (relative, with '/') that a knowledge directory may hold: a known file or <c>facts/&lt;name&gt;.yaml</c>.</summary>
    public static bool IsKnowledgeFile(string relativePath) =>
        relativePath is PartiesFile or TopicsFile or SourcesFile or PeopleFile or TimelineFile || IsFactsFolderFile(relativePath);

    private static bool IsFactsFolderFile(string relativePath) =>
        relativePath.StartsWith(FactsFolder + "/", StringComparison.Ordinal)
        && relativePath.EndsWith(".yaml", StringComparison.Ordinal)
        && relativePath.Length > FactsFolder.Length + 1 + ".yaml".Length
        && relativePath.IndexOfAny(['/', '\\'], FactsFolder.Length + 1) < 0
        && !relativePath.Contains("..", StringComparison.Ordinal);
}
