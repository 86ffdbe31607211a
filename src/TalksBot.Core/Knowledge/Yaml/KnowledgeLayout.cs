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

    /// <summary>The file (relative, with '/') a fact is exported to; derived from the fact so export is stable.</summary>
    public static string FileFor(Fact fact) => fact.Kind switch
    {
        FactKind.Event => TimelineFile,
        FactKind.Person => PeopleFile,
        _ => $"{FactsFolder}/{fact.Party ?? GeneralFactsName}.yaml",
    };

    /// <summary>The fact files present in a knowledge directory, relative, in a stable order.</summary>
    public static IReadOnlyList<string> FactFiles(string directory)
    {
        var files = new List<string>();
        foreach (var name in new[] { PeopleFile, TimelineFile })
        {
            if (File.Exists(Path.Combine(directory, name)))
            {
                files.Add(name);
            }
        }

        var factsDirectory = Path.Combine(directory, FactsFolder);
        if (Directory.Exists(factsDirectory))
        {
            files.AddRange(Directory.EnumerateFiles(factsDirectory, "*.yaml")
                .Select(path => $"{FactsFolder}/{Path.GetFileName(path)}")
                .Order(StringComparer.Ordinal));
        }

        return files;
    }
}
