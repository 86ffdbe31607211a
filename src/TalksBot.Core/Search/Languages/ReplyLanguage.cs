using TalksBot.Core.Cards;
using TalksBot.Core.Queries;

namespace TalksBot.Core.Search.Languages;

/// <summary>
/// The /ask reply in the language the question was asked in: answers stay English (the facts are) under one line saying
/// so; refusals ("I don't know that yet", and the replies about times after the knowledge ends) are written in the
/// question's language.
/// </summary>
internal static class ReplyLanguage
{
    private static readonly string[] UkrainianMonths =
        ["січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня", "жовтня", "листопада", "грудня"];

    private static readonly string[] RussianMonths =
        ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"];

    private static readonly ReplyTexts Ukrainian = new(
        AnsweredInEnglish: "Відповідь англійською мовою.",
        DoNotKnowTitle: "Я цього ще не знаю",
        DoNotKnow: echo => $"У моїх знаннях немає нічого, що досить добре відповідає на «{echo}», і я краще скажу про це, ніж гадатиму. " +
            "Я розповідаю про переговори щодо завершення війни Росії проти України: позиції кожної сторони, хронологію подій і джерела.",
        KnowledgeEnds: date => date is { } day ? $"Мої знання закінчуються {day.Day} {UkrainianMonths[day.Month - 1]} {day.Year}" : "Мої знання поки що порожні",
        AfterHorizonTitle: "Це вже після кінця моїх знань",
        AfterHorizon: (ends, shown) => $"{ends}, тож я не можу розповісти, що було пізніше." +
            (shown ? " Нижче — найновіше, що я маю про це, щоб ви бачили, наскільки воно давнє." : ""),
        PastHorizonTitle: "Я не можу відповісти на це за цей період",
        PastHorizon: (ends, echo) => $"{ends}, і ніщо в них до того часу не відповідає на «{echo}». Що сталося після цього, я не знаю.",
        NoDetailTitle: "У мене немає цієї подробиці",
        NoDetail: echo => $"Ніщо в моїх знаннях не дає того, про що питає «{echo}», і я не видаватиму сусідній факт за відповідь. Нижче — найближче, що я маю.",
        UnknownNameTitle: names => $"У мене немає нічого про {names}",
        UnknownName: (names, echo) => $"У моїх знаннях немає нічого про {names}, тож я не можу відповісти на «{echo}» і не відповідатиму чужими словами. " +
            "Я розповідаю про переговори щодо завершення війни Росії проти України: позиції кожної сторони, хронологію подій і джерела.",
        Fields: new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Related (not an answer to the question)"] = "Пов'язане (не відповідь на питання)",
            ["Nearest topics"] = "Найближчі теми (англійською)",
            ["Try"] = "Спробуйте",
            ["Sources"] = "Джерела",
            ["The latest I have (not an answer to the question)"] = "Найновіше, що я маю (не відповідь на питання)",
            ["Nearest I have (not an answer to the question)"] = "Найближче, що я маю (не відповідь на питання)",
        },
        Try: "/topics — усе, про що я знаю; /timeline — що сталося і коли");

    private static readonly ReplyTexts Russian = new(
        AnsweredInEnglish: "Ответ на английском языке.",
        DoNotKnowTitle: "Я этого пока не знаю",
        DoNotKnow: echo => $"В моих знаниях нет ничего, что достаточно хорошо отвечает на «{echo}», и я лучше скажу об этом, чем буду гадать. " +
            "Я рассказываю о переговорах о прекращении войны России против Украины: позиции каждой стороны, хронологию событий и источники.",
        KnowledgeEnds: date => date is { } day ? $"Мои знания заканчиваются {day.Day} {RussianMonths[day.Month - 1]} {day.Year}" : "Мои знания пока пусты",
        AfterHorizonTitle: "Это уже после конца моих знаний",
        AfterHorizon: (ends, shown) => $"{ends}, поэтому я не могу рассказать, что было позже." +
            (shown ? " Ниже — самое новое, что у меня есть об этом, чтобы вы видели, насколько оно давнее." : ""),
        PastHorizonTitle: "Я не могу ответить на это за этот период",
        PastHorizon: (ends, echo) => $"{ends}, и ничто в них до того времени не отвечает на «{echo}». Что случилось после этого, я не знаю.",
        NoDetailTitle: "У меня нет этой подробности",
        NoDetail: echo => $"Ничто в моих знаниях не даёт того, о чём спрашивает «{echo}», и я не стану выдавать соседний факт за ответ. Ниже — ближайшее, что у меня есть.",
        UnknownNameTitle: names => $"У меня нет ничего о {names}",
        UnknownName: (names, echo) => $"В моих знаниях нет ничего о {names}, поэтому я не могу ответить на «{echo}» и не стану отвечать чужими словами. " +
            "Я рассказываю о переговорах о прекращении войны России против Украины: позиции каждой стороны, хронологию событий и источники.",
        Fields: new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Related (not an answer to the question)"] = "Связанное (не ответ на вопрос)",
            ["Nearest topics"] = "Ближайшие темы (на английском)",
            ["Try"] = "Попробуйте",
            ["Sources"] = "Источники",
            ["The latest I have (not an answer to the question)"] = "Самое новое, что у меня есть (не ответ на вопрос)",
            ["Nearest I have (not an answer to the question)"] = "Ближайшее, что у меня есть (не ответ на вопрос)",
        },
        Try: "/topics — всё, о чём я знаю; /timeline — что случилось и когда");

    /// <summary>The reply to <paramref name="answer"/> in its question's language; an English question's reply as it is.</summary>
    public static Reply InQuestionLanguage(Reply reply, AskAnswer answer)
    {
        var texts = LanguageDetector.Detect(answer.Question) switch
        {
            QuestionLanguage.Ukrainian => Ukrainian,
            QuestionLanguage.Russian => Russian,
            _ => null,
        };
        if (texts is null || reply.Cards.Count == 0)
        {
            return reply;
        }

        var card = reply.Cards[0];
        var echo = UserText.Echo(answer.Question);
        var ends = texts.KnowledgeEnds(answer.Knowledge.Horizon);
        card = (answer.Answered, answer.Reason) switch
        {
            (false, AskReason.NoMatch) => Refusal(card, texts, texts.DoNotKnowTitle, texts.DoNotKnow(echo)),
            (false, AskReason.AfterHorizon) => Refusal(card, texts, texts.AfterHorizonTitle, texts.AfterHorizon(ends, answer.Results.Count > 0)),
            (false, AskReason.PastHorizon) => Refusal(card, texts, texts.PastHorizonTitle, texts.PastHorizon(ends, echo)),
            (false, AskReason.NoDetail) => Refusal(card, texts, texts.NoDetailTitle, texts.NoDetail(echo)),
            (false, AskReason.UnknownName) => Refusal(card, texts, texts.UnknownNameTitle(NamesOf(answer)), texts.UnknownName(NamesOf(answer), echo)),
            _ => card with { Description = texts.AnsweredInEnglish + "\n" + card.Description },
        };
        return reply with { Cards = [card, .. reply.Cards.Skip(1)] };
    }

    // The names as the knowledge spells them (Latin script: the facts are English).
    private static string NamesOf(AskAnswer answer) => Commands.Handlers.AskHandler.UnknownNamesOf(answer);

    private static Card Refusal(Card card, ReplyTexts texts, string title, string description) => card with
    {
        Title = title,
        Description = description,
        Fields = card.Fields
            .Select(f => f.Name == "Try" ? f with { Name = texts.Fields[f.Name], Value = texts.Try } : f with { Name = texts.Fields.GetValueOrDefault(f.Name, f.Name) })
            .ToList(),
    };

    private sealed record ReplyTexts(
        string AnsweredInEnglish,
        string DoNotKnowTitle,
        Func<string, string> DoNotKnow,
        Func<DateOnly?, string> KnowledgeEnds,
        string AfterHorizonTitle,
        Func<string, bool, string> AfterHorizon,
        string PastHorizonTitle,
        Func<string, string, string> PastHorizon,
        string NoDetailTitle,
        Func<string, string> NoDetail,
        Func<string, string> UnknownNameTitle,
        Func<string, string, string> UnknownName,
        IReadOnlyDictionary<string, string> Fields,
        string Try);
}
