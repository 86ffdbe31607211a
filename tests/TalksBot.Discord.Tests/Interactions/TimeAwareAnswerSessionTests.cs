using TalksBot.Discord.Tests.Fakes;
using TalksBot.Discord.Tests.Gateway;
using TalksBot.Discord.Tests.Moderation;

namespace TalksBot.Discord.Tests.Interactions;

/// <summary>The examples asked on Discord on 30 November 2026, when the knowledge ends on 10 March 2026.</summary>
public sealed class TimeAwareAnswerSessionTests
{
    [Fact]
    public async Task Ask_OnDiscord_AfterTheHorizonSaysSo_TheLatestIsLabelled_AndEveryAnswerShowsItsAge()
    {
        await using var session = await DiscordSession.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Knowledge:Today"] = "2026-11-30",
            ["RateLimits:Enabled"] = "false",
        });
        await session.Discord.WaitForReadyAsync(DiscordSession.Wait);

        var lastWeek = await AskAsync(session, "what happened in the talks last week?");
        var september = await AskAsync(session, "What was agreed at the talks in September 2026?");
        var summer = await AskAsync(session, "Did a ceasefire start this summer?");
        var referendum = await AskAsync(session, "Did Ukraine hold its referendum on the peace deal this year?");
        var latest = await AskAsync(session, "What is the latest news?");
        var present = await AskAsync(session, "What does Russia currently demand on territory?");

        Assert.Contains("My knowledge ends on 10 March 2026, so I can't tell you about last week.", lastWeek, StringComparison.Ordinal);
        Assert.Contains("My knowledge ends on 10 March 2026, so I can't tell you about September 2026.", september, StringComparison.Ordinal);
        Assert.Contains("My knowledge ends on 10 March 2026, so I can't tell you about this summer.", summer, StringComparison.Ordinal);
        Assert.Contains("The latest I have (not an answer to the question)", summer, StringComparison.Ordinal);
        Assert.Contains("My knowledge ends on 10 March 2026, and nothing in it up to then answers", referendum, StringComparison.Ordinal);
        Assert.Contains("• 10 Mar 2026 (9 months ago) — ", latest, StringComparison.Ordinal);
        Assert.Contains("knowledge ends 10 Mar 2026", latest, StringComparison.Ordinal);
        Assert.Contains("months ago — the latest I have: ", present, StringComparison.Ordinal);
        Assert.Contains("⚠ may be out of date", present, StringComparison.Ordinal);
        Assert.Equal(4, session.Bot.Store.Unanswered(100).Count);
    }

    private static async Task<string> AskAsync(DiscordSession session, string question)
    {
        var (_, callback) = await session.AskAsync(FakeInteractions.Command("ask", ("question", question)));
        return ModerationSessionTests.AllText(callback.Data);
    }
}
