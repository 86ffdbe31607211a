using System.Diagnostics;
using System.Text;
using TalksBot.Core.Queries.Time;
using static TalksBot.Core.Tests.Queries.Time.QuestionTimeAssert;

namespace TalksBot.Core.Tests.Queries.Time;

/// <summary>Whatever a member types, the parser answers at once and never throws.</summary>
public sealed class QuestionTimeParserHostileInputTests
{
    private static readonly string[] Pieces =
    [
        "in", "on", "since", "before", "after", "until", "by", "between", "from", "to", "and", "the", "of", "early", "mid",
        "late", "end", "last", "this", "next", "past", "few", "a", "two", "ago", "day", "weeks", "month", "year", "summer",
        "winter", "fall", "May", "march", "Dec", "Sept", "15th", "31", "29", "0", "1990", "2100", "2025", "99999999999",
        "2026-02-29", "2024-02-29", "2026-13", "9999-12", "0000-01", "0001-01-01", "2014-2022", "now", "still", "today",
        "latest", "any", "more", "news", "happened", ",", ".", "?", "-", "–", "(", ")", "'s", "€", "%", "\u202E", "\u200B",
        "\uD800", "\uDC00", "😀", "\u0301", "٢٠٢٥", "２０２５", "\0", "\t", "\n",
    ];

    [Fact]
    public void Parse_TenThousandCharactersOfTimeWords_AnswersAtOnce()
    {
        var question = new StringBuilder();
        while (question.Length < 10_000)
        {
            question.Append("what happened before the Berlin talks since late May 2025 or between 1 and 31 December now? ");
        }

        var lookups = 0;
        var clock = Stopwatch.StartNew();

        var time = Parse(question.ToString(), namedEvent: _ =>
        {
            lookups++;
            return null;
        });

        clock.Stop();
        Assert.Equal(TimeReference.Window, time.Reference);
        Assert.InRange(lookups, 1, 12);
        Assert.InRange(clock.ElapsedMilliseconds, 0, 2_000);
    }

    [Fact]
    public void Parse_TenThousandCharactersWithoutSpaces_IsNone()
    {
        var question = new string('9', 5_000) + new string('x', 5_000);

        NoTime(question);
    }

    [Theory]
    [InlineData("\uD800 in May 2025 \uDC00")]
    [InlineData("in\u200BMay 2025")]
    [InlineData("\u202Ein May 2025\u202C")]
    [InlineData("in May 2025 \u0301\u0301")]
    [InlineData("😀😀 in May 2025 😀")]
    public void Parse_OddUnicodeAroundATime_StillFindsIt(string question) =>
        Window(Parse(question), "2025-05-01", "2025-05-31", "May 2025");

    [Theory]
    [InlineData("in ٢٠٢٥")]
    [InlineData("in ２０２５")]
    [InlineData("\0\0\0")]
    [InlineData("in Mаy 2025x")]
    public void Parse_LookalikeDigitsOrLetters_AreNoTime(string question) => NoTime(question);

    [Fact]
    public void Parse_RandomJumbleOfTimeWordsAndOddCharacters_NeverThrowsAndKeepsWindowsOrdered()
    {
        var random = new Random(20261130);
        var todays = new[] { Today, new DateOnly(2026, 1, 1), new DateOnly(2026, 5, 15), new DateOnly(2026, 11, 29), new DateOnly(2024, 2, 29) };
        for (var round = 0; round < 5_000; round++)
        {
            var question = new StringBuilder();
            var length = random.Next(1, 14);
            for (var k = 0; k < length; k++)
            {
                question.Append(Pieces[random.Next(Pieces.Length)]);
                question.Append(random.Next(4) == 0 ? string.Empty : " ");
            }

            var text = question.ToString();
            var time = QuestionTimeParser.Parse(text, todays[round % todays.Length], phrase => phrase.Length % 3 == 0 ? new DateOnly(2025, 12, 15) : null);

            Assert.True(time.Remainder.Length <= text.Length, text);
            if (time.Reference == TimeReference.Window)
            {
                var window = Assert.IsType<TimeWindow>(time.Window);
                Assert.True(window.From <= window.To, $"{text} -> {window}");
                Assert.False(string.IsNullOrWhiteSpace(window.Label), text);
            }
            else
            {
                Assert.Null(time.Window);
            }
        }
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(9999, 12, 31)]
    public void Parse_TodayAtTheEndsOfTheCalendar_IsNone(int year, int month, int day) =>
        Assert.Equal(TimeReference.None, QuestionTimeParser.Parse("what happened next year and 9999 days ago?", new DateOnly(year, month, day)).Reference);

    [Fact]
    public void Parse_DatesAtTheEndsOfTheCalendar_DoNotOverflow()
    {
        // No day after the last one and none before the first: the bound is dropped and the date stands alone.
        Window(Parse("what happened after 9999-12?"), "9999-12-01", "9999-12-31", "December 9999");
        Window(Parse("what happened before 0001-01-01?"), "0001-01-01", "0001-01-01", "1 January 0001");
        Assert.Equal(TimeReference.None, Parse("what happened in 0000-01?").Reference);
        Window(Parse("what happened in the last 1000 days?"), "2024-03-06", "2026-11-30", "the last 1000 days");
        Assert.Equal(TimeReference.None, Parse("what happened in the last 5000 years?").Reference);
    }
}
