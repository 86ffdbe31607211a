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
