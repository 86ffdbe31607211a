using System.Globalization;
using System.Text;
using TalksBot.Core.Knowledge;

namespace TalksBot.Core.Cards;

/// <summary>The shared wording of facts, sources and dates in cards, so every answer names its sources and as-of date the same way.</summary>
public static class FactCards
{
    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Date(DateOnly? date) => date is { } value ? Date(value) : Undated;

    /// <summary>"2025-12-15", or "December 2025" for a date the sources give only to the month (never an invented day).</summary>
    public static string Date(DateOnly date, DatePrecision precision) =>
        precision == DatePrecision.Month ? FactAge.MonthAndYear(date) : Date(date);

    /// <summary>A fact's date in lists and bullets: "2025-12-15", or "December 2025".</summary>
    public static string Date(Fact fact) => Date(fact.AsOf, fact.AsOfPrecision);

    /// <summary>A source's date: "2025-12-15", "December 2025", or "undated".</summary>
    public static string Date(Source source) =>
        source.Published is { } published ? Date(published, source.PublishedPrecision) : Undated;

    /// <summary>What members read for a source that shows no date.</summary>
    public const string Undated = "undated";

    /// <summary>What members read for a weak source; the editors' reasons stay in the source's note.</summary>
    public const string LowReliability = "low-reliability source";

    /// <summary>"AP (via Star Tribune), 2025-12-15: Title — https://…", with a caveat for weak or state sources.</summary>
    public static string SourceLine(Source source)
    {
        var line = new StringBuilder()
            .Append(source.Publisher)
            .Append(", ")
            .Append(Date(source))
            .Append(": ")
            .Append(source.Title);
        var caveat = Caveat(source);
        if (caveat is not null)
        {
            line.Append(" (").Append(caveat).Append(')');
        }

        return line.Append(" — ").Append(source.Url).ToString();
    }

    /// <summary>A neutral label members see next to a source that is not a normal outlet; never an editor's note.</summary>
    public static string? Caveat(Source source) => source.Reliability switch
    {
        SourceReliability.Weak => LowReliability,
        SourceReliability.StateMedia => "Russian state media",
        _ => null,
    };

    /// <summary>A short attribution for a line: "AP (via Star Tribune); Reuters (via Sowetan)".</summary>
    public static string ShortAttribution(KnowledgeSnapshot knowledge, Fact fact) =>
        string.Join("; ", knowledge.SourcesOf(fact).Select(s => s.Publisher).Distinct());

    /// <summary>Numbered source lines for all the facts of a card, each source once.</summary>
    public static (string Text, Dictionary<string, int> Numbers) NumberedSources(KnowledgeSnapshot knowledge, IEnumerable<Fact> facts)
    {
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var text = new StringBuilder();
        foreach (var source in facts.SelectMany(knowledge.SourcesOf))
        {
            if (numbers.ContainsKey(source.Id))
            {
                continue;
            }

            numbers[source.Id] = numbers.Count + 1;
            text.Append('[').Append(numbers[source.Id]).Append("] ").Append(SourceLine(source)).Append('\n');
        }

        return (text.ToString().TrimEnd(), numbers);
    }

    /// <summary>"• text (2025-12-15) [1][2]".</summary>
    public static string Bullet(Fact fact, IReadOnlyDictionary<string, int> sourceNumbers)
    {
        var line = new StringBuilder("• ").Append(fact.Text).Append(" (").Append(Date(fact)).Append(')');
        foreach (var source in fact.Sources)
        {
            if (sourceNumbers.TryGetValue(source.SourceId, out var number))
            {
                line.Append(" [").Append(number).Append(']');
            }
        }

        return line.ToString();
    }

    public static string Footer(DateOnly? asOf, string? detail = null) =>
        detail is null ? $"As of {Date(asOf)}" : $"As of {Date(asOf)} · {detail}";

    /// <summary>A moderator's footer for one fact: "As of 2025-12-15 · detail", or "As of December 2025 · detail".</summary>
    public static string Footer(Fact fact, string? detail = null) =>
        detail is null ? $"As of {Date(fact)}" : $"As of {Date(fact)} · {detail}";

    /// <summary>The visible marker on an answer older than <see cref="KnowledgeClock.StaleAfterDays"/>.</summary>
    public const string StaleMarker = "⚠ may be out of date";

    /// <summary>
    /// A member's footer: "As of 23 Feb 2026 · 9 months ago · ⚠ may be out of date · knowledge ends 10 Mar 2026 · detail".
    /// The age counts to today; the marker shows when the date is older than the stale limit; the horizon always shows.
    /// </summary>
    public static string Footer(KnowledgeClock clock, KnowledgeSnapshot knowledge, DateOnly? asOf, string? detail = null) =>
        Footer(clock, knowledge, asOf, DatePrecision.Day, detail);

    /// <summary>A member's footer for an answer resting on <paramref name="fact"/>: "As of December 2025 · 12 months ago · …" for a month-precise fact.</summary>
    public static string Footer(KnowledgeClock clock, KnowledgeSnapshot knowledge, Fact fact, string? detail = null) =>
        Footer(clock, knowledge, fact.AsOf, fact.AsOfPrecision, detail);

    private static string Footer(KnowledgeClock clock, KnowledgeSnapshot knowledge, DateOnly? asOf, DatePrecision precision, string? detail)
    {
        var today = clock.Today;
        var parts = new List<string>(4) { asOf is { } date ? $"As of {FactAge.DateAndAge(date, precision, today)}" : "Undated" };
        if (asOf is { } dated && clock.IsStale(dated))
        {
            parts.Add(StaleMarker);
        }

        if (knowledge.Horizon is { } horizon)
        {
            parts.Add($"knowledge ends {FactAge.ShortDate(horizon)}");
        }

        if (detail is not null)
        {
            parts.Add(detail);
        }

        return string.Join(" · ", parts);
    }

    /// <summary>"My knowledge ends on 10 March 2026" (or says it holds nothing yet).</summary>
    public static string KnowledgeEnds(KnowledgeSnapshot knowledge) =>
        knowledge.Horizon is { } horizon ? $"My knowledge ends on {FactAge.LongDate(horizon)}" : "My knowledge holds nothing yet";

    public static string PartyName(KnowledgeSnapshot knowledge, string? partyId) =>
        partyId is not null && knowledge.PartiesById.TryGetValue(partyId, out var party) ? party.Name : "General";

    public static string TopicTitle(KnowledgeSnapshot knowledge, string topicId) =>
        knowledge.TopicsById.TryGetValue(topicId, out var topic) ? topic.Title : topicId;
}
