using System.Globalization;
using System.Text.RegularExpressions;
using TalksBot.Core.Search;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TalksBot.Core.Knowledge.Yaml;

/// <summary>Reads typed values out of one YAML file's node tree, reporting every problem with its line.</summary>
internal sealed partial class YamlNodeReader(string displayPath)
{
    public string DisplayPath { get; } = displayPath;

    public KnowledgeFileException Error(YamlNode node, string problem) =>
        new(DisplayPath, node.Start.Line, problem);

    /// <summary>Parses the text and returns the items of the top-level list under <paramref name="rootKey"/>.</summary>
    public IReadOnlyList<YamlMappingNode> ReadRootList(string text, string rootKey)
    {
        CheckSyntax(text);
        var stream = new YamlStream();
        stream.Load(new StringReader(text));

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new KnowledgeFileException(DisplayPath, 1, $"expected a mapping with the key '{rootKey}:' at the top");
        }

        RejectUnknownKeys(root, $"the top of the file", rootKey);
        if (!root.Children.TryGetValue(new YamlScalarNode(rootKey), out var listNode))
        {
            throw Error(root, $"expected the key '{rootKey}:' at the top");
        }

        if (listNode is YamlScalarNode { Value: null or "" or "~" or "null" })
        {
            return [];
        }

        if (listNode is not YamlSequenceNode sequence)
        {
            throw Error(listNode, $"'{rootKey}' must be a list of items, each starting with '- '");
        }

        return sequence.Children
            .Select(item => item as YamlMappingNode ?? throw Error(item, $"each item of '{rootKey}' must be a mapping of 'key: value' lines"))
            .ToList();
    }

    /// <summary>Walks the YAML events first, so every syntax error gets a line, even those YamlDotNet reports without one.</summary>
    private void CheckSyntax(string text)
    {
        var parser = new Parser(new StringReader(text));
        var lastGood = 1L;
        try
        {
            while (parser.MoveNext())
            {
                lastGood = parser.Current?.End.Line ?? lastGood;
            }
        }
        catch (YamlException exception)
        {
            var reason = exception.InnerException?.Message ?? exception.Message;
            throw new KnowledgeFileException(DisplayPath, exception.Start.Line, $"not valid YAML: {StripMark(reason)}");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet fails this way on an unclosed [ or { that runs to the end of the file.
            throw new KnowledgeFileException(DisplayPath, lastGood, "not valid YAML: an unclosed '[', '{' or quote starts on or after this line");
        }
    }

    public void RejectUnknownKeys(YamlMappingNode map, string what, params string[] allowed)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                var nearest = Spelling.Nearest(name, allowed);
                var hint = nearest is null ? $"allowed keys: {string.Join(", ", allowed)}" : $"did you mean '{nearest}'?";
                throw Error(key, $"{what}: unknown key '{name}' ({hint})");
            }
        }
    }

    public string RequiredString(YamlMappingNode map, string key, string what)
    {
        var value = OptionalString(map, key, what);
        return string.IsNullOrWhiteSpace(value) ? throw Error(map, $"{what}: '{key}' is missing or empty") : value;
    }

    public string? OptionalString(YamlMappingNode map, string key, string what)
    {
        if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node))
        {
            return null;
        }

        if (node is not YamlScalarNode scalar)
        {
            throw Error(node, $"{what}: '{key}' must be a single value, not a list or mapping");
        }

        if (scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null")
        {
            return null;
        }

        return scalar.Value;
    }

    public string RequiredId(YamlMappingNode map, string key, string what)
    {
        var value = RequiredString(map, key, what);
        return IsSlug(value) ? value : throw Error(NodeOf(map, key), $"{what}: '{key}' '{value}' must be a lowercase slug (a-z, 0-9 and '-', at most 80 characters)");
    }

    public string? OptionalId(YamlMappingNode map, string key, string what)
    {
        var value = OptionalString(map, key, what);
        return value is null || IsSlug(value) ? value : throw Error(NodeOf(map, key), $"{what}: '{key}' '{value}' must be a lowercase slug (a-z, 0-9 and '-')");
    }

    public IReadOnlyList<string> StringList(YamlMappingNode map, string key, string what)
    {
        if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node))
        {
            return [];
        }

        if (node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" })
        {
            return [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            throw Error(node, $"{what}: '{key}' must be a list");
        }

        return sequence.Children
            .Select(item => item is YamlScalarNode { Value: { Length: > 0 } value } ? value : throw Error(item, $"{what}: each item of '{key}' must be a non-empty text"))
            .ToList();
    }

    public IReadOnlyList<YamlMappingNode> MappingList(YamlMappingNode map, string key, string what)
    {
        if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node))
        {
            return [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            throw Error(node, $"{what}: '{key}' must be a list of mappings");
        }

        return sequence.Children
            .Select(item => item as YamlMappingNode ?? throw Error(item, $"{what}: each item of '{key}' must be a mapping such as '- id: …'"))
            .ToList();
    }

    public DateOnly? OptionalDate(YamlMappingNode map, string key, string what)
    {
        var value = OptionalString(map, key, what);
        if (value is null)
        {
            return null;
        }

        return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw Error(NodeOf(map, key), $"{what}: '{key}' '{value}' is not a date in the form YYYY-MM-DD");
    }

    public DateOnly RequiredDate(YamlMappingNode map, string key, string what) =>
        OptionalDate(map, key, what) ?? throw Error(map, $"{what}: '{key}' is missing (a date in the form YYYY-MM-DD)");

    public TEnum Enum<TEnum>(YamlMappingNode map, string key, string what, TEnum? fallback)
        where TEnum : struct, System.Enum
    {
        var value = OptionalString(map, key, what);
        if (value is null)
        {
            return fallback ?? throw Error(map, $"{what}: '{key}' is missing (one of {string.Join(", ", YamlNames.All<TEnum>())})");
        }

        return YamlNames.TryParse<TEnum>(value, out var parsed)
            ? parsed
            : throw Error(NodeOf(map, key), $"{what}: '{key}' '{value}' must be one of {string.Join(", ", YamlNames.All<TEnum>())}");
    }

    public static YamlNode NodeOf(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : map;

    private static bool IsSlug(string value) => value.Length <= 80 && SlugPattern().IsMatch(value);

    private static string StripMark(string message)
    {
        // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (Line: …): "; the line is reported separately.
        var index = message.LastIndexOf("): ", StringComparison.Ordinal);
        return index >= 0 && message.StartsWith("(Line:", StringComparison.Ordinal) ? message[(index + 3)..] : message;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex SlugPattern();
}
