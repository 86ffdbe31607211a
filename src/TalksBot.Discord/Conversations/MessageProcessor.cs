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
/// second instance, is answered once; then translated (the bot's mention out, the rest of the markup readable, its
/// conversation named: see <see cref="Translate"/>) and answered as a reply to it — unless the channel refused TalksBot's replies lately
/// (<see cref="UnwritableChannels"/>).
/// </summary>
internal sealed class MessageProcessor(
    ConversationService conversations,
    IConversationMemory memory,
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

        var translated = Translate(message, botUserId, options.Value);
        var channel = new MessageReplyChannel(message, rest, unwritable, logger)
        {
            // A reply to TalksBot's answer continues the conversation of the message it answered.
            Posted = translated.AlsoKnownAs.Count == 0 ? null : answerId => ContinueFromAnswerAsync(translated.AlsoKnownAs[0], ReplyKey(message.ChannelId, answerId)),
        };
        await conversations.AnswerAsync(translated, channel, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The conversation a message belongs to. A DM, and a thread (a channel of its own on Discord), is one conversation.
    /// In a channel, a reply continues the conversation of the message it replies to (a member's question, or TalksBot's
    /// answer to one), and any other message its author's own: members talking past each other in a busy channel are not
    /// each other's follow-ups. The message is remembered as a place to reply to as well.
    /// </summary>
    public static ConversationMessage Translate(ChannelMessage message, string botUserId, DiscordOptions settings)
    {
        var wholeChannel = message.GuildId is null || message.Position is not null;
        var key = wholeChannel ? $"discord:{message.ChannelId}"
            : message.RepliesTo is { } repliedTo ? ReplyKey(message.ChannelId, repliedTo)
            : $"discord:{message.ChannelId}:by:{message.Author.Id}";
        return new ConversationMessage(
            InteractionProcessor.Platform,
            key,
            DiscordMarkup.MessageToPlainText(message.Content, botUserId, message.Mentions),
            DiscordCallers.Of(message.Author, message.Member, settings),
            message.ChannelId,
            Direct: message.GuildId is null)
        {
            // Also under the channel: Discord leaves the position off the first messages of a forum thread, so a thread's
            // first question may arrive looking like a channel's (only thread messages ever read the channel's key).
            AlsoKnownAs = wholeChannel ? [] : [ReplyKey(message.ChannelId, message.Id), $"discord:{message.ChannelId}"],
        };
    }

    private static string ReplyKey(string channelId, string messageId) => $"discord:{channelId}:after:{messageId}";

    /// <summary>Remembers the question of the message TalksBot answered under its answer, for replies to the answer.</summary>
    private async Task ContinueFromAnswerAsync(string questionKey, string answerKey)
    {
        try
        {
            if (await memory.LastQuestionAsync(questionKey, CancellationToken.None).ConfigureAwait(false) is { } question)
            {
                await memory.RememberAsync(answerKey, question, ConversationService.FollowUpWindow, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The answer is posted; only a reply to it will not find the question.
            Log.AnswerNotRemembered(logger, answerKey, exception.Message);
        }
    }
}
