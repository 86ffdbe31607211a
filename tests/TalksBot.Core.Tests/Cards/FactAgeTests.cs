using TalksBot.Core.Cards;
using TalksBot.Core.Knowledge;

namespace TalksBot.Core.Tests.Cards;

public sealed class FactAgeTests
{
    private static readonly DateOnly Today = new(2026, 11, 30);

    [Theory]
    [InlineData("2026-11-30", "today")]
    [InlineData("2026-12-05", "today")]
    [InlineData("2026-11-29", "yesterday")]
    [InlineData("2026-11-21", "9 days ago")]
    [InlineData("2026-11-16", "2 weeks ago")]
    [InlineData("2026-10-20", "6 weeks ago")]
    [InlineData("2026-10-10", "2 months ago")]
    [InlineData("2026-02-23", "9 months ago")]
    [InlineData("2026-03-10", "9 months ago")]
    [InlineData("2025-12-19", "11 months ago")]
    [InlineData("2025-06-02", "18 months ago")]
    [InlineData("2025-05-16", "18 months ago")]
    [InlineData("2024-11-20", "2 years ago")]
    [InlineData("2023-01-01", "4 years ago")]
    public void Ago_CountsToTodayInTheWordsPeopleUse(string date, string expected) =>
        Assert.Equal(expected, FactAge.Ago(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), Today));

    [Fact]
    public void DateAndAge_ReadsAsTheCardsShowIt() =>
        Assert.Equal("23 Feb 2026 · 9 months ago", FactAge.DateAndAge(new DateOnly(2026, 2, 23), Today));

    [Theory]
    [InlineData(60, "2026-10-01", false)]
    [InlineData(60, "2026-09-30", true)]
    [InlineData(365, "2026-02-23", false)]
    public void IsStale_OlderThanTheLimit(int days, string date, bool stale) =>
        Assert.Equal(stale, FactAge.IsStale(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), Today, days));

    [Fact]
    public void DateAndAge_MonthPrecision_NamesTheMonthAndCountsFromItsFirstDay()
    {
        Assert.Equal("December 2025 · 12 months ago", FactAge.DateAndAge(new DateOnly(2025, 12, 1), DatePrecision.Month, new DateOnly(2026, 11, 30)));
        Assert.Equal("1 Dec 2025 · 12 months ago", FactAge.DateAndAge(new DateOnly(2025, 12, 1), DatePrecision.Day, new DateOnly(2026, 11, 30)));
    }
}
