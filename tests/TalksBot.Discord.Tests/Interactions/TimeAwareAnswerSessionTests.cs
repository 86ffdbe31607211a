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
            ["Knowledge:Today"] = Testing.TimeAwareExamples.Today,
            ["RateLimits:Enabled"] = "false",
        });
        await session.Discord.WaitForReadyAsync(DiscordSession.Wait);

        var replies = new List<string>();
        foreach (var question in Testing.TimeAwareExamples.Questions)
        {
            replies.Add(await AskAsync(session, question));
        }

        Testing.TimeAwareExamples.AssertHonest(replies);
        Assert.Equal(Testing.TimeAwareExamples.Unanswered, session.Bot.Store.Unanswered(100).Count);
    }

    private static async Task<string> AskAsync(DiscordSession session, string question)
    {
        var (_, callback) = await session.AskAsync(FakeInteractions.Command("ask", ("question", question)));
        return ModerationSessionTests.AllText(callback.Data);
    }
}
