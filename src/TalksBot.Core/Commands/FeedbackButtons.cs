using TalksBot.Core.Cards;
using TalksBot.Core.Knowledge;

namespace TalksBot.Core.Commands;

/// <summary>Stores a press of Helpful / Not helpful under an answer and thanks the member; the same on every platform.</summary>
public sealed class FeedbackButtons(KnowledgeStore store)
{
    /// <summary>The thank-you reply when the action is feedback (after storing it), otherwise null.</summary>
    public Reply? TryRecord(string action, CommandCaller caller, string platform)
    {
        if (!ButtonActions.TryParseFeedback(action, out var factId, out var helpful))
        {
            return null;
        }

        store.RecordFeedback(factId, helpful, caller.UserId, platform);
        return new Reply(
            [new Card { Title = "Thanks for the feedback", Description = helpful ? "Glad it helped." : "Noted: moderators review answers marked not helpful.", Tone = CardTone.Info }],
            [],
            Ephemeral: true);
    }
}
