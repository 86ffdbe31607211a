using System.Globalization;
using TalksBot.Core.Cards;
using TalksBot.Core.Knowledge;

namespace TalksBot.Core.Intake;

/// <summary>How a candidate reads for moderators, in /kb inbox and in the daily digest.</summary>
public static class InboxCards
{
    public static Card Candidate(InboxCandidate candidate, KnowledgeSnapshot knowledge, int number)
    {
        var outlets = string.Join(", ", candidate.Sources.Select(s => s.Outlet).Distinct(StringComparer.OrdinalIgnoreCase));
        var suggested = $"{FactCards.PartyName(knowledge, candidate.PartyId)} · {(candidate.TopicId is { } topic ? FactCards.TopicTitle(knowledge, topic) : "no topic")}";
        var fields = new List<CardField>
        {
            new("Suggested", suggested, Inline: true),
            new("Reported by", $"{outlets} · {FactAge.ShortDate(candidate.Date)}", Inline: true),
        };
        if (candidate.Nearest.Count > 0 && knowledge.FactsById.TryGetValue(candidate.Nearest[0].FactId, out var nearest))
        {
            var label = candidate.Nearest[0].MayUpdate ? "May update" : "New — nearest fact";
            fields.Add(new CardField(label, $"{Short(nearest.Text, 200)} ({FactCards.Date(nearest)}) — {nearest.Id}"));
        }

        fields.Add(new CardField("Links", string.Join("\n", candidate.Sources.Select(s => $"{s.Outlet}: {s.Url}").Distinct().Take(5))));
        return new Card
        {
            Title = $"{number}. {Short(candidate.Headline, 240)}",
            Description = candidate.Summary.Length > 0 ? Short(candidate.Summary, 400) : null,
            Fields = fields,
            Url = candidate.Sources[0].Url,
            Footer = $"inbox {candidate.Id} · relevance {candidate.Relevance.ToString("0.00", CultureInfo.InvariantCulture)}",
            Tone = CardTone.Info,
            PartyId = candidate.PartyId,
            AsOf = candidate.Date,
        };
    }

    /// <summary>
    /// The three actions under a candidate: "1 · Draft fact", "1 · Update &lt;fact&gt;", "1 · Dismiss". The id is named
    /// (<c>/inbox draft id:…</c>): the action is free text, which would otherwise take the id along with it.
    /// </summary>
    public static IEnumerable<ReplyButton> Actions(InboxCandidate candidate, int number)
    {
        yield return new ReplyButton($"{number} · Draft fact", $"/inbox draft id:{candidate.Id}", ButtonKind.Primary);
        if (candidate.Nearest.Count > 0)
        {
            yield return new ReplyButton($"{number} · Update {Short(candidate.Nearest[0].FactId, 50)}", $"/inbox update id:{candidate.Id}");
        }

        yield return new ReplyButton($"{number} · Dismiss", $"/inbox dismiss id:{candidate.Id}", ButtonKind.Danger);
    }

    private static string Short(string text, int length) => DisplayText.Shorten(text, length);
}
