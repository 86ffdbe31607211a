using System.Text.Json;
using TalksBot.Discord.Api;
using TalksBot.Discord.Conversations;
using TalksBot.Discord.Interactions;
using TalksBot.Discord.Tests.Fakes;

namespace TalksBot.Discord.Tests.Conversations;

public sealed class AddressedMessagesTests
{
    [Fact]
    public void Translate_MentionWithOtherMarkup_ReadsAsMembersSeeIt()
    {
        var message = Message(FakeMessages.Message(
            FakeInteractionContext.Member,
            $"<@!{FakeMessages.BotUserId}> what did <@1300000000000000077> say in <#1200000000000000002> to <@&1400000000000000009> <:putin:1600000000000000001> on <t:1767225600:D>?",
            ("1300000000000000077", "Bob")));

        var conversation = MessageProcessor.Translate(message, FakeMessages.BotUserId, new DiscordOptions());

        Assert.Equal("what did @Bob say in #channel to @role :putin: on 2026-01-01?", conversation.Text);
        // In a channel (not a thread), a message that replies to nothing is its author's own conversation there.
        Assert.Equal($"discord:{FakeInteractionContext.Member.ChannelId}:by:{FakeInteractionContext.Member.UserId}", conversation.ConversationKey);
        Assert.Equal((FakeInteractionContext.Member.UserId, "Alice"), (conversation.Caller.UserId, conversation.Caller.DisplayName));
        Assert.Equal(("discord", FakeInteractionContext.Member.ChannelId, false), (conversation.Platform, conversation.ChannelId, conversation.Direct));
    }

    [Fact]
    public void Translate_DirectMessage_IsDirectAndKeyedByItsChannel()
    {
        var conversation = MessageProcessor.Translate(Message(FakeMessages.Message(FakeInteractionContext.Dm, "and Ukraine?")), FakeMessages.BotUserId, new DiscordOptions());

        Assert.True(conversation.Direct);
        Assert.Equal($"discord:{FakeInteractionContext.Dm.ChannelId}", conversation.ConversationKey);
        Assert.Equal("and Ukraine?", conversation.Text);
    }

    [Fact]
    public void Translate_AuthorWithTheModeratorRole_IsAModerator()
    {
        var moderator = Message(FakeMessages.Mention(FakeInteractionContext.Moderator, "hello"));

        Assert.True(MessageProcessor.Translate(moderator, FakeMessages.BotUserId, new DiscordOptions { ModeratorRoleId = "1400000000000000001" }).Caller.IsModerator);
        Assert.False(MessageProcessor.Translate(moderator, FakeMessages.BotUserId, new DiscordOptions()).Caller.IsModerator);
    }

    [Theory]
    [InlineData("<@1100000000000000001> hi", true)]
    [InlineData("<@!1100000000000000001> hi", true)]
    [InlineData("<@11000000000000000012> hi", false)]
    [InlineData("<@&1100000000000000001> hi", false)]
    [InlineData("@everyone hi", false)]
    public void IsForBot_GuildMessage_OnlyWhenItMentionsTheBotItself(string content, bool addressed)
    {
        var message = Message(FakeMessages.Message(FakeInteractionContext.Member, content));

        Assert.Equal(addressed, AddressedMessages.IsForBot(message, FakeMessages.BotUserId));
    }

    [Fact]
    public void IsForBot_ReplyThatPingsTheBotWithoutItsMarkup_IsForTheBot()
    {
        var json = FakeMessages.Message(FakeInteractionContext.Member, "and Ukraine?");
        json["type"] = 19;
        json["mentions"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["id"] = FakeMessages.BotUserId, ["username"] = "TalksBot", ["bot"] = true });

        Assert.True(AddressedMessages.IsForBot(Message(json), FakeMessages.BotUserId));
    }

    [Fact]
    public void MessageToPlainText_UserNotInMentions_BecomesAGenericName()
    {
        Assert.Equal("@user hello", DiscordMarkup.MessageToPlainText("<@1300000000000000077>   hello", botUserId: null, []));
    }

    internal static ChannelMessage Message(System.Text.Json.Nodes.JsonObject json) =>
        JsonSerializer.Deserialize(json.ToJsonString(), DiscordJson.Default.ChannelMessage)!;
}
