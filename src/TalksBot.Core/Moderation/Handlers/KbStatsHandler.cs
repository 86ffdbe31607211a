using System.Globalization;
using TalksBot.Core.Cards;
using TalksBot.Core.Commands;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Queries;

namespace TalksBot.Core.Moderation.Handlers;

/// <summary>/kb stats — the knowledge base in numbers: facts by kind and state, sources, changes, questions, feedback.</summary>
internal sealed class KbStatsHandler(IFactStore facts, IFeedbackStore feedbackStore, ISubscriptionStore subscriptions, Intake.IInboxStore inbox, IKnowledgeStorage storage, KnowledgeClock clock) : ModeratorHandler
{
    public override string Name => "kb stats";

    protected override async Task<Reply> HandleModeratorAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var knowledge = facts.Snapshot;
        var current = knowledge.Facts.Where(f => f.IsCurrent).ToList();
        var byKind = string.Join(", ", current.GroupBy(f => f.Kind).OrderBy(g => g.Key).Select(g => $"{g.Count()} {Plural(g.Key)}"));
        var (revisions, moderatorChanges, latest) = await facts.RevisionSummaryAsync(cancellationToken).ConfigureAwait(false);
        var unanswered = await feedbackStore.UnansweredAsync(int.MaxValue, cancellationToken).ConfigureAwait(false);
        var feedback = await feedbackStore.FeedbackAsync(cancellationToken).ConfigureAwait(false);
        var channels = (await subscriptions.ListAsync(cancellationToken).ConfigureAwait(false)).Count;
        var size = await storage.SizeAsync(cancellationToken).ConfigureAwait(false);
        var news = await inbox.CountsAsync(cancellationToken).ConfigureAwait(false);
        var fields = new List<CardField>
        {
            new("Facts", $"{current.Count} current ({byKind})\n{knowledge.Facts.Count(f => f.Rank == FactRank.Deprecated && f.Status == FactStatus.Active)} deprecated · {knowledge.Facts.Count(f => f.Status == FactStatus.Retracted)} retracted", Inline: true),
            new("Knowledge ends on", KnowledgeFreshness.Horizon(knowledge.Horizon, clock.Today), Inline: true),
            new("Reference", $"{knowledge.Parties.Count} parties · {knowledge.Topics.Count} topics · {knowledge.Sources.Count} sources", Inline: true),
            new("Changes", $"{revisions} revisions, {moderatorChanges} by moderators" + (latest is null ? "" : string.Create(CultureInfo.InvariantCulture, $"\nLatest: {latest.FactId} ({latest.Action.ToString().ToLowerInvariant()} by {latest.Who}, {latest.When:yyyy-MM-dd HH:mm} UTC)"))),
            new("Members", $"{unanswered.Sum(q => q.Count)} unanswered questions ({unanswered.Count} different) · {feedback.Sum(f => f.Helpful)} helpful / {feedback.Sum(f => f.NotHelpful)} not helpful", Inline: true),
            new("Updates", $"{channels} subscribed channels · database {size / 1024.0 / 1024.0:0.0} MB", Inline: true),
            new("Inbox", $"{news.ItemsFetched} items fetched from {news.Feeds} feeds · {news.Open} open · {news.Drafted} drafted · {news.Updated} updated · {news.Dismissed} dismissed · {news.FeedErrors} feed errors" +
                (news.FailingFeeds > 0 ? $" ({news.FailingFeeds} feeds failing now)" : ""), Inline: true),
        };
        return new Reply(
            [new Card { Title = "Knowledge base", Fields = fields, Footer = FactCards.Footer(knowledge.AsOf, "/kb unanswered shows what members could not find"), Tone = CardTone.Info }],
            [new ReplyButton("Unanswered questions", "/kb unanswered")],
            Ephemeral: true);
    }

    private static string Plural(FactKind kind) => kind switch
    {
        FactKind.Position => "positions",
        FactKind.Event => "events",
        FactKind.Context => "background",
        FactKind.Person => "people",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
