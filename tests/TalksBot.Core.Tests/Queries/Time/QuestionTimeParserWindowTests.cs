using TalksBot.Core.Queries.Time;
using static TalksBot.Core.Tests.Queries.Time.QuestionTimeAssert;

namespace TalksBot.Core.Tests.Queries.Time;

/// <summary>Relative and absolute times, seasons, bounds and ranges, against 30 November 2026 (a Monday) unless a test says otherwise.</summary>
public sealed class QuestionTimeParserWindowTests
{
    [Theory]
    [InlineData("What happened yesterday?", "2026-11-29", "2026-11-29", "yesterday")]
    [InlineData("Will they meet tomorrow?", "2026-12-01", "2026-12-01", "tomorrow")]
    [InlineData("What was said this week?", "2026-11-30", "2026-12-06", "this week")]
    [InlineData("What was said last week?", "2026-11-23", "2026-11-29", "last week")]
    [InlineData("Are talks planned next week?", "2026-12-07", "2026-12-13", "next week")]
    [InlineData("What happened in the past week?", "2026-11-24", "2026-11-30", "the past week")]
    [InlineData("What happened over the past week?", "2026-11-24", "2026-11-30", "the past week")]
    [InlineData("What happened in the last 7 days?", "2026-11-24", "2026-11-30", "the last 7 days")]
    [InlineData("Any strikes on Kyiv this month?", "2026-11-01", "2026-11-30", "this month")]
    [InlineData("What did Russia say last month?", "2026-10-01", "2026-10-31", "last month")]
    [InlineData("What changed in the past month?", "2026-10-31", "2026-11-30", "the past month")]
    [InlineData("What is planned for next month?", "2026-12-01", "2026-12-31", "next month")]
    [InlineData("What was agreed last year?", "2025-01-01", "2025-12-31", "last year")]
    [InlineData("What changed over the past year?", "2025-12-01", "2026-11-30", "the past year")]
    [InlineData("Will there be elections next year?", "2027-01-01", "2027-12-31", "next year")]
    [InlineData("What happened 3 days ago?", "2026-11-27", "2026-11-27", "3 days ago")]
    [InlineData("What happened two weeks ago?", "2026-11-16", "2026-11-22", "two weeks ago")]
    [InlineData("What happened a month ago?", "2026-10-01", "2026-10-31", "a month ago")]
    [InlineData("What happened a year ago?", "2025-01-01", "2025-12-31", "a year ago")]
    [InlineData("What happened in the last 3 months?", "2026-08-31", "2026-11-30", "the last 3 months")]
    [InlineData("What happened over the past two weeks?", "2026-11-17", "2026-11-30", "the past two weeks")]
    [InlineData("What happened in the last few days?", "2026-11-28", "2026-11-30", "the last few days")]
    [InlineData("What happened last weekend?", "2026-11-28", "2026-11-29", "last weekend")]
    [InlineData("What did the EU decide last Thursday?", "2026-11-26", "2026-11-26", "last Thursday")]
    [InlineData("What happened last Monday?", "2026-11-23", "2026-11-23", "last Monday")]
    [InlineData("What happened on Friday?", "2026-11-27", "2026-11-27", "Friday 27 November 2026")]
    [InlineData("What has changed since Monday?", "2026-11-23", "2026-11-30", "since Monday 23 November 2026")]
    [InlineData("Who meets this Wednesday?", "2026-12-02", "2026-12-02", "this Wednesday")]
    [InlineData("Who meets next Friday?", "2026-12-04", "2026-12-04", "next Friday")]
    public void Parse_RelativeTime_IsTheWindowCountedFromToday(string question, string from, string to, string label) =>
        Window(Parse(question), from, to, label);

    [Theory]
    [InlineData("What was agreed last month?", "2026-01-01", "2025-12-01", "2025-12-31")]
    [InlineData("What happened this week?", "2026-01-01", "2025-12-29", "2026-01-04")]
    [InlineData("What was agreed last year?", "2026-01-01", "2025-01-01", "2025-12-31")]
    [InlineData("What happened in December?", "2026-01-01", "2025-12-01", "2025-12-31")]
    [InlineData("What happened on Dec 15?", "2026-01-01", "2025-12-15", "2025-12-15")]
    [InlineData("What happened this week?", "2026-11-29", "2026-11-23", "2026-11-29")]
    [InlineData("What happened last week?", "2026-11-29", "2026-11-16", "2026-11-22")]
    [InlineData("What happened in May?", "2026-05-15", "2026-05-01", "2026-05-31")]
    [InlineData("What happened last May?", "2026-05-15", "2025-05-01", "2025-05-31")]
    [InlineData("What happened in December?", "2026-12-05", "2026-12-01", "2026-12-31")]
    [InlineData("What happened in late December?", "2026-12-05", "2026-12-21", "2026-12-31")]
    [InlineData("What happened on 29 February?", "2026-11-30", "2024-02-29", "2024-02-29")]
    public void Parse_RelativeOrYearlessTime_DependsOnToday(string question, string today, string from, string to) =>
        Window(Parse(question, today), from, to);

    [Theory]
    [InlineData("Did a ceasefire start this summer?", "2026-11-30", "2026-06-01", "2026-08-31", "this summer")]
    [InlineData("Did a ceasefire start last summer?", "2026-11-30", "2026-06-01", "2026-08-31", "last summer")]
    [InlineData("Did a ceasefire start last summer?", "2026-07-10", "2025-06-01", "2025-08-31", "last summer")]
    [InlineData("Will talks resume this winter?", "2026-11-30", "2026-12-01", "2027-02-28", "this winter")]
    [InlineData("Will talks resume this winter?", "2027-01-15", "2026-12-01", "2027-02-28", "this winter")]
    [InlineData("What happened last winter?", "2026-11-30", "2025-12-01", "2026-02-28", "last winter")]
    [InlineData("What is planned for next spring?", "2026-11-30", "2027-03-01", "2027-05-31", "next spring")]
    [InlineData("What happened in summer 2025?", "2026-11-30", "2025-06-01", "2025-08-31", "summer 2025")]
    [InlineData("What happened in the summer of 2025?", "2026-11-30", "2025-06-01", "2025-08-31", "summer 2025")]
    [InlineData("What happened in the fall of 2025?", "2026-11-30", "2025-09-01", "2025-11-30", "fall 2025")]
    [InlineData("What did the winter 2025 offensive achieve?", "2026-11-30", "2025-12-01", "2026-02-28", "winter 2025/26")]
    [InlineData("What happened in summer?", "2026-11-30", "2026-06-01", "2026-08-31", "summer 2026")]
    [InlineData("What happened over the summer?", "2026-11-30", "2026-06-01", "2026-08-31", "summer 2026")]
    [InlineData("What happened over the summer?", "2026-05-15", "2025-06-01", "2025-08-31", "summer 2025")]
    [InlineData("What happened in winter?", "2026-11-30", "2025-12-01", "2026-02-28", "winter 2025/26")]
    [InlineData("What happened in the autumn?", "2026-11-30", "2026-09-01", "2026-11-30", "autumn 2026")]
    public void Parse_Season_IsMeteorologicalAndNorthern(string question, string today, string from, string to, string label) =>
        Window(Parse(question, today), from, to, label);

    [Theory]
    [InlineData("What happened in 2026-01?", "2026-01-01", "2026-01-31", "January 2026")]
    [InlineData("What happened on 2026-01-15?", "2026-01-15", "2026-01-15", "15 January 2026")]
    [InlineData("What happened on 15 December 2025?", "2025-12-15", "2025-12-15", "15 December 2025")]
    [InlineData("What happened on December 15, 2025?", "2025-12-15", "2025-12-15", "15 December 2025")]
    [InlineData("What happened on the 15th Dec 2025?", "2025-12-15", "2025-12-15", "15 December 2025")]
    [InlineData("What happened on the 15th of December?", "2025-12-15", "2025-12-15", "15 December 2025")]
    [InlineData("What happened on Dec 15?", "2025-12-15", "2025-12-15", "15 December 2025")]
    [InlineData("What happened on 15 November?", "2026-11-15", "2026-11-15", "15 November 2026")]
    [InlineData("What did Putin say on May 9?", "2026-05-09", "2026-05-09", "9 May 2026")]
    [InlineData("What did Russia say about NATO in December 2025?", "2025-12-01", "2025-12-31", "December 2025")]
    [InlineData("What happened in Dec 2025?", "2025-12-01", "2025-12-31", "December 2025")]
    [InlineData("What happened in Sept 2025?", "2025-09-01", "2025-09-30", "September 2025")]
    [InlineData("What happened in Sept. 2025?", "2025-09-01", "2025-09-30", "September 2025")]
    [InlineData("What happened in December?", "2025-12-01", "2025-12-31", "December 2025")]
    [InlineData("What happened in May?", "2026-05-01", "2026-05-31", "May 2026")]
    [InlineData("Who marched in March?", "2026-03-01", "2026-03-31", "March 2026")]
    [InlineData("What happened in April and May?", "2026-04-01", "2026-05-31", "April 2026 and May 2026")]
    [InlineData("What happened in 2025?", "2025-01-01", "2025-12-31", "2025")]
    [InlineData("Who won the 2024 election?", "2024-01-01", "2024-12-31", "2024")]
    [InlineData("What happened between 2014-2022?", "2014-01-01", "2022-12-31", "2014 to 2022")]
    [InlineData("What happened in early March 2026?", "2026-03-01", "2026-03-10", "early March 2026")]
    [InlineData("What happened in mid-February 2026?", "2026-02-11", "2026-02-20", "mid-February 2026")]
    [InlineData("What happened in late February 2026?", "2026-02-21", "2026-02-28", "late February 2026")]
    [InlineData("What happened in early 2025?", "2025-01-01", "2025-04-30", "early 2025")]
    [InlineData("What happened in mid-2025?", "2025-05-01", "2025-08-31", "mid-2025")]
    [InlineData("What happened by the end of 2025?", "min", "2025-12-31", "by the end of 2025")]
    [InlineData("Was a deal close at the end of 2025?", "2025-09-01", "2025-12-31", "the end of 2025")]
    public void Parse_AbsoluteDate_IsThatDayMonthOrYear(string question, string from, string to, string label) =>
        Window(Parse(question), from, to, label);

    [Theory]
    [InlineData("What happened on 31 February 2026?")]
    [InlineData("What happened in 2026-13?")]
    [InlineData("What happened on 2026-02-30?")]
    [InlineData("What happened on 2026-01-15-22?")]
    public void Parse_ImpossibleDate_IsNoWindowAndNoYear(string question) => NoTime(question);

    [Theory]
    [InlineData("What has Russia said since March 2026?", "2026-03-01", "2026-11-30", "since March 2026")]
    [InlineData("What has Russia said since March?", "2026-03-01", "2026-11-30", "since March 2026")]
    [InlineData("What has Russia said since May?", "2026-05-01", "2026-11-30", "since May 2026")]
    [InlineData("What has changed since yesterday?", "2026-11-29", "2026-11-30", "since yesterday")]
    [InlineData("What did Russia demand before 2025?", "min", "2024-12-31", "before 2025")]
    [InlineData("What happened after September 2025?", "2025-10-01", "2026-11-30", "after September 2025")]
    [InlineData("What was agreed until December 2025?", "min", "2025-12-31", "until December 2025")]
    [InlineData("What was agreed till December 2025?", "min", "2025-12-31", "till December 2025")]
    [InlineData("What was agreed by December 2025?", "min", "2025-12-31", "by December 2025")]
    [InlineData("What was said prior to 2025?", "min", "2024-12-31", "prior to 2025")]
    [InlineData("What happened between March and May 2025?", "2025-03-01", "2025-05-31", "between March and May 2025")]
    [InlineData("What happened between March and May?", "2026-03-01", "2026-05-31", "between March and May 2026")]
    [InlineData("What happened from December 2025 to February 2026?", "2025-12-01", "2026-02-28", "from December 2025 to February 2026")]
    [InlineData("What happened from December to February?", "2025-12-01", "2026-02-28", "from December 2025 to February 2026")]
    [InlineData("What happened between 10 and 15 December 2025?", "2025-12-10", "2025-12-15", "between 10 and 15 December 2025")]
    [InlineData("What happened from 2023 until 2025?", "2023-01-01", "2025-12-31", "from 2023 to 2025")]
    public void Parse_BoundOrRange_RunsFromStartToEnd(string question, string from, string to, string label) =>
        Window(Parse(question), from, to, label);

    /// <summary>"After" an event includes its day (what was said as it ended is dated that day); "before" does not.</summary>
    [Fact]
    public void Parse_BeforeAfterSinceUntilAnEvent_UsesTheEventsDate()
    {
        var berlin = new DateOnly(2025, 12, 15);
        DateOnly? Events(string phrase) => phrase == "Berlin talks" ? berlin : null;

        Window(Parse("What did Russia demand before the Berlin talks?", namedEvent: Events), "min", "2025-12-14", "before the Berlin talks");
        Window(Parse("What happened after the Berlin talks?", namedEvent: Events), "2025-12-15", "2026-11-30", "after the Berlin talks");
        Window(Parse("What has changed since the Berlin talks?", namedEvent: Events), "2025-12-15", "2026-11-30", "since the Berlin talks");
        Window(Parse("What was agreed until the Berlin talks?", namedEvent: Events), "min", "2025-12-15", "until the Berlin talks");
    }

    [Fact]
    public void Parse_EventPhrase_IsAskedLongestFirstInTheMembersWords()
    {
        var asked = new List<string>();
        DateOnly? Events(string phrase)
        {
            asked.Add(phrase);
            return phrase == "Alaska summit" ? new DateOnly(2025, 8, 15) : null;
        }

        var time = Parse("What did Trump say after the Alaska summit ended?", namedEvent: Events);

        Assert.Equal(["Alaska summit ended", "Alaska summit"], asked);
        Window(time, "2025-08-15", "2026-11-30", "after the Alaska summit");
        Assert.Equal("What did Trump say ended?", time.Remainder);
    }

    [Fact]
    public void Parse_EventPhrase_StopsAtAPrepositionOrPunctuation()
    {
        var asked = new List<string>();
        DateOnly? Events(string phrase)
        {
            asked.Add(phrase);
            return null;
        }

        Parse("What did Russia demand before the Berlin talks in Germany?", namedEvent: Events);
        Parse("Since the Trump-Putin call, what changed?", namedEvent: Events);

        Assert.Equal(["Berlin talks", "Berlin", "Trump-Putin call", "Trump-Putin", "Trump"], asked);
    }

    [Fact]
    public void Parse_EventWithTheTimeItHappened_StartsFromTheEventNotTheTime()
    {
        DateOnly? Events(string phrase) => phrase == "Istanbul talks" ? new DateOnly(2025, 5, 16) : null;

        var time = Parse("What changed after the Istanbul talks in May 2025?", namedEvent: Events);

        Window(time, "2025-05-16", "2026-11-30", "after the Istanbul talks in May 2025");
        Assert.Equal("What changed?", time.Remainder);
    }

    [Fact]
    public void Parse_EventNobodyKnows_IsNoWindowAndStaysInTheRemainder()
    {
        var question = "What did Russia demand before the Paris summit?";

        var time = Parse(question, namedEvent: _ => null);

        Assert.Equal(TimeReference.None, time.Reference);
        Assert.Equal(question, time.Remainder);
    }

    [Fact]
    public void Parse_RangeBetweenTwoEvents_RunsFromTheFirstToTheSecond()
    {
        DateOnly? Events(string phrase) => phrase switch
        {
            "Alaska summit" => new DateOnly(2025, 8, 15),
            "Berlin talks" => new DateOnly(2025, 12, 15),
            _ => null,
        };

        var time = Parse("What changed between the Alaska summit and the Berlin talks?", namedEvent: Events);

        Window(time, "2025-08-15", "2025-12-15", "between the Alaska summit and the Berlin talks");
        Assert.Equal("What changed?", time.Remainder);
    }

    [Fact]
    public void Parse_SeasonAfterBefore_IsTheSeasonWhenNoEventMatches() =>
        Window(Parse("What did Russia demand before the summer?", namedEvent: _ => null), "min", "2026-05-31", "before summer 2026");
}
