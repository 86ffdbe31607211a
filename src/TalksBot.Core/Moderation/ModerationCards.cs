using System.Globalization;
using System.Text;
using TalksBot.Core.Cards;
using TalksBot.Core.Knowledge;

namespace TalksBot.Core.Moderation;

/// <summary>The cards of the moderators' commands: a saved change, a fact in full, its history, and the card subscribed channels get.</summary>
public static class ModerationCards
{
    public const int HistoryPageSize = 8;

    /// <summary>The confirmation after a change, with buttons to look at it and to undo it.</summary>
    public static Reply Saved(Fact fact, RevisionAction action, KnowledgeSnapshot knowledge, int? restoredRevision = null)
    {
        var verb = action switch
        {
            RevisionAction.Create => "Added",
            RevisionAction.Edit => "Saved",
            RevisionAction.Retract => "Retracted",
            RevisionAction.Deprecate => "Deprecated",
            RevisionAction.Restore => $"Restored revision {restoredRevision}",
            _ => "Saved",
        };
        var visibility = fact.IsCurrent
            ? "Members see it in answers from now on."
            : "It no longer appears in /ask, /positions or /timeline; it stays in the history.";
        var card = FactCard(fact, knowledge) with
        {
            Title = $"{verb}: {fact.Id} (revision {fact.Revision})",
            Footer = $"{visibility} · by {fact.UpdatedBy}",
            Tone = fact.IsCurrent ? CardTone.Info : CardTone.Warning,
        };
        // Positional options keep the actions short enough for a Discord button id (100 characters).
        var undo = action == RevisionAction.Create ? $"/fact retract {fact.Id} undone" : $"/fact restore {fact.Id} {fact.Revision - 1}";
        return new Reply(
            [card],
            [
                new ReplyButton("History", $"/fact history {fact.Id}"),
                new ReplyButton("Undo", undo, ButtonKind.Danger),
            ],
            Ephemeral: true);
    }

    /// <summary>A fact in full: text, status, where it is filed, and every source.</summary>
    public static Card FactCard(Fact fact, KnowledgeSnapshot knowledge)
    {
        var status = fact.Status == FactStatus.Retracted ? $"retracted: {fact.RetractionReason}"
            : fact.Rank == FactRank.Deprecated ? "deprecated" + (fact.SupersededBy is { } by ? $", superseded by {by}" : "")
            : fact.Rank == FactRank.Preferred ? "current (preferred)"
            : "current";
        var sources = knowledge.SourcesOf(fact).Select((s, i) => $"[{i + 1}] {FactCards.SourceLine(s)}");
        return new Card
        {
            Title = fact.Id,
            Description = fact.Text,
            Fields =
            [
                new CardField("Filed under", $"{FactCards.PartyName(knowledge, fact.Party)} · {FactCards.TopicTitle(knowledge, fact.Topic)} · {fact.Kind.ToString().ToLowerInvariant()}", Inline: true),
                new CardField("Status", status, Inline: true),
                new CardField("Revision", string.Create(CultureInfo.InvariantCulture, $"{fact.Revision} by {fact.UpdatedBy}, {fact.UpdatedAt:yyyy-MM-dd HH:mm} UTC"), Inline: true),
                new CardField("Sources", string.Join("\n", sources)),
            ],
            Footer = FactCards.Footer(fact, fact.Origin == FactOrigin.Seed ? "from the seed files" : "edited by moderators"),
            PartyId = fact.Party,
            AsOf = fact.AsOf,
            Tone = fact.IsCurrent ? CardTone.Answer : CardTone.Warning,
        };
    }

    /// <summary>One page of a fact's history, newest first: who, when, what changed.</summary>
    public static Reply History(Fact fact, IReadOnlyList<FactRevision> revisions, int page)
    {
        var newestFirst = revisions.OrderByDescending(r => r.Revision).ToList();
        var pages = Math.Max(1, (newestFirst.Count + HistoryPageSize - 1) / HistoryPageSize);
        if (page > pages)
        {
            return Reply.Error("No such page", $"The history of {fact.Id} has {pages} page{(pages == 1 ? "" : "s")}.");
        }

        var byRevision = revisions.ToDictionary(r => r.Revision);
        var lines = new StringBuilder();
        foreach (var revision in newestFirst.Skip((page - 1) * HistoryPageSize).Take(HistoryPageSize))
        {
            var previous = byRevision.GetValueOrDefault(revision.Revision - 1)?.Snapshot;
            var who = revision.Platform is "" or "seed" or "local" ? revision.Who : $"{revision.Who} ({revision.Platform})";
            lines.Append(CultureInfo.InvariantCulture, $"r{revision.Revision} · {revision.When:yyyy-MM-dd HH:mm} UTC · {revision.Action.ToString().ToLowerInvariant()} by {who}");
            if (revision.Reason is { } reason)
            {
                lines.Append(" — ").Append(reason);
            }

            lines.Append('\n').Append("   ").Append(ChangeSummary.Describe(previous, revision.Snapshot)).Append('\n');
        }

        var buttons = page < pages ? new[] { new ReplyButton("Older changes", $"/fact history {fact.Id} {page + 1}") } : [];
        return new Reply(
            [new Card
            {
                Title = $"History of {fact.Id}",
                Description = lines.ToString().TrimEnd(),
                Footer = $"{revisions.Count} revision{(revisions.Count == 1 ? "" : "s")} · page {page} of {pages} · /fact restore {fact.Id} revision:<n> brings one back",
                Tone = CardTone.Info,
                PartyId = fact.Party,
            }],
            buttons,
            Ephemeral: true);
    }

    /// <summary>The short card a subscribed channel gets when a fact changes; <paramref name="horizonMovedTo"/> when the change moved the knowledge's horizon.</summary>
    public static Reply Change(Fact fact, PendingNotification change, KnowledgeSnapshot knowledge, DateOnly? horizonMovedTo = null)
    {
        var title = change.Action switch
        {
            RevisionAction.Create => "New fact",
            RevisionAction.Retract => "Fact retracted",
            RevisionAction.Deprecate => "Fact superseded",
            RevisionAction.Restore => "Fact restored",
            _ => "Fact updated",
        };
        var detail = change.Action switch
        {
            RevisionAction.Retract => $"\nRetracted: {change.Reason}",
            RevisionAction.Deprecate when fact.SupersededBy is { } by => $"\nSuperseded by {by}.",
            _ => change.Reason is { } reason ? $"\nWhy: {reason}" : "",
        };
        return Reply.Of(new Card
        {
            Title = $"{title}: {FactCards.PartyName(knowledge, fact.Party)} · {FactCards.TopicTitle(knowledge, fact.Topic)}",
            Description = fact.Text + detail + (horizonMovedTo is { } horizon ? $"\nKnowledge now runs to {FactAge.ShortDate(horizon)}." : ""),
            Footer = FactCards.Footer(fact, $"{fact.Id} · revision {change.Revision} by {change.Who}"),
            PartyId = fact.Party,
            AsOf = fact.AsOf,
            Tone = change.Action is RevisionAction.Retract or RevisionAction.Deprecate ? CardTone.Warning : CardTone.Info,
        });
    }
}
