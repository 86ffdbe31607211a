using YamlDotNet.RepresentationModel;

namespace TalksBot.Core.Knowledge.Yaml;

/// <summary>Reads a <c>knowledge/</c> directory into a validated <see cref="KnowledgeSet"/>.</summary>
/// <remarks>Every problem is reported as <c>file:line: what is wrong</c>, so a malformed file stops start-up with a message the editor can act on.</remarks>
public static class KnowledgeYamlReader
{
    public const int MaxFactTextLength = 1000;

    /// <summary>Reads the knowledge files of a directory.</summary>
    /// <param name="directory">The knowledge directory.</param>
    /// <param name="time">Today, for refusing dates in the future (default: the system clock).</param>
    /// <exception cref="KnowledgeFileException">A file is missing, unreadable or malformed.</exception>
    public static KnowledgeSet ReadDirectory(string directory, TimeProvider? time = null)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The knowledge directory '{directory}' does not exist.");
        }

        var files = new List<KnowledgeFile>();
        foreach (var file in KnowledgeLayout.RequiredFiles.Concat(KnowledgeLayout.FactFiles(directory)))
        {
            var path = PathIn(directory, file);
            if (File.Exists(path))
            {
                files.Add(new KnowledgeFile(file, YamlNodeReader.ReadFile(path), path));
            }
        }

        return ReadFiles(files, missing => new KnowledgeFileException(PathIn(directory, missing), 0, "the file is missing"), time);
    }

    /// <summary>Reads knowledge files already in memory (the parts of a /kb export bundle).</summary>
    /// <param name="files">The files; each reports its errors under its own display path and first line.</param>
    /// <param name="missing">The error for a required file that is not among <paramref name="files"/>.</param>
    /// <param name="time">Today, for refusing dates in the future (default: the system clock).</param>
    /// <exception cref="KnowledgeFileException">A file is missing or malformed.</exception>
    public static KnowledgeSet ReadFiles(IReadOnlyList<KnowledgeFile> files, Func<string, KnowledgeFileException> missing, TimeProvider? time = null)
    {
        var byPath = files.ToDictionary(f => f.RelativePath, StringComparer.Ordinal);
        var today = DateOnly.FromDateTime((time ?? TimeProvider.System).GetUtcNow().UtcDateTime);
        KnowledgeFile Required(string name) => byPath.TryGetValue(name, out var file) ? file : throw missing(name);

        var parties = ReadParties(Required(KnowledgeLayout.PartiesFile));
        var topics = ReadTopics(Required(KnowledgeLayout.TopicsFile));
        var sources = ReadSources(Required(KnowledgeLayout.SourcesFile), today);
        var facts = new List<Located<Fact>>();
        foreach (var file in KnowledgeLayout.FactFiles(byPath.Keys))
        {
            facts.AddRange(ReadItems(byPath[file], "facts", (reader, map) => ReadFact(reader, map, today)));
        }

        Validate(parties, topics, sources, facts);
        return new KnowledgeSet(
            parties.Select(p => p.Value).ToList(),
            topics.Select(t => t.Value).ToList(),
            sources.Select(s => s.Value).ToList(),
            facts.Select(f => f.Value).ToList());
    }

    private static string PathIn(string directory, string relative) => Path.Combine(directory, relative.Replace('/', Path.DirectorySeparatorChar));

    private static List<Located<Party>> ReadParties(KnowledgeFile file) =>
        ReadItems(file, "parties", (reader, map) =>
        {
            var id = reader.RequiredId(map, "id", "party");
            var what = $"party '{id}'";
            reader.RejectUnknownKeys(map, what, "id", "name", "aliases");
            return new Party(id, reader.RequiredString(map, "name", what), reader.StringList(map, "aliases", what));
        });

    private static List<Located<Topic>> ReadTopics(KnowledgeFile file) =>
        ReadItems(file, "topics", (reader, map) =>
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

    private static List<Located<Source>> ReadSources(KnowledgeFile file, DateOnly today) =>
        ReadItems(file, "sources", (reader, map) =>
        {
            var id = reader.RequiredId(map, "id", "source");
            var what = $"source '{id}'";
            reader.RejectUnknownKeys(map, what, "id", "title", "publisher", "url", "published", "reliability", "note");
            var url = reader.RequiredString(map, "url", what);
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw reader.Error(YamlNodeReader.NodeOf(map, "url"), $"{what}: 'url' '{url}' is not an http(s) address");
            }

            var published = reader.OptionalPastDayOrMonth(map, "published", what, today);
            return new Source(
                id,
                reader.RequiredString(map, "title", what),
                reader.RequiredString(map, "publisher", what),
                url,
                published?.Date,
                reader.Enum<SourceReliability>(map, "reliability", what, SourceReliability.Normal),
                reader.OptionalString(map, "note", what))
            {
                PublishedPrecision = published?.Precision ?? DatePrecision.Day,
            };
        });

    /// <summary>Reads one fact mapping.</summary>
    private static Fact ReadFact(YamlNodeReader reader, YamlMappingNode map, DateOnly today)
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
        var (asOf, asOfPrecision) = reader.RequiredPastDayOrMonth(map, "asOf", what, today);
        return new Fact
        {
            Id = id,
            Kind = reader.Enum<FactKind>(map, "kind", what, null),
            Party = reader.OptionalId(map, "party", what),
            Involves = involves,
            Topic = reader.RequiredId(map, "topic", what),
            AsOf = asOf,
            AsOfPrecision = asOfPrecision,
            Rank = reader.Enum<FactRank>(map, "rank", what, FactRank.Normal),
            SupersededBy = reader.OptionalId(map, "supersededBy", what),
            Status = reader.Enum<FactStatus>(map, "status", what, FactStatus.Active),
            RetractionReason = reader.OptionalString(map, "retractionReason", what),
            Text = text,
            Sources = sources,
        };
    }

    private static List<Located<T>> ReadItems<T>(KnowledgeFile file, string rootKey, Func<YamlNodeReader, YamlMappingNode, T> read)
    {
        var reader = new YamlNodeReader(file.DisplayPath, file.FirstLine, file.Section);
        return reader.ReadRootList(file.Text, rootKey)
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
                throw item.Error("id", $"the {what} id '{id(item.Value)}' is used twice (first at {first.Reader.DisplayPath}:{first.Reader.LineOf(first.Map)})");
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
