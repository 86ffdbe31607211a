using TalksBot.Slack.Interactions;

namespace TalksBot.Slack.Tests.Interactions;

public sealed class SlackMarkupTests
{
    [Theory]
    [InlineData("<!channel> will ukraine give up donetsk <@U999EVIL>", " will ukraine give up donetsk ")]
    [InlineData("ask <@U123|bob> and <!here> or <!everyone>", "ask  and  or ")]
    [InlineData("<!subteam^S0MODS|@moderators> please check", " please check")]
    [InlineData("talks on <!date^1392734382^{date_short}|Feb 18, 2014> in geneva", "talks on Feb 18, 2014 in geneva")]
    [InlineData("see <#C0GENERAL|general> and <#C0OTHER>", "see #general and ")]
    [InlineData("<https://www.nato.int/summit|the summit> said", "the summit said")]
    [InlineData("source_url:<https://example.org/a?b=1&amp;c=2>", "source_url:https://example.org/a?b=1&c=2")]
    [InlineData("write to <mailto:press@example.org|the press office> or <mailto:a@example.org>", "write to the press office or a@example.org")]
    [InlineData("russia &amp; ukraine: &lt;@U1&gt; is text", "russia & ukraine: <@U1> is text")]
    [InlineData("&amp;lt; stays an escape once", "&lt; stays an escape once")]
    [InlineData("no markup at all", "no markup at all")]
    [InlineData("a < b and <unclosed", "a < b and <unclosed")]
    [InlineData("<>", "")]
    public void ToPlainText_SlackMarkup_BecomesWhatTheMemberMeant(string typed, string plain) =>
        Assert.Equal(plain, SlackMarkup.ToPlainText(typed));

    [Fact]
    public void ToPlainText_ForACommandThatTakesAChannel_KeepsTheChannelLink() =>
        Assert.Equal("<#C0UPDATES|talks-updates> ", SlackMarkup.ToPlainText("<#C0UPDATES|talks-updates> <@U1>", keepChannelLinks: true));

    [Theory]
    [InlineData("<@U0BOT> what about <@U123|bob>?", " what about @bob?")]
    [InlineData("<@U0BOT|talksbot> and ukraine? <@U0BOT>", " and ukraine? ")]
    [InlineData("<!channel> <!here|here> <!everyone> russia &amp; nato &lt;3", "channel here everyone russia & nato <3")]
    [InlineData("see <#C1|general> and <https://nato.int|the summit>, ask <@U999>", "see #general and the summit, ask ")]
    [InlineData("<!subteam^S0MODS|@mods> <!date^1392734382^{date}|Feb 18, 2014>", "@mods Feb 18, 2014")]
    [InlineData("&lt;!channel&gt; typed as text", "<!channel> typed as text")]
    public void MessageText_AsMembersReadIt_WithoutTheBotsMention(string written, string read) =>
        Assert.Equal(read, SlackMarkup.MessageText(written, "U0BOT"));
}
