using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using TalksBot.Core.Search;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace TalksBot.Core.Knowledge.Yaml;

/// <summary>Reads typed values out of one YAML file's node tree, reporting every problem with its line.</summary>
/// <param name="displayPath">The file named in errors.</param>
/// <param name="firstLine">The line of <paramref name="displayPath"/> the text starts on (a file inside a bundle starts below its header).</param>
/// <param name="section">Named before each problem when the text is one part of a bigger file (a bundle's <c>people.yaml</c>).</param>
internal sealed partial class YamlNodeReader(string displayPath, long firstLine = 1, string? section = null)
{
    /// <summary>How deeply lists and mappings may nest; a knowledge file needs 5 levels. YamlDotNet builds its tree recursively.</summary>
    public const int MaxDepth = 64;

    /// <summary>The largest knowledge file; the whole seed is under 200 KB.</summary>
    public const int MaxFileBytes = 10 * 1024 * 1024;

    /// <summary>The most values (scalars, lists and mappings) one file may hold: bounds the tree a 10 MB file of <c>[]</c> would build.</summary>
    public const int MaxNodes = 1_000_000;

    public string DisplayPath { get; } = displayPath;

    public KnowledgeFileException Error(YamlNode node, string problem) => Error(node.Start.Line, problem);

    /// <summary>The line in <see cref="DisplayPath"/> of a node.</summary>
    public long LineOf(YamlNode node) => LineOf(node.Start.Line);

    /// <summary>
    /// Reads a file as UTF-8 text, refusing one larger than <paramref name="maxBytes"/> (without reading it all) or one
    /// that is not UTF-8 (a Latin-1 file would otherwise turn every accent into U+FFFD without a word).
    /// </summary>
    public static string ReadFile(string path, int maxBytes = MaxFileBytes)
    {
        using var content = new MemoryStream();
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var chunk = new byte[64 * 1024];
            int read;
            while ((read = stream.Read(chunk)) > 0)
            {
                content.Write(chunk, 0, read);
                if (content.Length > maxBytes)
                {
                    throw new KnowledgeFileException(path, 1, TooLarge(maxBytes));
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new KnowledgeFileException(path, 0, $"cannot be read: {exception.Message}");
        }

        return DecodeUtf8(content.GetBuffer().AsSpan(0, (int)content.Length), path);
    }

    public static string TooLarge(int maxBytes) => $"the file is too large: the limit is {maxBytes / (1024 * 1024)} MB";

    /// <summary>Strict UTF-8 (a byte-order mark is skipped); a byte that is not UTF-8 is reported with its line.</summary>
    public static string DecodeUtf8(ReadOnlySpan<byte> bytes, string displayPath)
    {
        if (bytes.StartsWith(Encoding.UTF8.Preamble))
        {
            bytes = bytes[Encoding.UTF8.Preamble.Length..];
        }

        var chars = new char[bytes.Length];
        var status = Utf8.ToUtf16(bytes, chars, out var read, out var written, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
        {
            var line = bytes[..read].Count((byte)'\n') + 1;
            throw new KnowledgeFileException(
                displayPath, line, $"not UTF-8 text (byte 0x{bytes[read]:X2}); save the file as UTF-8");
        }

        return new string(chars, 0, written);
    }

    /// <summary>
    /// Parses hostile text into a node tree: too large, too deep, anchors, aliases, duplicate keys and every syntax error
    /// stop with <c>file:line</c> before any tree is built.
    /// </summary>
    /// <exception cref="KnowledgeFileException">The text is not a knowledge file's YAML.</exception>
    public YamlStream Load(string text)
    {
        if (Encoding.UTF8.GetByteCount(text) > MaxFileBytes)
        {
            throw Error(1, TooLarge(MaxFileBytes));
        }

        CheckStructure(text);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException exception)
        {
            // CheckStructure has seen every event; this is a safety net for whatever the composer still refuses.
            throw Error(exception.Start.Line, $"not valid YAML: {StripMark(exception.Message)}");
        }

        return stream;
    }

    /// <summary>Parses the text and returns the items of the top-level list under <paramref name="rootKey"/>.</summary>
    public IReadOnlyList<YamlMappingNode> ReadRootList(string text, string rootKey) =>
        ReadRootItems(text, rootKey)
            .Select(item => item as YamlMappingNode ?? throw Error(item, $"each item of '{rootKey}' must be a mapping of 'key: value' lines"))
            .ToList();

    /// <summary>Parses the text and returns the items, of any shape, of the top-level list under <paramref name="rootKey"/>.</summary>
    public IReadOnlyList<YamlNode> ReadRootItems(string text, string rootKey)
    {
        var stream = Load(text);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw Error(1, $"expected a mapping with the key '{rootKey}:' at the top");
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

        return [.. sequence.Children];
    }

    /// <summary>
    /// Walks the YAML events first (YamlDotNet's parser is not recursive; its composer is), so that nothing builds a tree
    /// from a hostile file: nesting, size, anchors and aliases ("billion laughs"), duplicate and non-text keys are refused
    /// here, and every syntax error gets a line, even those YamlDotNet reports without one.
    /// </summary>
    private void CheckStructure(string text)
    {
        var parser = new Parser(new StringReader(text));
        var open = new Stack<Collection>();
        var nodes = 0;
        var lastGood = 1L;
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                switch (current)
                {
                    case AnchorAlias alias:
                        throw Error(alias.Start.Line, $"aliases such as '*{alias.Value}' are not allowed in knowledge files; write the value out");
                    case NodeEvent { Anchor.IsEmpty: false } anchored:
                        throw Error(anchored.Start.Line, $"anchors such as '&{anchored.Anchor}' are not allowed in knowledge files; write the value out");
                    case Scalar scalar:
                        CountNode(++nodes, scalar);
                        if (open.TryPeek(out var parent))
                        {
                            parent.Add(this, scalar);
                        }

                        break;
                    case NodeEvent start when start is MappingStart or SequenceStart:
                        CountNode(++nodes, start);
                        if (open.TryPeek(out var owner))
                        {
                            owner.Add(this, start);
                        }

                        if (open.Count >= MaxDepth)
                        {
                            throw Error(start.Start.Line, $"lists and mappings are nested more than {MaxDepth} levels deep");
                        }

                        open.Push(new Collection(start is MappingStart));
                        break;
                    case MappingEnd or SequenceEnd:
                        open.Pop();
                        break;
                }

                lastGood = current.End.Line;
            }
        }
        catch (YamlException exception)
        {
            var reason = exception.InnerException?.Message ?? exception.Message;
            throw Error(exception.Start.Line, $"not valid YAML: {StripMark(reason)}");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet fails this way on an unclosed [ or { that runs to the end of the file.
            throw Error(lastGood, "not valid YAML: an unclosed '[', '{' or quote starts on or after this line");
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or OverflowException or IndexOutOfRangeException)
        {
            // Whatever else the parser throws on hostile bytes is still a malformed file, not a crash.
            throw Error(lastGood, $"not valid YAML: {exception.Message}");
        }
    }

    private void CountNode(int nodes, ParsingEvent node)
    {
        if (nodes > MaxNodes)
        {
            throw Error(node.Start.Line, $"the file holds more than {MaxNodes:N0} values");
        }
    }

    private KnowledgeFileException Error(long line, string problem) =>
        new(DisplayPath, LineOf(line), section is null ? problem : $"{section}: {problem}");

    private long LineOf(long line) => line + firstLine - 1;

    /// <summary>An open list or mapping while the events are walked; a mapping remembers its keys to refuse a second one.</summary>
    private sealed class Collection(bool isMapping)
    {
        private readonly Dictionary<string, long>? _keys = isMapping ? new(StringComparer.Ordinal) : null;
        private bool _expectingKey = true;

        public void Add(YamlNodeReader reader, ParsingEvent node)
        {
            if (_keys is null)
            {
                return;
            }

            if (_expectingKey)
            {
                if (node is not Scalar key)
                {
                    throw reader.Error(node.Start.Line, "a key must be plain text, not a list or mapping");
                }

                if (!_keys.TryAdd(key.Value, key.Start.Line))
                {
                    throw reader.Error(key.Start.Line, $"'{key.Value}' appears twice in one mapping (first on line {reader.LineOf(_keys[key.Value])})");
                }
            }

            _expectingKey = !_expectingKey;
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

    /// <summary>
    /// A date that has come, as moderators' dates must be: a day (YYYY-MM-DD) or, where the sources give only the month,
    /// a month (YYYY-MM, kept as its first day). One day of slack: a file written east of UTC (or on a machine whose
    /// clock runs ahead) may be dated tomorrow in UTC.
    /// </summary>
    public (DateOnly Date, DatePrecision Precision)? OptionalPastDayOrMonth(YamlMappingNode map, string key, string what, DateOnly today)
    {
        var value = OptionalString(map, key, what);
        if (value is null)
        {
            return null;
        }

        if (!YamlDates.TryParse(value, out var date, out var precision))
        {
            throw Error(NodeOf(map, key), $"{what}: '{key}' '{value}' is not a date in the form YYYY-MM-DD (or YYYY-MM when only the month is known)");
        }

        return date > today.AddDays(1)
            ? throw Error(NodeOf(map, key), $"{what}: '{key}' {value} is in the future (today is {Iso(today)}); knowledge is dated on a day that has come")
            : (date, precision);
    }

    public (DateOnly Date, DatePrecision Precision) RequiredPastDayOrMonth(YamlMappingNode map, string key, string what, DateOnly today) =>
        OptionalPastDayOrMonth(map, key, what, today)
            ?? throw Error(map, $"{what}: '{key}' is missing (a date in the form YYYY-MM-DD, or YYYY-MM when only the month is known)");

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

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
