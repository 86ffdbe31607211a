using System.Globalization;
using TalksBot.Core.Queries.Time;

namespace TalksBot.Core.Tests.Queries.Time;

/// <summary>Parses with a fixed today and checks the window a member's question reads as.</summary>
internal static class QuestionTimeAssert
{
    /// <summary>A Monday, late November 2026: the calendar the examples were written against.</summary>
    public static readonly DateOnly Today = new(2026, 11, 30);

    public static QuestionTime Parse(string question, string? today = null, Func<string, DateOnly?>? namedEvent = null) =>
        QuestionTimeParser.Parse(question, today is null ? Today : Date(today), namedEvent);

    /// <summary>"2026-11-23", or "min"/"max" for an open end.</summary>
    public static DateOnly Date(string text) => text switch
    {
        "min" => DateOnly.MinValue,
        "max" => DateOnly.MaxValue,
        _ => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    public static TimeWindow Window(QuestionTime time, string from, string to, string? label = null)
    {
        Assert.Equal(TimeReference.Window, time.Reference);
        var window = Assert.IsType<TimeWindow>(time.Window);
        Assert.Equal((Date(from), Date(to)), (window.From, window.To));
        if (label is not null)
        {
            Assert.Equal(label, window.Label);
        }

        return window;
    }

    public static void NoTime(string question, string? today = null)
    {
        var time = Parse(question, today);
        Assert.Equal(TimeReference.None, time.Reference);
        Assert.Null(time.Window);
        Assert.Equal(question, time.Remainder);
    }
}
