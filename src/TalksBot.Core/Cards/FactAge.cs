using System.Globalization;
using TalksBot.Core.Knowledge;

namespace TalksBot.Core.Cards;

/// <summary>
/// How old a dated fact is against today, in the words every card uses: "23 Feb 2026 · 9 months ago".
/// Months and years are rounded to the nearest whole one, as people say them.
/// </summary>
public static class FactAge
{
    /// <summary>"23 Feb 2026": footers and lists.</summary>
    public static string ShortDate(DateOnly date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>"23 February 2026": sentences.</summary>
    public static string LongDate(DateOnly date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>"23 Feb 2026", or "December 2025" for a date the sources give only to the month.</summary>
    public static string ShortDate(DateOnly date, DatePrecision precision) =>
        precision == DatePrecision.Month ? MonthAndYear(date) : ShortDate(date);

    /// <summary>"23 February 2026", or "December 2025" for a date the sources give only to the month.</summary>
    public static string LongDate(DateOnly date, DatePrecision precision) =>
        precision == DatePrecision.Month ? MonthAndYear(date) : LongDate(date);

    /// <summary>A fact's date as a footer or list shows it: "23 Feb 2026", or "December 2025".</summary>
    public static string ShortDate(Fact fact) => ShortDate(fact.AsOf, fact.AsOfPrecision);

    /// <summary>A fact's date as a sentence says it: "23 February 2026", or "December 2025".</summary>
    public static string LongDate(Fact fact) => LongDate(fact.AsOf, fact.AsOfPrecision);

    /// <summary>"December 2025": a month-precise date never shows an invented day.</summary>
    public static string MonthAndYear(DateOnly date) => date.ToString("MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>"today", "yesterday", "5 days ago", "3 weeks ago", "9 months ago", "2 years ago"; a future date reads "today".</summary>
    public static string Ago(DateOnly date, DateOnly today)
    {
        var days = today.DayNumber - date.DayNumber;
        if (days <= 0)
        {
            return "today";
        }

        if (days == 1)
        {
            return "yesterday";
        }

        if (days < 14)
        {
            return $"{days} days ago";
        }

        if (days < 45)
        {
            return Plural((int)Math.Round(days / 7.0), "week");
        }

        var months = WholeMonths(date, today);
        var remainder = today.DayNumber - date.AddMonths(months).DayNumber;
        var rounded = months + (remainder >= 15 ? 1 : 0);
        if (rounded < 24)
        {
            return Plural(Math.Max(1, rounded), "month");
        }

        return Plural((int)Math.Round(rounded / 12.0, MidpointRounding.AwayFromZero), "year");
    }

    /// <summary>"23 Feb 2026 · 9 months ago".</summary>
    public static string DateAndAge(DateOnly date, DateOnly today) => DateAndAge(date, DatePrecision.Day, today);

    /// <summary>"23 Feb 2026 · 9 months ago", or "December 2025 · 12 months ago" (counted from the month's first day).</summary>
    public static string DateAndAge(DateOnly date, DatePrecision precision, DateOnly today) => $"{ShortDate(date, precision)} · {Ago(date, today)}";

    /// <summary>True when a fact of this date is older than <paramref name="staleAfterDays"/>: shown with a "may be out of date" marker.</summary>
    public static bool IsStale(DateOnly date, DateOnly today, int staleAfterDays) => today.DayNumber - date.DayNumber > staleAfterDays;

    private static int WholeMonths(DateOnly from, DateOnly to)
    {
        var months = ((to.Year - from.Year) * 12) + to.Month - from.Month;
        return from.AddMonths(months) > to ? months - 1 : months;
    }

    private static string Plural(int count, string unit) => count == 1 ? $"1 {unit} ago" : $"{count} {unit}s ago";
}
