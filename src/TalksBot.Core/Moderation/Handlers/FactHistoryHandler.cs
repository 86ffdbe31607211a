using TalksBot.Core.Cards;
using TalksBot.Core.Commands;
using TalksBot.Core.Knowledge;

namespace TalksBot.Core.Moderation.Handlers;

/// <summary>/fact history id [page] — every revision, newest first: who, when, what changed.</summary>
internal sealed class FactHistoryHandler(FactEditor editor, IFactStore store) : ModeratorHandler
{
    public override string Name => "fact history";

    protected override async Task<Reply> HandleModeratorAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var fact = editor.Find(invocation.Option("id"));
        var page = FactEditor.Number(invocation.Option("page"), "page") ?? 1;
        var history = await store.HistoryAsync(fact.Id, cancellationToken).ConfigureAwait(false);
        return ModerationCards.History(fact, history, Math.Max(1, page));
    }
}
