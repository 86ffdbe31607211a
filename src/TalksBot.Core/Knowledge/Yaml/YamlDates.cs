using System.Globalization;

namespace TalksBot.Core.Knowledge.Yaml;

/// <summary>Dates as the knowledge files write them: <c>2025-12-15</c>, or <c>2025-12</c> when a source gives only the month.</summary>
public static class YamlDates
{
    private const string DayFormat = "yyyy-MM-dd";
    private const string MonthFormat = "yyyy-MM";

    /// <summary>"2025-12-15", or "2025-12" for a month-precise date.</summary>
    public static string Format(DateOnly date, DatePrecision precision) =>
        date.ToString(precision == DatePrecision.Month ? MonthFormat : DayFormat, CultureInfo.InvariantCulture);

    /// <summary>Reads "YYYY-MM-DD" (a day) or "YYYY-MM" (a month, kept as its first day); nothing else.</summary>
    public static bool TryParse(string text, out DateOnly date, out DatePrecision precision)
    {
        if (DateOnly.TryParseExact(text, DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            precision = DatePrecision.Day;
            return true;
        }

        precision = DatePrecision.Month;
        return DateOnly.TryParseExact(text, MonthFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }
}
