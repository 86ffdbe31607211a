namespace TalksBot.Core.Cards;

/// <summary>
/// What a button does when pressed: a command line ("/sources territory"), or feedback on the fact an answer rests on
/// ("feedback:helpful:&lt;fact id&gt;"). Adapters carry the action in the platform's button id and hand it back here.
/// </summary>
public static class ButtonActions
{
    private const string HelpfulPrefix = "feedback:helpful:";
    private const string NotHelpfulPrefix = "feedback:unhelpful:";

    public static string Helpful(string factId) => HelpfulPrefix + factId;

    public static string NotHelpful(string factId) => NotHelpfulPrefix + factId;

    private const string SharePrefix = "share:";

    /// <summary>
    /// "Share in channel" under a check of a message: the message to answer under (the adapter's reference), the facts
    /// shown by their <see cref="Knowledge.FactKeys"/>, and the superseded fact the message quoted, if any. Short enough
    /// for Discord's 100-character custom ids.
    /// </summary>
    public static string Share(string message, IReadOnlyList<string> factKeys, string? quotedKey) =>
        $"{SharePrefix}{message}:{string.Join(',', factKeys)}" + (quotedKey is null ? "" : $":{quotedKey}");

    public static bool TryParseShare(string action, out string message, out string factKeys, out string? quotedKey)
    {
        (message, factKeys, quotedKey) = ("", "", null);
        if (!action.StartsWith(SharePrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = action[SharePrefix.Length..].Split(':');
        if (parts.Length is < 2 or > 3 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            return false;
        }

        (message, factKeys, quotedKey) = (parts[0], parts[1], parts.Length == 3 ? parts[2] : null);
        return true;
    }

    public static bool IsCommand(string action) => action.StartsWith('/');

    public static bool TryParseFeedback(string action, out string factId, out bool helpful)
    {
        if (action.StartsWith(HelpfulPrefix, StringComparison.Ordinal))
        {
            (factId, helpful) = (action[HelpfulPrefix.Length..], true);
            return factId.Length > 0;
        }

        if (action.StartsWith(NotHelpfulPrefix, StringComparison.Ordinal))
        {
            (factId, helpful) = (action[NotHelpfulPrefix.Length..], false);
            return factId.Length > 0;
        }

        (factId, helpful) = ("", false);
        return false;
    }
}
