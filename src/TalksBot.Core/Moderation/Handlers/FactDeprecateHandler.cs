using TalksBot.Core.Cards;
using TalksBot.Core.Commands;
using TalksBot.Core.Knowledge;

namespace TalksBot.Core.Moderation.Handlers;

/// <summary>/fact deprecate id [superseded_by] — superseded facts leave answers but are never deleted.</summary>
internal sealed class FactDeprecateHandler(FactEditor editor) : ModeratorHandler
{
    public override string Name => "fact deprecate";

    protected override async Task<Reply> HandleModeratorAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var fact = await editor.DeprecateAsync(invocation.Option("id")!, invocation.Option("superseded_by"), invocation.Option("reason"), ActorOf(invocation), cancellationToken).ConfigureAwait(false);
        return ModerationCards.Saved(fact, RevisionAction.Deprecate, editor.Knowledge);
    }
}
