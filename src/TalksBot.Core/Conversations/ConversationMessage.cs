using TalksBot.Core.Commands;

namespace TalksBot.Core.Conversations;

/// <summary>
/// A message written to TalksBot inside a conversation: a mention in a channel or thread, or a direct message. Adapters
/// have already dropped what is not for the bot (bots, webhooks, system messages, edits, redeliveries) and taken the
/// bot's own mention out of <see cref="Text"/>.
/// </summary>
/// <param name="Platform">"discord", "slack".</param>
/// <param name="ConversationKey">
/// Names the conversation the message belongs to, so a follow-up finds the question before it: Slack's channel and
/// <c>thread_ts ?? ts</c>; on Discord a thread or a DM channel, else the message it replies to, else its author in
/// that channel. Opaque to Core.
/// </param>
/// <param name="Text">What the member wrote, without the bot's mention; may be empty ("@TalksBot" alone).</param>
/// <param name="Caller">Who wrote it.</param>
/// <param name="ChannelId">Where it was written.</param>
/// <param name="Direct">A direct message to the bot rather than a mention in a channel.</param>
public sealed record ConversationMessage(string Platform, string ConversationKey, string Text, CommandCaller Caller, string ChannelId, bool Direct = false)
{
    /// <summary>
    /// Further keys under which the message's question is remembered: a later message may continue the conversation
    /// from here (on Discord, a reply to this message).
    /// </summary>
    public IReadOnlyList<string> AlsoKnownAs { get; init; } = [];
}
