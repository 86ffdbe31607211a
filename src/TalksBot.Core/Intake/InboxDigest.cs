using TalksBot.Core.Cards;
using TalksBot.Core.Knowledge;

namespace TalksBot.Core.Intake;

/// <summary>The daily digest for moderators' channels: the new candidates in one card, pointing to /kb inbox.</summary>
public static class InboxDigest
{
    /// <summary>Lines in one digest; the rest are counted.</summary>
    public const int MaxLines = 10;

    public static Reply For(IReadOnlyList<InboxCandidate> fresh, KnowledgeSnapshot knowledge, DateOnly day)
    {
        var lines = fresh.Take(MaxLines).Select(c =>
            $"• {Short(c.Headline, 160)} — {string.Join(", ", c.Sources.Select(s => s.Outlet).Distinct(StringComparer.OrdinalIgnoreCase))} " +
            $"({FactCards.PartyName(knowledge, c.PartyId)} · {(c.TopicId is { } topic ? FactCards.TopicTitle(knowledge, topic) : "no topic")}" +
            (c.Nearest is [{ MayUpdate: true } near, ..] ? $"; may update {near.FactId})" : "; new)"));
        var more = fresh.Count > MaxLines ? $"\n…and {fresh.Count - MaxLines} more." : "";
        return Reply.Of(
            new Card
            {
                Title = $"Inbox digest · {FactAge.ShortDate(day)}: {fresh.Count} new {(fresh.Count == 1 ? "candidate" : "candidates")}",
                Description = string.Join("\n", lines) + more,
                Footer = "Nothing reaches members until a moderator saves it · /kb inbox to review",
                Tone = CardTone.Info,
            },
            new ReplyButton("Open the inbox", "/kb inbox"));
    }

    private static string Short(string text, int length) => DisplayText.Shorten(text, length);
}
