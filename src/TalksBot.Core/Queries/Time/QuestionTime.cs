namespace TalksBot.Core.Queries.Time;

/// <summary>What a question says about time.</summary>
public enum TimeReference
{
    /// <summary>No time expression.</summary>
    None,

    /// <summary>The question asks about the present: "now", "currently", "still", "so far", "today" (when not asking what happened).</summary>
    Present,

    /// <summary>The question asks for the newest: "latest", "most recent", "recently", "any news", "what's new".</summary>
    Latest,

    /// <summary>The question names a range of days: "last week", "in September 2026", "since March", "before the Berlin talks".</summary>
    Window,
}

/// <summary>
/// An inclusive range of days, with the words the member used for it ("last week", "September 2026", "this summer",
/// "before the Berlin talks"). Open ends use <see cref="DateOnly.MinValue"/> and <see cref="DateOnly.MaxValue"/>.
/// </summary>
public sealed record TimeWindow(DateOnly From, DateOnly To, string Label)
{
    /// <summary>True when <paramref name="date"/> falls inside the window, ends included.</summary>
    public bool Contains(DateOnly date) => date >= From && date <= To;
}

/// <summary>
/// What a question says about time: the reference, the window when <see cref="Reference"/> is
/// <see cref="TimeReference.Window"/>, and the question with its time expressions removed (for searching), whitespace
/// collapsed and the member's casing kept.
/// </summary>
public sealed record QuestionTime(TimeReference Reference, TimeWindow? Window, string Remainder)
{
    /// <summary>A question that says nothing about time: its remainder is the question, unchanged.</summary>
    public static QuestionTime None(string question) => new(TimeReference.None, null, question);
}
