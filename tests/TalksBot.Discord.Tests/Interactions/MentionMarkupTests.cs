using TalksBot.Discord.Tests.Fakes;
using TalksBot.Discord.Tests.Gateway;
using TalksBot.Discord.Tests.Moderation;

namespace TalksBot.Discord.Tests.Interactions;

/// <summary>Discord markup in what a member types (mentions, emoji, command links, timestamps) does not change the answer.</summary>
public sealed class MentionMarkupTests
{
    [Fact]
    public async Task Ask_WithRoleAndUserMentions_SameAnswerAsWithout()
    {
        await using var session = await DiscordSession.StartAsync();
        await session.Discord.WaitForReadyAsync(DiscordSession.Wait);

        var (_, plain) = await session.AskAsync(FakeInteractions.Command("ask", ("question", "will ukraine give up donetsk")));
        var (_, marked) = await session.AskAsync(FakeInteractions.Command("ask", ("question", "<@&999> will ukraine give up donetsk <@999>")));

        Assert.Equal(plain.Data!.ToJsonString(), marked.Data!.ToJsonString());
    }

    [Theory]
    [InlineData("<@!999> will <#123456> ukraine <:flag_ua:112233> give up <a:dance:445566> donetsk")]
    [InlineData("</ask:1200000000000000005> will ukraine give up donetsk")]
    public async Task Ask_WithOtherMarkup_SameAnswerAsWithout(string question)
    {
        await using var session = await DiscordSession.StartAsync();
        await session.Discord.WaitForReadyAsync(DiscordSession.Wait);

        var (_, plain) = await session.AskAsync(FakeInteractions.Command("ask", ("question", "will ukraine give up donetsk")));
        var (_, marked) = await session.AskAsync(FakeInteractions.Command("ask", ("question", question)));

        Assert.Equal(plain.Data!.ToJsonString(), marked.Data!.ToJsonString());
    }

    [Fact]
    public async Task Ask_NothingButMarkup_IsTreatedAsAnEmptyQuestion()
    {
        await using var session = await DiscordSession.StartAsync();
        await session.Discord.WaitForReadyAsync(DiscordSession.Wait);

        var (_, callback) = await session.AskAsync(FakeInteractions.Command("ask", ("question", "<@999> <@&1000>")));

        Assert.DoesNotContain("<@", ModerationSessionTests.AllText(callback.Data), StringComparison.Ordinal);
        Assert.DoesNotContain(session.Bot.Store.Unanswered(), q => q.Text.Contains('<', StringComparison.Ordinal));
    }
}
