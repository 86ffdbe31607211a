using TalksBot.Core.Cards;
using TalksBot.Core.Knowledge;

namespace TalksBot.Core.Moderation;

/// <summary>What changed between two snapshots of a fact, in a line a moderator reads at a glance.</summary>
public static class ChangeSummary
{
    public const int MaxQuotedText = 160;

    public static string Describe(Fact? before, Fact after)
    {
        if (before is null)
        {
            return $"created: “{Shorten(after.Text)}”";
        }

        var parts = new List<string>();
        if (before.Text != after.Text)
        {
            parts.Add($"text → “{Shorten(after.Text)}”");
        }

        if (before.AsOf != after.AsOf || before.AsOfPrecision != after.AsOfPrecision)
        {
            parts.Add($"as of {FactCards.Date(before)} → {FactCards.Date(after)}");
        }

        if (!before.Sources.Select(s => s.SourceId).SequenceEqual(after.Sources.Select(s => s.SourceId)))
        {
            parts.Add($"sources → {string.Join(", ", after.Sources.Select(s => s.SourceId))}");
        }

        if (before.Status != after.Status)
        {
            parts.Add(after.Status == FactStatus.Retracted ? $"retracted ({after.RetractionReason})" : "un-retracted");
        }

        if (before.Rank != after.Rank)
        {
            parts.Add(after.Rank == FactRank.Deprecated
                ? "deprecated" + (after.SupersededBy is { } by ? $", superseded by {by}" : "")
                : $"rank {before.Rank.ToString().ToLowerInvariant()} → {after.Rank.ToString().ToLowerInvariant()}");
        }

        if (before.Party != after.Party || before.Topic != after.Topic)
        {
            parts.Add($"filed under {after.Party ?? "general"} / {after.Topic}");
        }

        return parts.Count == 0 ? "no change to the content" : string.Join("; ", parts);
    }

    private static string Shorten(string text) => DisplayText.Shorten(text, MaxQuotedText);
}
