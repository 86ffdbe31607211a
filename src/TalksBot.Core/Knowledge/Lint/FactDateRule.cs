using TalksBot.Core.Cards;

namespace TalksBot.Core.Knowledge.Lint;

/// <summary>
/// Dates that cannot be right. Errors: a current position, context or person fact dated more than
/// <see cref="ReportingDays"/> days before a source it cites (the source reports something the date does not cover: date
/// the fact by its newest claim, or split it), and any date after today. The same for an event, or a superseded fact, is
/// a warning: an event is dated when it happened and a later report of it is normal (check the text holds nothing later).
/// </summary>
/// <remarks>
/// A report appears after what it reports, usually the next day: measured on the knowledge of 2026-11-30, 39 of the
/// 57 facts dated before a source they cite were reported one day later, 3 two days later, and the rest 4 to 126
/// days later — among them the audit's wrong dates (5 and 65 days). A week covers weekly round-ups. A month-precise date
/// counts from the month's last day.
/// </remarks>
internal sealed class FactDateRule : ILintRule
{
    public const string BeforeSource = "asof-before-source";
    public const string Future = "future-date";

    /// <summary>How long after a fact's date a source may appear and still just be reporting it.</summary>
    public const int ReportingDays = 7;

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        foreach (var fact in context.CheckedFacts)
        {
            var at = context.Locations.Fact(fact.Id, "asOf");
            if (fact.AsOf > context.Today)
            {
                yield return at.Error(Future, $"fact '{fact.Id}': asOf {FactCards.Date(fact.AsOf)} is in the future (today is {FactCards.Date(context.Today)})");
            }

            var newest = fact.Sources
                .Select(s => context.SourcesById[s.SourceId])
                .Where(s => s.Published is not null)
                .MaxBy(s => s.Published);
            var latestDay = fact.AsOfPrecision == DatePrecision.Month ? fact.AsOf.AddMonths(1).AddDays(-1) : fact.AsOf;
            if (newest?.Published is { } published && published.DayNumber - latestDay.DayNumber > ReportingDays)
            {
                var message = $"fact '{fact.Id}': asOf {FactCards.Date(fact)} is {published.DayNumber - latestDay.DayNumber} days before its source '{newest.Id}' " +
                    $"(published {FactCards.Date(published)}), so the text may hold later claims; date the fact by its newest claim, or split it";
                yield return fact.Kind == FactKind.Event || !fact.IsCurrent ? at.Warning(BeforeSource, message) : at.Error(BeforeSource, message);
            }
        }

        foreach (var source in context.Knowledge.Sources)
        {
            if (source.Published is { } published && published > context.Today)
            {
                yield return context.Locations.Source(source.Id, "published").Error(
                    Future, $"source '{source.Id}': published {FactCards.Date(published)} is in the future (today is {FactCards.Date(context.Today)})");
            }
        }
    }
}
