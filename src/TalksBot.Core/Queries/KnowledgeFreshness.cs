using TalksBot.Core.Cards;
using TalksBot.Core.Knowledge;

namespace TalksBot.Core.Queries;

/// <summary>The newest current fact of a party, a topic, or a topic and party together.</summary>
/// <param name="PartyId">The party; null for facts that concern no party ("General"), or for a whole topic.</param>
/// <param name="TopicId">The topic; null for a whole party.</param>
/// <param name="Name">What members read: "Russia", "Territory", "Territory · Russia".</param>
/// <param name="Newest">The as-of date of the newest current fact.</param>
public sealed record NewestFact(string? TopicId, string? PartyId, string Name, DateOnly Newest);

/// <summary>
/// How fresh the knowledge is, per party, per topic and per topic and party: what /about shows members and /kb stale
/// shows moderators. A fact belongs to its party and to every party it involves; a fact that concerns no party is
/// listed as "General".
/// </summary>
public static class KnowledgeFreshness
{
    /// <summary>Where facts that concern no party are listed.</summary>
    public const string General = "General";

    /// <summary>The longest text of one card field on every platform (Discord's limit; Slack allows more).</summary>
    public const int MaxFieldLength = 1024;

    /// <summary>"10 Mar 2026 · 8 months ago", or a plain statement when no fact is current.</summary>
    public static string Horizon(DateOnly? horizon, DateOnly today) =>
        horizon is { } date ? FactAge.DateAndAge(date, today) : "no current facts yet";

    /// <summary>"Knowledge ends on 10 Mar 2026 · 8 months ago".</summary>
    public static string HorizonSentence(DateOnly? horizon, DateOnly today) =>
        horizon is null ? "The knowledge holds no current facts yet" : $"Knowledge ends on {Horizon(horizon, today)}";

    /// <summary>Each party's newest current fact (and "General" for facts of no party), newest first.</summary>
    public static IReadOnlyList<NewestFact> ByParty(KnowledgeSnapshot knowledge) =>
        Current(knowledge)
            .SelectMany(f => PartiesOf(f).Select(party => (Party: party, f.AsOf)))
            .GroupBy(x => x.Party)
            .Select(g => new NewestFact(null, g.Key, PartyName(knowledge, g.Key), g.Max(x => x.AsOf)))
            .OrderByDescending(n => n.Newest)
            .ThenBy(n => n.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();

    /// <summary>Each topic's newest current fact, newest first.</summary>
    public static IReadOnlyList<NewestFact> ByTopic(KnowledgeSnapshot knowledge) =>
        Current(knowledge)
            .GroupBy(f => f.Topic, StringComparer.OrdinalIgnoreCase)
            .Select(g => new NewestFact(g.Key, null, FactCards.TopicTitle(knowledge, g.Key), g.Max(f => f.AsOf)))
            .OrderByDescending(n => n.Newest)
            .ThenBy(n => n.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();

    /// <summary>The newest current fact of every topic and party that has one, in no particular order.</summary>
    public static IReadOnlyList<NewestFact> ByTopicAndParty(KnowledgeSnapshot knowledge) =>
        Current(knowledge)
            .SelectMany(f => PartiesOf(f).Select(party => (Topic: f.Topic, Party: party, f.AsOf)))
            .GroupBy(x => (x.Topic, x.Party))
            .Select(g => new NewestFact(
                g.Key.Topic,
                g.Key.Party,
                $"{FactCards.TopicTitle(knowledge, g.Key.Topic)} · {PartyName(knowledge, g.Key.Party)}",
                g.Max(x => x.AsOf)))
            .ToList();

    /// <summary>
    /// The new horizon when a saved change moved it: the fact is current and newer than every other current fact and
    /// than its own previous version; null when the horizon stayed where it was.
    /// </summary>
    /// <param name="after">The fact as saved.</param>
    /// <param name="before">The same fact before the change; null for a new fact.</param>
    /// <param name="knowledge">The knowledge with the change in it.</param>
    public static DateOnly? HorizonMovedBy(Fact after, Fact? before, KnowledgeSnapshot knowledge)
    {
        if (!after.IsCurrent)
        {
            return null;
        }

        var previous = Current(knowledge)
            .Where(f => !string.Equals(f.Id, after.Id, StringComparison.OrdinalIgnoreCase))
            .Append(before is { IsCurrent: true } ? before : null)
            .OfType<Fact>()
            .Select(f => (DateOnly?)f.AsOf)
            .Max();
        return previous is null || after.AsOf > previous ? after.AsOf : null;
    }

    /// <summary>
    /// As many items as fit in <paramref name="maxLength"/> characters (at most <paramref name="maxItems"/>), joined
    /// by <paramref name="separator"/>, then "… and 3 more" for the rest: a card field within the platforms' limits.
    /// </summary>
    public static string Fit(IReadOnlyList<string> items, string separator, int maxLength, int maxItems = int.MaxValue)
    {
        var shown = new List<string>();
        var length = 0;
        // Room for the "… and N more" that follows when not every item is shown (N is at most the count).
        var moreRoom = separator.Length + More(items.Count).Length;
        foreach (var item in items.Take(maxItems))
        {
            var added = (shown.Count == 0 ? 0 : separator.Length) + item.Length;
            var room = shown.Count + 1 == items.Count ? maxLength : maxLength - moreRoom;
            if (length + added > room)
            {
                break;
            }

            shown.Add(item);
            length += added;
        }

        var more = items.Count - shown.Count;
        return more == 0 ? string.Join(separator, shown) : string.Join(separator, [.. shown, More(more)]);
    }

    private static string More(int count) => $"… and {count} more";

    private static IEnumerable<Fact> Current(KnowledgeSnapshot knowledge) => knowledge.Facts.Where(f => f.IsCurrent);

    private static IEnumerable<string?> PartiesOf(Fact fact)
    {
        IEnumerable<string?> parties = fact.AllParties.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return parties.Any() ? parties : [null];
    }

    private static string PartyName(KnowledgeSnapshot knowledge, string? partyId) =>
        partyId is null ? General : knowledge.PartiesById.TryGetValue(partyId, out var party) ? party.Name : partyId;
}
