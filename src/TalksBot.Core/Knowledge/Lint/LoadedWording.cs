using System.Globalization;
using System.Text.RegularExpressions;
using TalksBot.Core.Knowledge.Yaml;

namespace TalksBot.Core.Knowledge.Lint;

/// <summary>One word or phrase the bot must not use in its own voice, with the neutral words to use instead.</summary>
/// <param name="Phrase">As written in <c>knowledge/loaded-wording.yaml</c>.</param>
/// <param name="Instead">Neutral alternatives, or advice; may be null.</param>
/// <param name="Line">Where the phrase is listed.</param>
internal sealed record LoadedPhrase(string Phrase, string? Instead, long Line)
{
    /// <summary>
    /// The phrase as whole words, case-insensitive, straight and curly apostrophes alike, its last word also with the
    /// endings -s, -es, -d, -ed, -ing (and a doubled last letter: grabbed, grabbing).
    /// </summary>
    public Regex Pattern { get; } = Compile(Phrase);

    private static Regex Compile(string phrase)
    {
        var words = phrase.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var last = words[^1];
        var doubled = char.IsLetter(last[^1]) ? Regex.Escape(last[^1].ToString()) : "";
        var endings = doubled.Length > 0 ? $"(?:s|es|d|ed|ing|{doubled}ed|{doubled}ing)?" : "";
        var body = string.Join(@"\s+", words.Select(w => Regex.Escape(w).Replace("'", "['’]", StringComparison.Ordinal)));
        return new Regex(
            $@"(?<![\p{{L}}\p{{N}}]){body}{endings}(?![\p{{L}}\p{{N}}])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
            TimeSpan.FromSeconds(1));
    }
}

/// <summary>
/// The loaded-wording list (<c>knowledge/loaded-wording.yaml</c>) and the rule that applies it: a listed phrase in a
/// fact's text is the bot speaking, unless it stands inside quotation marks ("…", “…”, «…») or follows an attribution
/// (<see cref="AttributionWords"/>: "called it", "said" …) at most <see cref="AttributionReach"/> words earlier in the
/// same sentence.
/// </summary>
internal sealed partial class LoadedWording(IReadOnlyList<LoadedPhrase> phrases)
{
    public const string RootKey = "loadedWording";

    /// <summary>How many words may stand between an attribution and the phrase it introduces.</summary>
    public const int AttributionReach = 6;

    /// <summary>Words that put what follows in someone else's mouth.</summary>
    public static IReadOnlySet<string> AttributionWords { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "call", "calls", "called", "calling", "term", "terms", "termed", "dub", "dubs", "dubbed",
        "brand", "brands", "branded", "label", "labels", "labelled", "labeled", "describe", "describes", "described",
        "say", "says", "said", "so-called",
    };

    public IReadOnlyList<LoadedPhrase> Phrases => phrases;

    /// <summary>The list of a knowledge directory, or null when it has none.</summary>
    /// <exception cref="KnowledgeFileException">The file is malformed, or lists a phrase twice.</exception>
    public static LoadedWording? ReadDirectory(string directory)
    {
        var path = Path.Combine(directory, KnowledgeLayout.LoadedWordingFile);
        if (!File.Exists(path))
        {
            return null;
        }

        var reader = new YamlNodeReader(path);
        var phrases = new List<LoadedPhrase>();
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var map in reader.ReadRootList(YamlNodeReader.ReadFile(path), RootKey))
        {
            reader.RejectUnknownKeys(map, "loaded wording", "phrase", "instead");
            var phrase = string.Join(' ', reader.RequiredString(map, "phrase", "loaded wording").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            var line = reader.LineOf(YamlNodeReader.NodeOf(map, "phrase"));
            if (!seen.TryAdd(phrase.ToLower(CultureInfo.InvariantCulture), line))
            {
                throw reader.Error(YamlNodeReader.NodeOf(map, "phrase"), $"'{phrase}' is already listed on line {seen[phrase.ToLower(CultureInfo.InvariantCulture)]}");
            }

            phrases.Add(new LoadedPhrase(phrase, reader.OptionalString(map, "instead", $"loaded wording '{phrase}'"), line));
        }

        return new LoadedWording(phrases);
    }

    /// <summary>The listed phrases a text uses in its own voice, each with the words as they stand in the text.</summary>
    public IEnumerable<(LoadedPhrase Phrase, string Found)> FindIn(string text)
    {
        var quoted = QuotedPattern().Matches(text);
        foreach (var phrase in phrases)
        {
            foreach (Match match in phrase.Pattern.Matches(text))
            {
                var inQuotes = quoted.Any(q => match.Index > q.Index && match.Index + match.Length < q.Index + q.Length);
                if (!inQuotes && !Attributed(text[..match.Index]))
                {
                    yield return (phrase, match.Value);
                }
            }
        }
    }

    /// <summary>True when an attribution word ends the sentence so far, at most <see cref="AttributionReach"/> words back.</summary>
    private static bool Attributed(string before)
    {
        var sentenceEnd = SentenceEndPattern().Matches(before).LastOrDefault();
        var sentence = sentenceEnd is null ? before : before[(sentenceEnd.Index + sentenceEnd.Length)..];
        return WordPattern().Matches(sentence).TakeLast(AttributionReach + 1).Any(word => AttributionWords.Contains(word.Value));
    }

    [GeneratedRegex("\"[^\"]*\"|“[^”]*”|«[^»]*»")]
    private static partial Regex QuotedPattern();

    [GeneratedRegex(@"[.!?;](?=\s)")]
    private static partial Regex SentenceEndPattern();

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*")]
    private static partial Regex WordPattern();
}
