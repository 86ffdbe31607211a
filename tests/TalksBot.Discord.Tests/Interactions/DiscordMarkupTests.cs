using TalksBot.Discord.Api;
using TalksBot.Discord.Interactions;

namespace TalksBot.Discord.Tests.Interactions;

public sealed class DiscordMarkupTests
{
    [Theory]
    [InlineData("<@123> will ukraine give up donetsk <@!456>", "will ukraine give up donetsk")]
    [InlineData("<@&999>   what about\nnato <#42>?", "what about\nnato ?")]
    [InlineData("<:flag_ua:112233> ceasefire <a:dance:445566>", "ceasefire")]
    [InlineData("</ask:1200000000000000005> territory", "territory")]
    [InlineData("what happened since <t:1765756800:R>?", "what happened since 2025-12-15?")]
    [InlineData("what happened on <t:1765756800>", "what happened on 2025-12-15")]
    [InlineData("a < b and <not markup> stay", "a < b and <not markup> stay")]
    [InlineData("<t:99999999999999:R> far future", "far future")]
    public void ToPlainText_Markup_BecomesPlainText(string typed, string expected)
    {
        Assert.Equal(expected, DiscordMarkup.ToPlainText(typed, resolved: null));
    }

    [Fact]
    public void ToPlainText_ResolvedMentions_BecomeTheirNames()
    {
        var resolved = new InteractionResolved
        {
            Users = new Dictionary<string, DiscordUser> { ["123"] = new("123") { Username = "alice", GlobalName = "Alice" } },
            Roles = new Dictionary<string, NamedEntity> { ["999"] = new("Moderators") },
            Channels = new Dictionary<string, NamedEntity> { ["42"] = new("general") },
        };

        Assert.Equal("Alice and Moderators in #general", DiscordMarkup.ToPlainText("<@123> and <@&999> in <#42>", resolved));
    }
}
