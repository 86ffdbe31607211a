using TalksBot.Core.Cards;
using TalksBot.Core.Commands;

namespace TalksBot.Core.Moderation.Handlers;

/// <summary>/fact show id — the fact in full, current or not, with buttons to edit it and see its history.</summary>
internal sealed class FactShowHandler(FactEditor editor) : ModeratorHandler
{
    public override string Name => "fact show";

    protected override Task<Reply> HandleModeratorAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var fact = editor.Find(invocation.Option("id"));
        return Task.FromResult(new Reply(
            [ModerationCards.FactCard(fact, editor.Knowledge)],
            [
                new ReplyButton("Edit", $"/fact edit {fact.Id}", ButtonKind.Primary),
                new ReplyButton("History", $"/fact history {fact.Id}"),
            ],
            Ephemeral: true));
    }
}
