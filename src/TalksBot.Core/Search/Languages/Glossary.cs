using TalksBot.Core.Knowledge.Yaml;
using YamlDotNet.RepresentationModel;

namespace TalksBot.Core.Search.Languages;

/// <summary>
/// Ukrainian and Russian words and phrases with their English reading (<c>knowledge/glossary.yaml</c>), keyed by their
/// words as listed and by their stems, so that inflected forms find them. Reviewed like facts and checked on load: every
/// problem is reported as <c>file:line</c>, including one word listed with two readings.
/// </summary>
internal sealed class Glossary
{
    /// <summary>The longest phrase, in words, the glossary may hold.</summary>
    public const int MaxPhraseWords = 4;

    private const string Root = "glossary";
    private readonly Dictionary<string, Reading> _byForm;
    private readonly Dictionary<string, Reading?> _byStem;

    private Glossary(Dictionary<string, Reading> byForm, Dictionary<string, Reading?> byStem)
    {
        _byForm = byForm;
        _byStem = byStem;
    }

    public static Glossary Empty { get; } = new(new(StringComparer.Ordinal), new(StringComparer.Ordinal));

    /// <summary>How many words and phrases it reads, as listed.</summary>
    public int Count => _byForm.Count;

    /// <summary>Every English reading it gives.</summary>
    public IReadOnlySet<string> Readings => _byForm.Values.Select(r => r.English).ToHashSet(StringComparer.Ordinal);

    /// <exception cref="KnowledgeFileException">The file cannot be read or holds a malformed entry.</exception>
    public static Glossary Read(string path) => Parse(YamlNodeReader.ReadFile(path), path);

    /// <summary>Reads a glossary's text; <paramref name="displayPath"/> is the file named in errors.</summary>
    /// <exception cref="KnowledgeFileException">The text holds a malformed entry.</exception>
    public static Glossary Parse(string text, string displayPath)
    {
        var reader = new YamlNodeReader(displayPath);
        var byForm = new Dictionary<string, Reading>(StringComparer.Ordinal);
        var byStem = new Dictionary<string, Reading?>(StringComparer.Ordinal);
        foreach (var item in reader.ReadRootList(text, Root))
        {
            const string What = "a glossary entry";
            reader.RejectUnknownKeys(item, What, "en", "uk", "ru");
            var english = reader.OptionalString(item, "en", What)?.Trim()
                ?? throw reader.Error(item, $"{What}: 'en' is missing (the English reading; en: \"\" leaves the word out)");
            if (CyrillicText.HasCyrillic(english))
            {
                throw reader.Error(YamlNodeReader.NodeOf(item, "en"), $"{What}: 'en' '{english}' must be English, without Cyrillic letters");
            }

            var words = Words(reader, item, "uk", What, "ы", "э", "ъ", "ё").Concat(Words(reader, item, "ru", What, "і", "ї", "є", "ґ")).ToList();
            if (words.Count == 0)
            {
                throw reader.Error(item, $"{What}: '{english}' has no Ukrainian ('uk:') or Russian ('ru:') words");
            }

            foreach (var (word, node) in words)
            {
                var form = FormOf(word);
                if (form.Length == 0 || form.Split(' ').Length > MaxPhraseWords)
                {
                    throw reader.Error(node, $"{What}: '{word}' must be one to {MaxPhraseWords} words");
                }

                var reading = new Reading(english, word, reader.LineOf(node));
                if (byForm.TryGetValue(form, out var earlier) && !string.Equals(earlier.English, english, StringComparison.Ordinal))
                {
                    throw reader.Error(node, $"{What}: '{word}' reads as '{english}', but '{earlier.Word}' on line {earlier.Line} is the same word " +
                        $"and reads as '{earlier.English}'; keep one");
                }

                byForm.TryAdd(form, reading);

                // Two words that stem alike but read differently (как "how", какой "which") leave the stem to neither:
                // their listed forms still read, an unlisted inflection stays as typed rather than read wrong.
                var stem = StemOf(word);
                if (!byStem.TryGetValue(stem, out var sharing))
                {
                    byStem[stem] = reading;
                }
                else if (sharing is not null && !string.Equals(sharing.English, english, StringComparison.Ordinal))
                {
                    byStem[stem] = null;
                }
            }
        }

        return new Glossary(byForm, byStem);
    }

    /// <summary>
    /// The English reading of a phrase: by its words as listed (folded), else by their stems; null when the glossary
    /// does not hold it.
    /// </summary>
    public string? EnglishOf(string form, string stem) =>
        _byForm.TryGetValue(form, out var listed) ? listed.English
        : _byStem.TryGetValue(stem, out var stemmed) && stemmed is not null ? stemmed.English
        : null;

    /// <summary>A phrase's words folded, joined by spaces.</summary>
    public static string FormOf(string phrase) => string.Join(' ', CyrillicText.Words(phrase).Select(w => CyrillicText.Fold(w.Text)));

    /// <summary>A phrase's words folded and stemmed, joined by spaces.</summary>
    public static string StemOf(string phrase) => string.Join(' ', CyrillicText.Words(phrase).Select(w => CyrillicText.Key(w.Text)));

    private static IEnumerable<(string Word, YamlNode Node)> Words(YamlNodeReader reader, YamlMappingNode item, string language, string what, params string[] foreignLetters)
    {
        _ = reader.StringList(item, language, what);
        if (YamlNodeReader.NodeOf(item, language) is not YamlSequenceNode list)
        {
            yield break;
        }

        foreach (var node in list.Children)
        {
            var word = ((YamlScalarNode)node).Value!.Trim();
            if (!CyrillicText.HasCyrillic(word))
            {
                throw reader.Error(node, $"{what}: '{word}' under '{language}' has no Cyrillic letters; English words need no glossary");
            }

            if (foreignLetters.FirstOrDefault(letter => word.Contains(letter, StringComparison.OrdinalIgnoreCase)) is { } foreign)
            {
                var other = language == "uk" ? "Russian ('ru:')" : "Ukrainian ('uk:')";
                throw reader.Error(node, $"{what}: '{word}' under '{language}' has the letter '{foreign}', which only {other} uses");
            }

            yield return (word, node);
        }
    }

    private sealed record Reading(string English, string Word, long Line);
}
