using TalksBot.Core.Cards;
using TalksBot.Core.Commands;
using TalksBot.Core.Knowledge;

namespace TalksBot.Core.Moderation.Handlers;

/// <summary>/fact add topic [party] — opens a form for the text and source, or saves at once when the text is given.</summary>
internal sealed class FactAddHandler(FactEditor editor, Intake.IInboxStore inbox, TimeProvider time) : ModeratorHandler
{
    public override string Name => "fact add";

    protected override async Task<Reply> HandleModeratorAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var topic = invocation.Option("topic")!;
        var party = invocation.Option("party");
        var text = invocation.Option("text");
        if (text is null)
        {
            var carried = new Dictionary<string, string> { ["topic"] = topic };
            if (party is not null)
            {
                carried["party"] = party;
            }

            return Reply.OpenForm(new ReplyForm(Name, "Add a fact", FactForms.Fields(null, invocation.Option("source_url"), invocation.Option("source_title"), invocation.Option("as_of") ?? FactCards.Date(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)), withReason: false), carried));
        }

        var draft = new FactDraft(text, invocation.Option("source_url"), invocation.Option("source_title"), invocation.Option("as_of")) { SourcePublisher = await InboxActionHandler.SourceOutletAsync(inbox, invocation, cancellationToken).ConfigureAwait(false) };
        var fromInbox = invocation.Option("inbox");
        var fact = await editor.AddAsync(topic, party, draft, ActorOf(invocation), fromInbox is null ? null : $"from inbox item {fromInbox}", cancellationToken).ConfigureAwait(false);
        if (fromInbox is not null)
        {
            await InboxActionHandler.MarkDecidedAsync(inbox, fromInbox, Intake.CandidateStatus.Drafted, ActorOf(invocation), fact.Id, time, cancellationToken).ConfigureAwait(false);
        }

        return ModerationCards.Saved(fact, RevisionAction.Create, editor.Knowledge);
    }
}
