using System.Text;

namespace TalksBot.Core.Search.Languages;

/// <summary>A word of a text: where it stands, as typed, and whether an apostrophe joins its letters (перемир'я).</summary>
internal readonly record struct TextWord(int Start, int Length, string Text, bool HasApostrophe)
{
    public int End => Start + Length;
}

/// <summary>
/// Words, folding and light stemming for Ukrainian and Russian, so that "України", "Україну" and "Україні" all meet
/// "Україна". The stemmer strips one inflectional ending (after a reflexive -ся/-сь), keeping at least three letters;
/// it is applied alike to the glossary's words and to a question's, so a form it leaves whole still matches itself,
/// and the glossary lists the forms it cannot join (Київ/Києва).
/// </summary>
internal static class CyrillicText
{
    private const int MinimumStem = 3;

    /// <summary>Shorter words keep a final -ся/-сь: колись ("ever") is not a verb.</summary>
    private const int MinimumReflexive = 8;

    // Case endings of nouns and adjectives and the commonest verb endings of both languages, after folding (ї → і).
    // Not -ов/-ев: they would cut the surnames (Лавров, Песков) short of their other cases (Лаврова).
    private static readonly string[] Endings = SortedLongestFirst(
    [
        "ість", "ості", "істю", "ость", "ости", "остью", "іями", "иями", "ями", "іях", "оі", "ами", "ией", "ією", "ого", "его", "ому", "ему", "ими", "ыми", "іми", "ові", "еві", "уть", "ють",
        "ать", "ять", "ить", "еть", "іть", "ах", "ях", "ом", "ем", "ам", "ям", "ою", "ею", "єю", "ой", "ей", "ий", "ый",
        "ій", "ая", "яя", "ое", "ее", "ие", "ые", "ых", "их", "іх", "ым", "им", "ім", "ую", "юю", "ия", "ии", "ию", "ія",
        "іі", "ію", "ья", "ьи", "ью", "ье", "ів", "ут", "ют", "ат", "ят", "ет", "ит", "ть", "ти", "ла", "ло", "ли",
        "а", "я", "о", "е", "є", "і", "и", "ы", "у", "ю", "ь",
    ]);

    /// <summary>True for a letter of the Cyrillic block (Ukrainian and Russian letters among them).</summary>
    public static bool IsCyrillic(char c) => c is >= '\u0400' and <= '\u04FF';

    public static bool HasCyrillic(string text) => text.Any(IsCyrillic);

    /// <summary>
    /// The words of a text: runs of letters and digits, with an apostrophe (' ’ ʼ `) between two letters kept inside the
    /// word. Hyphens separate words, so "Абу-Дабі" and "Абу Дабі" read alike.
    /// </summary>
    public static IEnumerable<TextWord> Words(string text)
    {
        var start = -1;
        var apostrophe = false;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            var inWord = char.IsLetterOrDigit(c) && c != 'ʼ';
            var joins = start >= 0 && IsApostrophe(c) && i + 1 < text.Length && char.IsLetter(text[i + 1]) && char.IsLetter(text[i - 1]);
            if (inWord || joins)
            {
                if (start < 0)
                {
                    start = i;
                    apostrophe = false;
                }

                apostrophe |= joins;
            }
            else if (start >= 0)
            {
                yield return new TextWord(start, i - start, text[start..i], apostrophe);
                start = -1;
            }
        }
    }

    /// <summary>
    /// Lower case, ё → е, ї → і, ґ → г, apostrophes dropped, and a Latin i typed inside a Cyrillic word (a Russian
    /// keyboard has no і) read as the Cyrillic letter.
    /// </summary>
    public static string Fold(string word)
    {
        var cyrillic = HasCyrillic(word);
        var builder = new StringBuilder(word.Length);
        foreach (var c in word.ToLowerInvariant())
        {
            if (IsApostrophe(c))
            {
                continue;
            }

            builder.Append(c switch
            {
                'ё' => 'е',
                'ї' => 'і',
                'ґ' => 'г',
                'i' when cyrillic => 'і',
                _ => c,
            });
        }

        return builder.ToString();
    }

    /// <summary>The folded word without its reflexive suffix and one inflectional ending; short words stay whole.</summary>
    public static string Stem(string folded)
    {
        if (!HasCyrillic(folded))
        {
            return folded;
        }

        var word = folded;
        if (word.Length >= MinimumReflexive && (word.EndsWith("ся", StringComparison.Ordinal) || word.EndsWith("сь", StringComparison.Ordinal)))
        {
            word = word[..^2];
        }

        foreach (var ending in Endings)
        {
            if (word.Length - ending.Length >= MinimumStem && word.EndsWith(ending, StringComparison.Ordinal))
            {
                return word[..^ending.Length];
            }
        }

        return word;
    }

    /// <summary>The lookup key of a word as typed: folded and stemmed.</summary>
    public static string Key(string word) => Stem(Fold(word));

    private static bool IsApostrophe(char c) => c is '\'' or '’' or 'ʼ' or '`' or '‘';

    private static string[] SortedLongestFirst(string[] endings) =>
        [.. endings.Distinct(StringComparer.Ordinal).OrderByDescending(e => e.Length)];
}
