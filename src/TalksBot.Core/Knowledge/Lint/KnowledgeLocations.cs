using TalksBot.Core.Knowledge.Yaml;
using YamlDotNet.RepresentationModel;

namespace TalksBot.Core.Knowledge.Lint;

/// <summary>The file and line of every fact, source and party of a knowledge directory, and of their keys, for findings.</summary>
/// <remarks>Read after <see cref="KnowledgeYamlReader"/> has accepted the directory, so every item has a valid id.</remarks>
internal sealed class KnowledgeLocations
{
    private readonly Dictionary<string, Item> _facts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Item> _sources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Item> _parties = new(StringComparer.Ordinal);

    private KnowledgeLocations()
    {
    }

    public static KnowledgeLocations Read(string directory)
    {
        var locations = new KnowledgeLocations();
        Add(locations._sources, directory, KnowledgeLayout.SourcesFile, "sources");
        Add(locations._parties, directory, KnowledgeLayout.PartiesFile, "parties");
        foreach (var file in KnowledgeLayout.FactFiles(directory))
        {
            Add(locations._facts, directory, file, "facts");
        }

        return locations;
    }

    /// <summary>A fact's line, or the line of one of its keys (the fact's first line when it lacks the key).</summary>
    public LintLocation Fact(string id, string? key = null) => Locate(_facts[id], key);

    /// <summary>A source's line, or the line of one of its keys.</summary>
    public LintLocation Source(string id, string? key = null) => Locate(_sources[id], key);

    /// <summary>The line of one of a party's aliases (the party's <c>aliases:</c> line when not found).</summary>
    public LintLocation Alias(string partyId, string alias)
    {
        var item = _parties[partyId];
        if (YamlNodeReader.NodeOf(item.Map, "aliases") is YamlSequenceNode aliases &&
            aliases.Children.OfType<YamlScalarNode>().FirstOrDefault(a => a.Value == alias) is { } node)
        {
            return new LintLocation(item.Reader.DisplayPath, item.Reader.LineOf(node));
        }

        return Locate(item, "aliases");
    }

    /// <summary>The line where a fact cites a source (its <c>- id:</c> under <c>sources:</c>).</summary>
    public LintLocation Citation(string factId, string sourceId)
    {
        var item = _facts[factId];
        if (YamlNodeReader.NodeOf(item.Map, "sources") is YamlSequenceNode citations)
        {
            foreach (var citation in citations.Children.OfType<YamlMappingNode>())
            {
                if (YamlNodeReader.NodeOf(citation, "id") is YamlScalarNode { Value: { } id } node && id == sourceId)
                {
                    return new LintLocation(item.Reader.DisplayPath, item.Reader.LineOf(node));
                }
            }
        }

        return Locate(item, "sources");
    }

    private static void Add(Dictionary<string, Item> items, string directory, string relativePath, string rootKey)
    {
        var path = Path.Combine(directory, relativePath.Replace('/', Path.DirectorySeparatorChar));
        var reader = new YamlNodeReader(path);
        foreach (var map in reader.ReadRootList(YamlNodeReader.ReadFile(path), rootKey))
        {
            if (YamlNodeReader.NodeOf(map, "id") is YamlScalarNode { Value: { } id })
            {
                items.TryAdd(id, new Item(reader, map));
            }
        }
    }

    private static LintLocation Locate(Item item, string? key) =>
        new(item.Reader.DisplayPath, item.Reader.LineOf(key is null ? item.Map : YamlNodeReader.NodeOf(item.Map, key)));

    private sealed record Item(YamlNodeReader Reader, YamlMappingNode Map);
}
