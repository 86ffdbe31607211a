using Microsoft.Extensions.Logging;
using TalksBot.Core.Cards;
using TalksBot.Core.Knowledge;

namespace TalksBot.Core.Commands;

/// <summary>Stores a press of Helpful / Not helpful under an answer and thanks the member; the same on every platform.</summary>
public sealed class FeedbackButtons(IFeedbackStore store, ILogger<FeedbackButtons> logger)
{
    /// <summary>The thank-you reply when the action is feedback (its storing started), otherwise null.</summary>
    /// <remarks>The member is thanked whether or not the store takes the verdict (a full disk): a verdict is worth a log line, never an error.</remarks>
    public Reply? TryRecord(string action, CommandCaller caller, string platform)
    {
        if (!ButtonActions.TryParseFeedback(action, out var factId, out var helpful))
        {
            return null;
        }

        _ = RecordAsync(factId, helpful, caller.UserId, platform);
        return new Reply(
            [new Card { Title = "Thanks for the feedback", Description = helpful ? "Glad it helped." : "Noted: moderators review answers marked not helpful.", Tone = CardTone.Info }],
            [],
            Ephemeral: true);
    }

    private async Task RecordAsync(string factId, bool helpful, string userId, string platform)
    {
        try
        {
            await store.RecordFeedbackAsync(factId, helpful, userId, platform).ConfigureAwait(false);
        }
        catch (KnowledgeStorageException exception)
        {
            Log.MemberSignalNotRecorded(logger, "feedback", platform, exception.Message);
        }
    }
}
