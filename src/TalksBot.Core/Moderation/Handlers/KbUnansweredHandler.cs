using System.Globalization;
using TalksBot.Core.Cards;
using TalksBot.Core.Commands;
using TalksBot.Core.Knowledge;

namespace TalksBot.Core.Moderation.Handlers;

/// <summary>/kb unanswered — the questions asked most often that TalksBot could not answer, and the answers members marked not helpful.</summary>
internal sealed class KbUnansweredHandler(IFactStore facts, IFeedbackStore feedback) : ModeratorHandler
{
    public const int MaxShown = 10;

    public override string Name => "kb unanswered";

    protected override async Task<Reply> HandleModeratorAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var questions = await feedback.UnansweredAsync(MaxShown, cancellationToken).ConfigureAwait(false);
        var unhelpful = (await feedback.FeedbackAsync(cancellationToken).ConfigureAwait(false)).Where(f => f.NotHelpful > 0).Take(MaxShown).ToList();
        var questionLines = questions.Count == 0
            ? "None so far."
            : string.Join("\n", questions.Select(q => string.Create(CultureInfo.InvariantCulture, $"• {q.Count}× “{UserText.Echo(q.Text, 150)}” (last {q.LastAsked:yyyy-MM-dd}, {q.Platform})")));
        var factLines = unhelpful.Count == 0
            ? "None so far."
            : string.Join("\n", unhelpful.Select(f => $"• {f.FactId}: {f.NotHelpful} not helpful, {f.Helpful} helpful" + (facts.Snapshot.FactsById.TryGetValue(f.FactId, out var fact) && !fact.IsCurrent ? " (no longer current)" : "")));
        return new Reply(
            [new Card
            {
                Title = "What members could not find",
                Fields =
                [
                    new CardField("Unanswered questions, most asked first", questionLines),
                    new CardField("Answers marked not helpful", factLines),
                ],
                Footer = "Add a fact with /fact add, or correct one with /fact edit",
                Tone = CardTone.Info,
            }],
            [],
            Ephemeral: true);
    }
}
