using Microsoft.Extensions.Logging;
using TalksBot.Core.Cards;
using TalksBot.Core.Knowledge;

namespace TalksBot.Core.Commands.Handlers;

/// <summary>
/// A press of Helpful / Not helpful under an answer: stored for moderators (a second press by the same member replaces
/// the first) and thanked. Buttons carry the fact id, so an id TalksBot does not know is refused, not stored.
/// </summary>
/// <remarks>The member is thanked whether or not the store takes the verdict (a full disk): a verdict is worth a log line, never an error.</remarks>
public sealed class FeedbackHandler(IFactStore facts, IFeedbackStore feedback, ILogger<FeedbackHandler> logger) : ICommandHandler
{
    public const string Helpful = "helpful";
    public const string Unhelpful = "unhelpful";

    public string Name => "feedback";

    public async Task<Reply> HandleAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var factId = invocation.Option("fact") ?? "";
        var verdict = invocation.Option("verdict")?.ToLowerInvariant();
        if (verdict is not (Helpful or Unhelpful))
        {
            return Reply.Error("Feedback not stored", $"“{UserText.Echo(verdict)}” is not a verdict; a feedback button says {Helpful} or {Unhelpful}.");
        }

        if (!facts.Snapshot.FactsById.ContainsKey(factId))
        {
            return Reply.Error("Feedback not stored", $"TalksBot has no fact “{UserText.Echo(factId)}”, so there is no answer to rate. Ask again and rate the new answer.");
        }

        var helpful = verdict == Helpful;
        try
        {
            await feedback.RecordFeedbackAsync(factId, helpful, invocation.Caller.UserId, invocation.Platform, cancellationToken).ConfigureAwait(false);
        }
        catch (KnowledgeStorageException exception)
        {
            Log.MemberSignalNotRecorded(logger, "feedback", invocation.Platform, exception.Message);
        }

        return new Reply(
            [new Card { Title = "Thanks for the feedback", Description = helpful ? "Glad it helped." : "Noted: moderators review answers marked not helpful.", Tone = CardTone.Info }],
            [],
            Ephemeral: true);
    }
}
