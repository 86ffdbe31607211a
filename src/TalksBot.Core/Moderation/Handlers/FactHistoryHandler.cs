using TalksBot.Core.Cards;
using TalksBot.Core.Commands;
using TalksBot.Core.Knowledge;

namespace TalksBot.Core.Moderation.Handlers;

/// <summary>/fact history id [page] — every revision, newest first: who, when, what changed.</summary>
internal sealed class FactHistoryHandler(FactEditor editor, KnowledgeStore store) : ModeratorHandler
{
    public override string Name => "fact history";

    protected override Task<Reply> HandleModeratorAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var fact = editor.Find(invocation.Option("id"));
        var page = FactEditor.Number(invocation.Option("page"), "page") ?? 1;
        return Task.FromResult(ModerationCards.History(fact, store.History(fact.Id), Math.Max(1, page)));
    }
}
