namespace TalksBot.Testing;

/// <summary>
/// Issue 12's examples, asked on 30 November 2026 when the knowledge ends on 10 March 2026, and what a member must read
/// in the replies on any platform (the text of each reply, however the platform lays it out).
/// </summary>
internal static class TimeAwareExamples
{
    public const string Today = "2026-11-30";

    public static readonly string[] Questions =
    [
        "what happened in the talks last week?",
        "What was agreed at the talks in September 2026?",
        "Did a ceasefire start this summer?",
        "Did Ukraine hold its referendum on the peace deal this year?",
        "What is the latest news?",
        "What does Russia currently demand on territory?",
    ];

    /// <summary>How many of <see cref="Questions"/> are refused and stored for moderators.</summary>
    public const int Unanswered = 4;

    /// <param name="replies">The text of each reply, in the order of <see cref="Questions"/>.</param>
    public static void AssertHonest(IReadOnlyList<string> replies)
    {
        var (lastWeek, september, summer, referendum, latest, present) = (replies[0], replies[1], replies[2], replies[3], replies[4], replies[5]);
        Assert.Contains("My knowledge ends on 10 March 2026, so I can't tell you about last week.", lastWeek, StringComparison.Ordinal);
        Assert.Contains("My knowledge ends on 10 March 2026, so I can't tell you about September 2026.", september, StringComparison.Ordinal);
        Assert.Contains("My knowledge ends on 10 March 2026, so I can't tell you about this summer.", summer, StringComparison.Ordinal);
        Assert.Contains("The latest I have (not an answer to the question)", summer, StringComparison.Ordinal);
        Assert.Contains("My knowledge ends on 10 March 2026, and nothing in it up to then answers", referendum, StringComparison.Ordinal);
        Assert.Contains("• 10 Mar 2026 (9 months ago) — ", latest, StringComparison.Ordinal);
        Assert.Contains("knowledge ends 10 Mar 2026", latest, StringComparison.Ordinal);
        Assert.Contains("months ago — the latest I have: ", present, StringComparison.Ordinal);
        Assert.Contains("⚠ may be out of date", present, StringComparison.Ordinal);
    }
}
