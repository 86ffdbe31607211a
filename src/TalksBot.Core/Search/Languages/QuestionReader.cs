using System.Text;

namespace TalksBot.Core.Search.Languages;

/// <summary>
/// Reads a question asked in Ukrainian or Russian into English through the glossary, word by word and phrase by
/// phrase, in the question's own order ("Що Росія хоче від України?" → "What Russia wants from Ukraine?"), so the English
/// search (BM25 and MiniLM, both English-only) can answer it from the English facts. Words the glossary does not hold
/// stay as typed: the search finds nothing for them, and a capitalised one counts as a name the knowledge does not know.
/// </summary>
public sealed class QuestionReader
{
    /// <summary>The glossary's file in a knowledge directory.</summary>
    public const string GlossaryFile = "glossary.yaml";

    private readonly Glossary _glossary;

    private QuestionReader(Glossary glossary) => _glossary = glossary;

    /// <summary>Reads nothing: every question stays as asked.</summary>
    public static QuestionReader Empty { get; } = new(Glossary.Empty);

    /// <summary>How many words and phrases the glossary reads.</summary>
    public int GlossarySize => _glossary.Count;

    /// <summary>Reads the knowledge directory's glossary; without one, questions stay as asked.</summary>
    /// <exception cref="Knowledge.Yaml.KnowledgeFileException">The glossary is malformed (reported as file:line).</exception>
    public static QuestionReader Load(string knowledgeDirectory)
    {
        var path = Path.Combine(knowledgeDirectory, GlossaryFile);
        return File.Exists(path) ? new QuestionReader(Glossary.Read(path)) : Empty;
    }

    /// <summary>Every English reading the glossary gives.</summary>
    internal IReadOnlySet<string> Readings => _glossary.Readings;

    /// <summary>The question in English: unchanged when it has no Cyrillic letters.</summary>
    public string English(string question)
    {
        if (!CyrillicText.HasCyrillic(question))
        {
            return question;
        }

        var words = CyrillicText.Words(question).ToList();
        var forms = words.Select(w => CyrillicText.Fold(w.Text)).ToList();
        var stems = forms.Select(CyrillicText.Stem).ToList();
        var result = new StringBuilder(question.Length + 16);
        var copiedTo = 0;
        for (var i = 0; i < words.Count;)
        {
            var (length, english) = LongestPhrase(question, words, forms, stems, i);
            if (english is null)
            {
                i++;
                continue;
            }

            result.Append(question, copiedTo, words[i].Start - copiedTo).Append(english);
            copiedTo = words[i + length - 1].End;
            i += length;
        }

        result.Append(question, copiedTo, question.Length - copiedTo);
        return Tidy(result.ToString());
    }

    /// <summary>The longest glossary phrase starting at word <paramref name="first"/>, its words joined only by spaces or hyphens.</summary>
    private (int Length, string? English) LongestPhrase(string question, List<TextWord> words, List<string> forms, List<string> stems, int first)
    {
        for (var length = Math.Min(Glossary.MaxPhraseWords, words.Count - first); length >= 1; length--)
        {
            var last = first + length - 1;
            if (!Adjacent(question, words, first, last))
            {
                continue;
            }

            if (_glossary.EnglishOf(string.Join(' ', forms.Skip(first).Take(length)), string.Join(' ', stems.Skip(first).Take(length))) is { } english)
            {
                return (length, english);
            }
        }

        return (1, null);
    }

    private static bool Adjacent(string question, List<TextWord> words, int first, int last)
    {
        for (var i = first; i < last; i++)
        {
            var gap = question.AsSpan(words[i].End, words[i + 1].Start - words[i].End);
            foreach (var c in gap)
            {
                if (!char.IsWhiteSpace(c) && c is not '-' and not '–')
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Single spaces, no space before punctuation (a word left out leaves none), and a capital to start.</summary>
    private static string Tidy(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                if (builder.Length > 0 && builder[^1] != ' ')
                {
                    builder.Append(' ');
                }

                continue;
            }

            if (c is '?' or '!' or '.' or ',' && builder.Length > 0 && builder[^1] == ' ')
            {
                builder.Length--;
            }

            builder.Append(c);
        }

        if (builder.Length > 0 && char.IsLower(builder[0]))
        {
            builder[0] = char.ToUpperInvariant(builder[0]);
        }

        return builder.ToString().Trim();
    }
}
