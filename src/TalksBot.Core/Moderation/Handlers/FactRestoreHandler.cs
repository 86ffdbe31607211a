using TalksBot.Core.Cards;
using TalksBot.Core.Commands;
using TalksBot.Core.Knowledge;

namespace TalksBot.Core.Moderation.Handlers;

/// <summary>/fact restore id [revision] — undo: the last current revision, or the one named, becomes a new revision.</summary>
internal sealed class FactRestoreHandler(FactEditor editor) : ModeratorHandler
{
    public override string Name => "fact restore";

    protected override async Task<Reply> HandleModeratorAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var (fact, restored) = await editor.RestoreAsync(invocation.Option("id")!, invocation.Option("revision"), ActorOf(invocation), cancellationToken).ConfigureAwait(false);
        return ModerationCards.Saved(fact, RevisionAction.Restore, editor.Knowledge, restored);
    }
}
