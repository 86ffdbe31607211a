using System.Collections.Frozen;
using TalksBot.Core.Commands;
using TalksBot.Core.Conversations;
using TalksBot.Slack.Protocol;

namespace TalksBot.Slack.Interactions;

/// <summary>A message written to TalksBot, read from an event: what Core answers, and where in Slack the answer goes.</summary>
/// <param name="Message">The message as Core takes it.</param>
/// <param name="Ts">The message's own ts: with the channel, what names it across deliveries and event types.</param>
/// <param name="ReplyThreadTs">The thread the answer goes in (null: the direct message itself, outside a thread).</param>
internal sealed record IncomingConversationMessage(ConversationMessage Message, string Ts, string? ReplyThreadTs)
{
    public string UserId => Message.Caller.UserId;

    public string ChannelId => Message.ChannelId;
}

/// <summary>
/// Turns an <c>app_mention</c> or a direct message (<c>message</c> with <c>channel_type</c> "im") into a
/// <see cref="ConversationMessage"/>, and drops everything TalksBot must not answer: other events and messages in channels,
/// bots (<c>bot_id</c>), the bot's own user (the event's <c>authorizations[0].user_id</c>), any <c>subtype</c> but a member's new message (edits,
/// joins, deletions) and an edited mention. A mention is answered in its thread (<c>thread_ts ?? ts</c>), a direct message in the
/// direct message (in its thread only when it was written in one).
/// </summary>
internal static class ConversationEventReader
{
    private const string DirectMessageChannelType = "im";

    /// <summary>
    /// Subtypes that are still a member's new message: a thread reply also sent to the channel, and a message with a file
    /// attached. Every other subtype is an edit, a deletion, a join, a bot's post or the like.
    /// </summary>
    private static readonly FrozenSet<string> MembersNewMessages = FrozenSet.Create(StringComparer.Ordinal, "thread_broadcast", "file_share");

    public static IncomingConversationMessage? Read(EventsRequest request, MessageEvent message)
    {
        var direct = message.Type == SlackEventType.Message && message.ChannelType == DirectMessageChannelType;
        if ((message.Type != SlackEventType.AppMention && !direct)
            || message.BotId is not null || (message.Subtype is not null && !MembersNewMessages.Contains(message.Subtype)) || message.Edited is not null
            || message is not { User: { Length: > 0 } user, Channel: { Length: > 0 } channel, Ts: { Length: > 0 } ts })
        {
            return null;
        }

        var botUserId = request.Authorizations is [{ UserId: { Length: > 0 } bot }, ..] ? bot : null;
        if (user == botUserId)
        {
            return null;
        }

        var team = request.TeamId ?? message.Team ?? "";
        var thread = message.ThreadTs is { Length: > 0 } threadTs ? threadTs : null;
        var replyThread = direct ? thread : thread ?? ts;
        var key = replyThread is null ? $"slack:{team}:{channel}" : $"slack:{team}:{channel}:{replyThread}";

        // Only /ask runs from a message (moderators' commands stay slash commands), so no one's rights are looked up.
        var caller = new CommandCaller(user, user, []);
        var text = SlackMarkup.MessageText(message.Text ?? "", botUserId);
        return new IncomingConversationMessage(new ConversationMessage(SlackRequestProcessor.Platform, key, text, caller, channel, direct), ts, replyThread);
    }
}
