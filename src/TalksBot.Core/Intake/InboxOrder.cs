namespace TalksBot.Core.Intake;

/// <summary>The order moderators see candidates in, the same in every store.</summary>
public static class InboxOrder
{
    /// <summary>Newest day first; within a day, the most relevant first; then by id, so the order is stable.</summary>
    public static IOrderedEnumerable<InboxCandidate> MostRelevantNewestFirst(IEnumerable<InboxCandidate> candidates) =>
        candidates
            .OrderByDescending(c => c.Date)
            .ThenByDescending(c => c.Relevance)
            .ThenBy(c => c.Id, StringComparer.Ordinal);
}
