using System.Globalization;
using TalksBot.Core.Cards;
using TalksBot.Core.Commands;
using TalksBot.Core.Knowledge;

namespace TalksBot.Core.Moderation.Handlers;

/// <summary>/fact edit id — opens a form filled in with the current fact; the save is checked against the revision it started from.</summary>
internal sealed class FactEditHandler(FactEditor editor, Intake.IInboxStore inbox, TimeProvider time) : ModeratorHandler
{
    private static readonly string[] ContentOptions = ["text", "source_url", "source_title", "as_of", "reason"];

    public override string Name => "fact edit";

    protected override async Task<Reply> HandleModeratorAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var fact = editor.Find(invocation.Option("id"));
        if (ContentOptions.All(o => invocation.Option(o) is null))
        {
            var sources = editor.Knowledge.SourcesOf(fact);
            var source = sources.Count > 0 ? sources[0] : null;
            var carried = new Dictionary<string, string>
            {
                ["id"] = fact.Id,
                ["revision"] = fact.Revision.ToString(CultureInfo.InvariantCulture),
            };
            var fields = FactForms.Fields(fact.Text, source?.Url, source?.Title, FactCards.Date(fact.AsOf), withReason: true);
            return Reply.OpenForm(new ReplyForm(Name, "Edit fact", fields, carried));
        }

        var draft = new FactDraft(invocation.Option("text"), invocation.Option("source_url"), invocation.Option("source_title"), invocation.Option("as_of")) { SourcePublisher = await InboxActionHandler.SourceOutletAsync(inbox, invocation, cancellationToken).ConfigureAwait(false) };
        var fromInbox = invocation.Option("inbox");
        var saved = await editor.EditAsync(fact.Id, draft, invocation.Option("reason"), FactEditor.Number(invocation.Option("revision"), "revision"), ActorOf(invocation), addSource: fromInbox is not null, cancellationToken).ConfigureAwait(false);
        if (fromInbox is not null)
        {
            await InboxActionHandler.MarkDecidedAsync(inbox, fromInbox, Intake.CandidateStatus.Updated, ActorOf(invocation), saved.Id, time, cancellationToken).ConfigureAwait(false);
        }

        return ModerationCards.Saved(saved, RevisionAction.Edit, editor.Knowledge);
    }
}
