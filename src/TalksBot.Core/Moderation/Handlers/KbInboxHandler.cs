using TalksBot.Core.Cards;
using TalksBot.Core.Commands;
using TalksBot.Core.Intake;
using TalksBot.Core.Knowledge;
using Microsoft.Extensions.Options;

namespace TalksBot.Core.Moderation.Handlers;

/// <summary>/kb inbox [page]: the open news candidates, newest and most relevant first, each with its actions.</summary>
internal sealed class KbInboxHandler(IInboxStore inbox, IFactStore facts, IOptions<IntakeOptions> options) : ModeratorHandler
{
    /// <summary>Candidates on one page: three buttons each stay within Discord's 25.</summary>
    public const int PageSize = 5;

    public override string Name => "kb inbox";

    protected override async Task<Reply> HandleModeratorAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var page = invocation.Page() ?? throw new ModerationException("Which page?", "A page is a number from 1, e.g. /kb inbox page:2.");
        var open = await inbox.OpenAsync(PageSize * page + 1, cancellationToken).ConfigureAwait(false);
        var shown = open.Skip(PageSize * (page - 1)).Take(PageSize).ToList();
        if (shown.Count == 0)
        {
            var feeds = options.Value.Feeds.Count;
            return new Reply(
                [new Card
                {
                    Title = "The inbox is empty",
                    Description = feeds == 0
                        ? "No news feeds are configured (Intake:Feeds in the settings), so nothing comes in yet. README's “Inbox” section suggests some."
                        : page > 1 ? $"There is no page {page}." : $"Nothing new from the {feeds} watched feeds that relates to the knowledge. Candidates appear here as the feeds publish.",
                    Tone = CardTone.Info,
                }],
                [],
                Ephemeral: true);
        }

        var first = PageSize * (page - 1) + 1;
        var cards = shown.Select((c, i) => InboxCards.Candidate(c, facts.Snapshot, first + i)).ToList();
        var buttons = shown.SelectMany((c, i) => InboxCards.Actions(c, first + i)).ToList();
        if (open.Count > PageSize * page)
        {
            buttons.Add(new ReplyButton("More", $"/kb inbox page:{page + 1}"));
        }

        return new Reply(cards, buttons, Ephemeral: true);
    }
}

/// <summary>
/// A moderator's decision on a candidate (the inbox's buttons): Draft opens /fact add prefilled from the story,
/// Update opens /fact edit of the nearest fact with the story's source added, Dismiss asks for an optional reason and
/// remembers it, so the story never comes back.
/// </summary>
internal sealed class InboxActionHandler(IInboxStore inbox, IFactStore facts, TimeProvider time) : ModeratorHandler
{
    public override string Name => "inbox";

    protected override async Task<Reply> HandleModeratorAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var id = invocation.Option("id")!;
        var candidate = await inbox.FindAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new ModerationException("Not in the inbox", $"There is no inbox item “{UserText.Echo(id, 24)}”. /kb inbox lists the open ones.");
        if (candidate.Status != CandidateStatus.Open)
        {
            throw new ModerationException("Already decided", $"{candidate.DecidedBy ?? "A moderator"} already {Describe(candidate.Status)} this item{(candidate.FactId is { } fact ? $" ({fact})" : "")}.");
        }

        var source = candidate.Sources[0];
        // The outlet is not carried: a Discord form keeps at most 100 characters, which a long fact id nearly fills. The
        // save finds it again from the item (SourceOutletAsync).
        var carried = new Dictionary<string, string> { ["inbox"] = candidate.Id };
        switch (invocation.Option("action")!.ToLowerInvariant())
        {
            case "draft":
                carried["topic"] = candidate.TopicId ?? throw new ModerationException("No topic", "This item suggests no topic; add the fact with /fact add and pick one.");
                if (candidate.PartyId is { } party)
                {
                    carried["party"] = party;
                }

                return Reply.OpenForm(new ReplyForm(
                    "fact add",
                    "Add a fact from the news",
                    FactForms.Fields(null, source.Url, source.Headline, FactCards.Date(candidate.Date), withReason: false),
                    carried));
            case "update":
                var nearest = candidate.Nearest.Count > 0 && facts.Snapshot.FactsById.TryGetValue(candidate.Nearest[0].FactId, out var found) && found.IsCurrent
                    ? found
                    : throw new ModerationException("Nothing to update", "The fact this item was near is no longer current. Draft a new fact from it instead.");
                carried["id"] = nearest.Id;
                carried["revision"] = nearest.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var fields = FactForms.Fields(nearest.Text, source.Url, source.Headline, FactCards.Date(candidate.Date), withReason: true)
                    .Select(f => f.Option == "reason" ? f with { Value = $"New source from inbox item {candidate.Id}" } : f)
                    .ToList();
                return Reply.OpenForm(new ReplyForm("fact edit", $"Update {Short(nearest.Id)}", fields, carried));
            case "dismiss":
                // The button asks for the optional reason; the form's submission ("dismissed") decides.
                return Reply.OpenForm(new ReplyForm(
                    Name,
                    "Dismiss this news item",
                    [new FormField("reason", "Why (optional, kept for moderators)", null, MaxLength: Commands.CommandCatalog.MaxReasonLength, Placeholder: "e.g. not about the talks")],
                    new Dictionary<string, string> { ["action"] = "dismissed", ["id"] = candidate.Id }));
            case "dismissed":
                await inbox.SaveAsync(candidate with
                {
                    Status = CandidateStatus.Dismissed,
                    DecidedBy = ActorOf(invocation).ToString(),
                    DecidedAt = time.GetUtcNow(),
                    Reason = invocation.Option("reason"),
                }, cancellationToken).ConfigureAwait(false);
                Health.TalksBotMetrics.IntakeCounted("dismissed");
                return new Reply([new Card { Title = "Dismissed", Description = $"“{Short(candidate.Headline)}” will not come back.", Tone = CardTone.Info }], [], Ephemeral: true);
            default:
                throw new ModerationException("Unknown action", "An inbox item can be drafted, used to update a fact, or dismissed.");
        }
    }

    /// <summary>
    /// Who published the source a save gives: the <c>source_outlet</c> option, or, for a save from an inbox item, the
    /// outlet that reported the link the form kept (none when the moderator gave another link).
    /// </summary>
    internal static async Task<string?> SourceOutletAsync(IInboxStore inbox, CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var given = invocation.Option("source_outlet");
        if (given is not null || invocation.Option("inbox") is not { } id || invocation.Option("source_url")?.Trim() is not { Length: > 0 } url)
        {
            return given;
        }

        var candidate = await inbox.FindAsync(id, cancellationToken).ConfigureAwait(false);
        return candidate?.Sources.FirstOrDefault(s => string.Equals(s.Url, url, StringComparison.OrdinalIgnoreCase))?.Outlet;
    }

    /// <summary>Records that a moderator's save came from inbox item <paramref name="id"/> (no error if it is gone).</summary>
    internal static async Task MarkDecidedAsync(IInboxStore inbox, string id, CandidateStatus status, Actor actor, string factId, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await inbox.FindAsync(id, cancellationToken).ConfigureAwait(false) is { Status: CandidateStatus.Open } candidate)
        {
            await inbox.SaveAsync(candidate with { Status = status, DecidedBy = actor.ToString(), DecidedAt = time.GetUtcNow(), FactId = factId }, cancellationToken).ConfigureAwait(false);
            Health.TalksBotMetrics.IntakeCounted(status == CandidateStatus.Drafted ? "drafted" : "updated");
        }
    }

    private static string Describe(CandidateStatus status) => status switch
    {
        CandidateStatus.Drafted => "drafted a fact from",
        CandidateStatus.Updated => "updated a fact from",
        _ => "dismissed",
    };

    private static string Short(string text) => DisplayText.Shorten(text, 60);
}
