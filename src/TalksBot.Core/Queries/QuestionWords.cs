using System.Collections.Frozen;

namespace TalksBot.Core.Queries;

/// <summary>
/// What a question asks beyond its time: whether anything is left once the general words are gone ("what happened
/// in the talks?" asks for no particular subject), and whether it is a yes-or-no question ("Did … ?").
/// </summary>
internal static class QuestionWords
{
    // Question words, auxiliaries, articles and prepositions, and the words every question about the talks uses.
    private static readonly FrozenSet<string> General = new[]
    {
        "a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for", "from", "with", "about", "by", "over", "during",
        "what", "whats", "what's", "which", "who", "when", "where", "how", "why", "is", "are", "was", "were", "be", "been",
        "being", "do", "does", "did", "has", "have", "had", "will", "would", "can", "could", "should", "shall", "there",
        "it", "its", "that", "this", "these", "those", "any", "anything", "something", "me", "us", "you", "tell", "give",
        "show", "know", "happen", "happened", "happening", "happens", "going", "go", "goes", "on", "new", "news", "up",
        "update", "updates", "development", "developments", "event", "events", "talks", "talk", "peace", "process",
        "negotiations", "negotiation", "negotiating", "situation", "state", "things", "thing", "stand", "stands",
        "agreed", "agree", "decided", "discussed", "said", "say", "done", "took", "take", "place", "so", "far", "all",
        "latest", "recent", "recently", "current", "currently", "now", "please", "lately", "anymore", "yet", "again",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> ClosedOpenings = new[]
    {
        "did", "does", "do", "has", "have", "had", "is", "are", "was", "were", "will", "would", "can", "could",
        "should", "shall", "may", "might", "must",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    // Words that ask what a party itself wants, would do or holds.
    private static readonly FrozenSet<string> StanceWords = new[]
    {
        "willing", "ready", "prepared", "accept", "agree", "abandon", "give", "drop", "want", "wants", "demand", "demands",
        "insist", "support", "oppose", "reject", "refuse", "offer", "propose", "position", "stance", "view", "think",
        "say", "said", "plan", "intend", "open", "recognise", "recognize", "cede", "allow", "send", "put", "join", "would",
        "thinks", "believe", "believes", "plans", "intends", "offers", "proposes", "rejects", "opposes", "supports",
        "accepts", "insists", "refuses", "views", "feel", "feels",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when the question asks about a party's own stance ("Is Ukraine willing to …?", "What does Russia want?").</summary>
    public static bool AsksForAStance(string question) => Words(question).Any(StanceWords.Contains);

    /// <summary>True when the question names no subject of its own: only general words are left.</summary>
    public static bool IsGeneral(string question) => Words(question).All(General.Contains);

    /// <summary>True for a yes-or-no question: it opens with an auxiliary ("Did Ukraine hold …?", "Has a ceasefire …?").</summary>
    public static bool IsClosed(string question) => Words(question).FirstOrDefault() is { } first && ClosedOpenings.Contains(first);

    private static IEnumerable<string> Words(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '\'' or '’');
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                yield return text[start..i].Replace('’', '\'').Trim('\'');
                start = -1;
            }
        }
    }
}
