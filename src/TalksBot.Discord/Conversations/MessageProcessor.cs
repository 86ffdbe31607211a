using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TalksBot.Core.Conversations;
using TalksBot.Core.Delivery;
using TalksBot.Discord.Api;
using TalksBot.Discord.Interactions;
using TalksBot.Discord.Rest;

namespace TalksBot.Discord.Conversations;

/// <summary>
/// Answers a message written to TalksBot (<see cref="AddressedMessages.IsForBot"/>) through Core's
/// <see cref="ConversationService"/>: claimed in the delivery log first, so a dispatch replayed by a RESUME, or seen by a
/// second instance, is answered once; then translated (the bot's mention out, the rest of the markup readable, the
/// channel as the conversation) and answered as a reply to it — unless the channel refused TalksBot's replies lately
/// (<see cref="UnwritableChannels"/>).
/// </summary>
internal sealed class MessageProcessor(
    ConversationService conversations,
    IDeliveryLog deliveries,
    DiscordRestClient rest,
    UnwritableChannels unwritable,
    IOptions<DiscordOptions> options,
    ILogger<MessageProcessor> logger)
{
    /// <summary>How long a message id is remembered: far longer than any replay or a second instance's delivery.</summary>
    public static readonly TimeSpan ReplayWindow = TimeSpan.FromHours(1);

    public async Task ProcessAsync(ChannelMessage message, string botUserId, CancellationToken cancellationToken)
    {
        if (!await deliveries.TryClaimAsync($"discord:message:{message.Id}", ReplayWindow, cancellationToken).ConfigureAwait(false))
        {
            Log.MessageReplayRefused(logger, message.Id);
            return;
        }

        if (unwritable.IsUnwritable(message.ChannelId))
        {
            Log.MessageInUnwritableChannel(logger, message.Id, message.ChannelId);
            return;
        }

        await conversations.AnswerAsync(Translate(message, botUserId, options.Value), new MessageReplyChannel(message, rest, unwritable, logger), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A thread is a channel of its own on Discord, and so is a DM: the channel names the conversation.</summary>
    public static ConversationMessage Translate(ChannelMessage message, string botUserId, DiscordOptions settings) => new(
        InteractionProcessor.Platform,
        $"discord:{message.ChannelId}",
        DiscordMarkup.MessageToPlainText(message.Content, botUserId, message.Mentions),
        DiscordCallers.Of(message.Author, message.Member, settings),
        message.ChannelId,
        Direct: message.GuildId is null);
}
