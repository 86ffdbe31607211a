using System.Globalization;
using System.Text;

namespace TalksBot.Core.Knowledge.Yaml;

/// <summary>Writes knowledge back to YAML in one canonical shape and order, so an unchanged import exports byte for byte.</summary>
public static class KnowledgeYamlWriter
{
    /// <summary>Writes every file of the set into <paramref name="directory"/>, replacing the fact files it owns.</summary>
    public static IReadOnlyList<string> WriteDirectory(string directory, KnowledgeSet set)
    {
        var files = RenderFiles(set);
        Directory.CreateDirectory(Path.Combine(directory, KnowledgeLayout.FactsFolder));

        // Fact files that no longer hold any fact are removed so the export mirrors the database.
        foreach (var stale in KnowledgeLayout.FactFiles(directory).Where(file => !files.ContainsKey(file)))
        {
            File.Delete(Path.Combine(directory, stale));
        }

        foreach (var (file, text) in files)
        {
            var path = Path.Combine(directory, file.Replace('/', Path.DirectorySeparatorChar));
            var temporary = path + ".tmp";
            File.WriteAllText(temporary, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(temporary, path, overwrite: true);
        }

        return files.Keys.ToList();
    }

    /// <summary>The text of each file, keyed by its path relative to the knowledge directory.</summary>
    public static SortedDictionary<string, string> RenderFiles(KnowledgeSet set)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [KnowledgeLayout.PartiesFile] = Parties(set.Parties),
            [KnowledgeLayout.TopicsFile] = Topics(set.Topics),
            [KnowledgeLayout.SourcesFile] = Sources(set.Sources),
        };
        foreach (var group in set.Facts.GroupBy(KnowledgeLayout.FileFor))
        {
            files[group.Key] = Facts(group.Key, group);
        }

        return files;
    }

    public static string Parties(IEnumerable<Party> parties)
    {
        var yaml = Start("parties", "parties");
        foreach (var party in parties.OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            yaml.Append("- id: ").Append(Scalar(party.Id)).Append('\n');
            Field(yaml, "name", party.Name);
            List(yaml, "aliases", party.Aliases);
        }

        return yaml.ToString();
    }

    public static string Topics(IEnumerable<Topic> topics)
    {
        var yaml = Start("topics", "topics");
        foreach (var topic in topics.OrderBy(t => t.Id, StringComparer.Ordinal))
        {
            yaml.Append("- id: ").Append(Scalar(topic.Id)).Append('\n');
            Field(yaml, "title", topic.Title);
            Field(yaml, "description", topic.Description);
            List(yaml, "aliases", topic.Aliases);
        }

        return yaml.ToString();
    }

    public static string Sources(IEnumerable<Source> sources)
    {
        var yaml = Start("sources", "sources");
        foreach (var source in sources.OrderBy(s => s.Id, StringComparer.Ordinal))
        {
            yaml.Append("- id: ").Append(Scalar(source.Id)).Append('\n');
            Field(yaml, "title", source.Title);
            Field(yaml, "publisher", source.Publisher);
            Field(yaml, "url", source.Url);
            if (source.Published is { } published)
            {
                yaml.Append("  published: ").Append(YamlDates.Format(published, source.PublishedPrecision)).Append('\n');
            }

            Field(yaml, "reliability", YamlNames.Of(source.Reliability));
            Field(yaml, "note", source.Note);
        }

        return yaml.ToString();
    }

    public static string Facts(string file, IEnumerable<Fact> facts)
    {
        var yaml = Start(file, "facts");
        foreach (var fact in Order(file, facts))
        {
            AppendFact(yaml, fact);
        }

        return yaml.ToString();
    }

    /// <summary>The canonical YAML of one fact's content (no bookkeeping): what a seed hash and a content comparison use.</summary>
    public static string FactContent(Fact fact)
    {
        var yaml = new StringBuilder(512);
        AppendFact(yaml, fact);
        return yaml.ToString();
    }

    private static IEnumerable<Fact> Order(string file, IEnumerable<Fact> facts) => file switch
    {
        KnowledgeLayout.TimelineFile => facts.OrderBy(f => f.AsOf).ThenBy(f => f.Id, StringComparer.Ordinal),
        KnowledgeLayout.PeopleFile => facts.OrderBy(f => f.Id, StringComparer.Ordinal),
        _ => facts.OrderBy(f => f.Topic, StringComparer.Ordinal).ThenByDescending(f => f.AsOf).ThenBy(f => f.Id, StringComparer.Ordinal),
    };

    private static void AppendFact(StringBuilder yaml, Fact fact)
    {
        yaml.Append("- id: ").Append(Scalar(fact.Id)).Append('\n');
        Field(yaml, "kind", YamlNames.Of(fact.Kind));
        Field(yaml, "party", fact.Party);
        List(yaml, "involves", fact.Involves);
        Field(yaml, "topic", fact.Topic);
        yaml.Append("  asOf: ").Append(YamlDates.Format(fact.AsOf, fact.AsOfPrecision)).Append('\n');
        Field(yaml, "rank", YamlNames.Of(fact.Rank));
        Field(yaml, "supersededBy", fact.SupersededBy);
        if (fact.Status != FactStatus.Active)
        {
            Field(yaml, "status", YamlNames.Of(fact.Status));
        }

        Field(yaml, "retractionReason", fact.RetractionReason);
        Field(yaml, "text", fact.Text);
        yaml.Append("  sources:\n");
        foreach (var source in fact.Sources)
        {
            yaml.Append("  - id: ").Append(Scalar(source.SourceId)).Append('\n');
            if (source.Quote is { Length: > 0 } quote)
            {
                yaml.Append("    quote: ").Append(Scalar(quote)).Append('\n');
            }
        }
    }

    private static StringBuilder Start(string what, string rootKey) =>
        new StringBuilder(16 * 1024)
            .Append("# TalksBot knowledge (").Append(what).Append("). Format: knowledge/README.md. `export` rewrites this file in this shape and order.\n")
            .Append(rootKey).Append(":\n");

    private static void Field(StringBuilder yaml, string key, string? value)
    {
        if (value is not null)
        {
            yaml.Append("  ").Append(key).Append(": ").Append(Scalar(value)).Append('\n');
        }
    }

    private static void List(StringBuilder yaml, string key, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        yaml.Append("  ").Append(key).Append(":\n");
        foreach (var value in values)
        {
            yaml.Append("  - ").Append(Scalar(value)).Append('\n');
        }
    }

    /// <summary>A plain scalar where YAML reads it back as the same string, otherwise a double-quoted one.</summary>
    public static string Scalar(string value) => IsPlainSafe(value) ? value : Quote(value);

    private static bool IsPlainSafe(string value)
    {
        if (value.Length == 0 || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
        {
            return false;
        }

        if ("-?:,[]{}#&*!|>'\"%@`".Contains(value[0]))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\uFEFF' or '\u0085')
            {
                return false;
            }
        }

        if (value.Contains(": ", StringComparison.Ordinal) || value.Contains(" #", StringComparison.Ordinal) || value.EndsWith(':'))
        {
            return false;
        }

        // Words YAML would read as null, booleans or numbers, and anything that starts like a number or a date.
        if (value is "~" or "<<" || char.IsAsciiDigit(value[0]) || (value.Length > 1 && value[0] is '+' or '.' && char.IsAsciiDigit(value[1])))
        {
            return false;
        }

        return value.ToLowerInvariant() is not ("null" or "true" or "false" or "yes" or "no" or "on" or "off" or "y" or "n" or ".inf" or ".nan");
    }

    private static string Quote(string value)
    {
        var quoted = new StringBuilder(value.Length + 8).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': quoted.Append("\\\""); break;
                case '\\': quoted.Append("\\\\"); break;
                case '\n': quoted.Append("\\n"); break;
                case '\t': quoted.Append("\\t"); break;
                case '\r': quoted.Append("\\r"); break;
                default:
                    if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\uFEFF' or '\u0085')
                    {
                        quoted.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        quoted.Append(c);
                    }

                    break;
            }
        }

        return quoted.Append('"').ToString();
    }
}
