using System.Collections.Frozen;

namespace TalksBot.Core.Search.Languages;

/// <summary>The languages questions are taken in. Answers come from English facts.</summary>
public enum QuestionLanguage
{
    English,
    Ukrainian,
    Russian,
}

/// <summary>
/// Tells Ukrainian, Russian and English apart from the script and a small word list (no model): letters only one of
/// the two Cyrillic alphabets has (і ї є ґ and the apostrophe; ы э ъ ё) and common words only one language uses ("що",
/// "чи", "який"; "что", "ли", "какой"). A text of mostly Latin words is English.
/// </summary>
public static class LanguageDetector
{
    private static readonly FrozenSet<string> UkrainianWords = new[]
    {
        "що", "чи", "як", "який", "яка", "яке", "які", "якої", "якого", "хто", "де", "коли", "чому", "навіщо", "скільки",
        "та", "але", "або", "від", "це", "цей", "ця", "ці", "він", "вона", "воно", "вони", "ми", "ви", "з", "із", "зі",
        "щодо", "хоче", "хочуть", "буде", "було", "була", "були", "можна", "може", "після", "між", "також", "ще", "вже",
        "тепер", "зараз", "сьогодні", "його", "її", "їх", "ні", "й", "є", "чого", "кого", "котрий", "саме",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> RussianWords = new[]
    {
        "что", "ли", "как", "какой", "какая", "какое", "какие", "какого", "кто", "где", "когда", "почему", "зачем", "сколько",
        "это", "этот", "эта", "эти", "он", "она", "оно", "они", "мы", "вы", "с", "со", "о", "об", "будет", "было", "была",
        "были", "можно", "может", "после", "между", "также", "еще", "ещё", "уже", "теперь", "сейчас", "сегодня", "его",
        "её", "ее", "их", "нет", "и", "да", "или", "но", "от", "хочет", "хотят", "чего", "кого", "который", "именно",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The language most of the text's words are in; Cyrillic with nothing only Ukrainian has reads as Russian.</summary>
    public static QuestionLanguage Detect(string text)
    {
        int latin = 0, cyrillic = 0, ukrainian = 0, russian = 0;
        foreach (var word in CyrillicText.Words(text))
        {
            var value = word.Text.ToLowerInvariant();
            if (!value.Any(CyrillicText.IsCyrillic))
            {
                latin += value.Any(char.IsLetter) ? 1 : 0;
                continue;
            }

            cyrillic++;
            if (value.Any(c => c is 'і' or 'ї' or 'є' or 'ґ') || word.HasApostrophe || UkrainianWords.Contains(value))
            {
                ukrainian++;
            }

            if (value.Any(c => c is 'ы' or 'э' or 'ъ' or 'ё') || RussianWords.Contains(value))
            {
                russian++;
            }
        }

        if (cyrillic == 0 || latin > cyrillic)
        {
            return QuestionLanguage.English;
        }

        // Almost every Ukrainian sentence has an і, ї or є; Cyrillic without any is most likely Russian.
        return ukrainian > russian ? QuestionLanguage.Ukrainian : QuestionLanguage.Russian;
    }
}
