using TalksBot.Discord.Api;
using TalksBot.Discord.Interactions;
using TalksBot.Platform.WebSockets;

namespace TalksBot.Discord.Conversations;

/// <summary>
/// Which of the messages the gateway delivers are written to TalksBot: members' messages (not a bot's, a webhook's or a
/// system message) that are direct messages or mention the bot. Decided on the receive loop, before anything is queued:
/// with GUILD_MESSAGES, every message in every channel TalksBot sees arrives, and almost none is for it.
/// </summary>
internal static class AddressedMessages
{
    /// <summary>Returns <paramref name="message"/>, or throws <see cref="MalformedMessageException"/> when its ids are not snowflakes.</summary>
    public static ChannelMessage Checked(ChannelMessage message)
    {
        if (!InteractionPayload.IsSnowflake(message.Id) || !InteractionPayload.IsSnowflake(message.ChannelId) ||
            !InteractionPayload.IsSnowflake(message.Author.Id) || (message.GuildId is not null && !InteractionPayload.IsSnowflake(message.GuildId)))
        {
            throw new MalformedMessageException("A MESSAGE_CREATE whose id, channel, guild or author is not a snowflake.");
        }

        return message;
    }

    /// <summary>
    /// True for a member's message to the bot (<paramref name="botUserId"/>): any direct message, or a guild message
    /// that mentions the bot itself. Role mentions and @everyone address the channel, not TalksBot.
    /// </summary>
    public static bool IsForBot(ChannelMessage message, string botUserId)
    {
        if (message.Author.Bot == true || message.WebhookId is not null || message.Type is not (MessageType.Default or MessageType.Reply) ||
            message.Author.Id == botUserId)
        {
            return false;
        }

        return message.GuildId is null ||
            message.Mentions.Any(m => m.Id == botUserId) ||
            message.Content.Contains($"<@{botUserId}>", StringComparison.Ordinal) ||
            message.Content.Contains($"<@!{botUserId}>", StringComparison.Ordinal);
    }
}
