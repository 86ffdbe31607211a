using YamlDotNet.RepresentationModel;

namespace TalksBot.Core.Knowledge.Yaml;

/// <summary>Reads a <c>knowledge/</c> directory into a validated <see cref="KnowledgeSet"/>.</summary>
/// <remarks>Every problem is reported as <c>file:line: what is wrong</c>, so a malformed file stops start-up with a message the editor can act on.</remarks>
public static class KnowledgeYamlReader
{
    public const int MaxFactTextLength = 1000;

    public static KnowledgeSet ReadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The knowledge directory '{directory}' does not exist.");
        }

        var parties = ReadParties(directory);
        var topics = ReadTopics(directory);
        var sources = ReadSources(directory);
        var facts = new List<Located<Fact>>();
        foreach (var file in KnowledgeLayout.FactFiles(directory))
        {
            facts.AddRange(ReadFacts(directory, file));
        }

        Validate(parties, topics, sources, facts);
        return new KnowledgeSet(
            parties.Select(p => p.Value).ToList(),
            topics.Select(t => t.Value).ToList(),
            sources.Select(s => s.Value).ToList(),
            facts.Select(f => f.Value).ToList());
    }

    private static List<Located<Party>> ReadParties(string directory) =>
        ReadItems(directory, KnowledgeLayout.PartiesFile, "parties", required: true, (reader, map) =>
        {
            var id = reader.RequiredId(map, "id", "party");
            var what = $"party '{id}'";
            reader.RejectUnknownKeys(map, what, "id", "name", "aliases");
            return new Party(id, reader.RequiredString(map, "name", what), reader.StringList(map, "aliases", what));
        });

    private static List<Located<Topic>> ReadTopics(string directory) =>
        ReadItems(directory, KnowledgeLayout.TopicsFile, "topics", required: true, (reader, map) =>
        {
            var id = reader.RequiredId(map, "id", "topic");
            var what = $"topic '{id}'";
            reader.RejectUnknownKeys(map, what, "id", "title", "description", "aliases");
            return new Topic(
                id,
                reader.RequiredString(map, "title", what),
                reader.RequiredString(map, "description", what),
                reader.StringList(map, "aliases", what));
        });

    private static List<Located<Source>> ReadSources(string directory) =>
        ReadItems(directory, KnowledgeLayout.SourcesFile, "sources", required: true, (reader, map) =>
        {
            var id = reader.RequiredId(map, "id", "source");
            var what = $"source '{id}'";
            reader.RejectUnknownKeys(map, what, "id", "title", "publisher", "url", "published", "reliability", "note");
            var url = reader.RequiredString(map, "url", what);
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw reader.Error(YamlNodeReader.NodeOf(map, "url"), $"{what}: 'url' '{url}' is not an http(s) address");
            }

            return new Source(
                id,
                reader.RequiredString(map, "title", what),
                reader.RequiredString(map, "publisher", what),
                url,
                reader.OptionalDate(map, "published", what),
                reader.Enum<SourceReliability>(map, "reliability", what, SourceReliability.Normal),
                reader.OptionalString(map, "note", what));
        });

    private static List<Located<Fact>> ReadFacts(string directory, string file) =>
        ReadItems(directory, file, "facts", required: false, (reader, map) => ReadFact(reader, map));

    /// <summary>Reads one fact mapping; also used for a moderator's YAML.</summary>
    internal static Fact ReadFact(YamlNodeReader reader, YamlMappingNode map)
    {
        var id = reader.RequiredId(map, "id", "fact");
        var what = $"fact '{id}'";
        reader.RejectUnknownKeys(map, what, "id", "kind", "party", "involves", "topic", "asOf", "rank", "supersededBy", "status", "retractionReason", "text", "sources");
        var text = reader.RequiredString(map, "text", what).Trim();
        if (text.Length > MaxFactTextLength)
        {
            throw reader.Error(YamlNodeReader.NodeOf(map, "text"), $"{what}: 'text' has {text.Length} characters; the limit is {MaxFactTextLength}");
        }

        var sources = reader.MappingList(map, "sources", what)
            .Select(source =>
            {
                reader.RejectUnknownKeys(source, $"{what} source", "id", "quote");
                return new SourceRef(reader.RequiredId(source, "id", $"{what} source"), reader.OptionalString(source, "quote", what));
            })
            .ToList();
        if (sources.Count == 0)
        {
            throw reader.Error(map, $"{what}: 'sources' is missing; every fact needs at least one source");
        }

        var involves = reader.StringList(map, "involves", what);
        return new Fact
        {
            Id = id,
            Kind = reader.Enum<FactKind>(map, "kind", what, null),
            Party = reader.OptionalId(map, "party", what),
            Involves = involves,
            Topic = reader.RequiredId(map, "topic", what),
            AsOf = reader.RequiredDate(map, "asOf", what),
            Rank = reader.Enum<FactRank>(map, "rank", what, FactRank.Normal),
            SupersededBy = reader.OptionalId(map, "supersededBy", what),
            Status = reader.Enum<FactStatus>(map, "status", what, FactStatus.Active),
            RetractionReason = reader.OptionalString(map, "retractionReason", what),
            Text = text,
            Sources = sources,
        };
    }

    private static List<Located<T>> ReadItems<T>(
        string directory, string file, string rootKey, bool required, Func<YamlNodeReader, YamlMappingNode, T> read)
    {
        var path = Path.Combine(directory, file);
        var reader = new YamlNodeReader(Path.Combine(directory, file.Replace('/', Path.DirectorySeparatorChar)));
        if (!File.Exists(path))
        {
            return required ? throw new KnowledgeFileException(reader.DisplayPath, 0, "the file is missing") : [];
        }

        return reader.ReadRootList(File.ReadAllText(path), rootKey)
            .Select(map => new Located<T>(read(reader, map), reader, map))
            .ToList();
    }

    private static void Validate(
        List<Located<Party>> parties, List<Located<Topic>> topics, List<Located<Source>> sources, List<Located<Fact>> facts)
    {
        RequireUnique(parties, p => p.Id, "party");
        RequireUnique(topics, t => t.Id, "topic");
        RequireUnique(sources, s => s.Id, "source");
        RequireUnique(facts, f => f.Id, "fact");

        var partyIds = parties.Select(p => p.Value.Id).ToHashSet(StringComparer.Ordinal);
        var topicIds = topics.Select(t => t.Value.Id).ToHashSet(StringComparer.Ordinal);
        var sourceIds = sources.Select(s => s.Value.Id).ToHashSet(StringComparer.Ordinal);
        var factIds = facts.Select(f => f.Value.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var located in facts)
        {
            var fact = located.Value;
            var what = $"fact '{fact.Id}'";
            foreach (var party in fact.AllParties)
            {
                RequireKnown(located, party, partyIds, $"{what}: unknown party", "party");
            }

            RequireKnown(located, fact.Topic, topicIds, $"{what}: unknown topic", "topic");
            foreach (var source in fact.Sources)
            {
                RequireKnown(located, source.SourceId, sourceIds, $"{what}: unknown source", "sources");
            }

            if (fact.SupersededBy is { } replacement)
            {
                RequireKnown(located, replacement, factIds, $"{what}: 'supersededBy' names an unknown fact", "supersededBy");
                if (fact.Rank != FactRank.Deprecated)
                {
                    throw located.Error("supersededBy", $"{what}: 'supersededBy' is only allowed with 'rank: deprecated'");
                }
            }
        }
    }

    private static void RequireUnique<T>(List<Located<T>> items, Func<T, string> id, string what)
    {
        var seen = new Dictionary<string, Located<T>>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!seen.TryAdd(id(item.Value), item))
            {
                var first = seen[id(item.Value)];
                throw item.Error("id", $"the {what} id '{id(item.Value)}' is used twice (first at {first.Reader.DisplayPath}:{first.Map.Start.Line})");
            }
        }
    }

    private static void RequireKnown<T>(Located<T> located, string value, HashSet<string> known, string problem, string key)
    {
        if (known.Contains(value))
        {
            return;
        }

        var nearest = Search.Spelling.Nearest(value, known);
        var hint = nearest is null ? $"known: {string.Join(", ", known.Order(StringComparer.Ordinal).Take(30))}" : $"did you mean '{nearest}'?";
        throw located.Error(key, $"{problem} '{value}' ({hint})");
    }

    private sealed record Located<T>(T Value, YamlNodeReader Reader, YamlMappingNode Map)
    {
        public KnowledgeFileException Error(string key, string problem) => Reader.Error(YamlNodeReader.NodeOf(Map, key), problem);
    }
}
