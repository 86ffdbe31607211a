namespace TalksBot.Core.Knowledge;

/// <summary>How every store keeps an unanswered question: the text as asked (bounded) and the key it is counted under.</summary>
internal static class UnansweredQuestionText
{
    private const int MaxStoredLength = 500;

    /// <summary>
    /// The text to store (trimmed, at most 500 characters) and its key (lower case, spaces folded, closing punctuation
    /// dropped: "Who leads?" and "who  leads" are one question); null for a blank question.
    /// </summary>
    public static (string Text, string Key)? Prepare(string question)
    {
        var text = question.Trim();
        if (text.Length == 0)
        {
            return null;
        }

        text = text.Length > MaxStoredLength ? text[..MaxStoredLength] : text;
        var key = string.Join(' ', text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).TrimEnd('?', '!', '.', ' ');
        return (text, key);
    }

    /// <summary>The key of one member's verdict on one fact: a second press replaces the first.</summary>
    public static string FeedbackKey(string platform, string userId, string factId) => $"{platform}:{userId}:{factId}";
}
