using TalksBot.Core.Cards;
using TalksBot.Core.Commands;
using TalksBot.Core.Knowledge;

namespace TalksBot.Core.Moderation.Handlers;

/// <summary>/fact retract id reason — the fact leaves every answer at once and stays in the history.</summary>
internal sealed class FactRetractHandler(FactEditor editor) : ModeratorHandler
{
    public override string Name => "fact retract";

    protected override async Task<Reply> HandleModeratorAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var fact = await editor.RetractAsync(invocation.Option("id")!, invocation.Option("reason"), ActorOf(invocation), cancellationToken).ConfigureAwait(false);
        return ModerationCards.Saved(fact, RevisionAction.Retract, editor.Knowledge);
    }
}
