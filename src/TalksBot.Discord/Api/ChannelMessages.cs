using System.Text.Json.Serialization;

namespace TalksBot.Discord.Api;

/// <summary>Message types (a message's <c>type</c>): TalksBot answers what members write; every other type is a system message.</summary>
internal enum MessageType
{
    Default = 0,
    Reply = 19,
}

/// <summary>
/// A message as Discord sends it: MESSAGE_CREATE's d, or the target of a message command in an interaction's
/// <c>resolved.messages</c>. Only what TalksBot reads; the id, channel, author and type missing make it malformed.
/// </summary>
internal sealed record ChannelMessage(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("channel_id")] string ChannelId,
    [property: JsonPropertyName("author")] DiscordUser Author,
    [property: JsonPropertyName("type")] MessageType Type)
{
    /// <summary>Null in a DM.</summary>
    [JsonPropertyName("guild_id")]
    public string? GuildId { get; init; }

    /// <summary>The author's guild member (roles; no user and no permissions in a message).</summary>
    [JsonPropertyName("member")]
    public GuildMember? Member { get; init; }

    /// <summary>Empty in a guild message that does not mention the bot (TalksBot has no MESSAGE_CONTENT intent).</summary>
    [JsonPropertyName("content")]
    public string Content { get; init; } = "";

    /// <summary>Set when a webhook posted it.</summary>
    [JsonPropertyName("webhook_id")]
    public string? WebhookId { get; init; }

    /// <summary>The users mentioned (not roles, not @everyone), with their names.</summary>
    [JsonPropertyName("mentions")]
    public IReadOnlyList<DiscordUser> Mentions { get; init; } = [];

    /// <summary>The message this one replies to (a reply, type 19) or forwards.</summary>
    [JsonPropertyName("message_reference")]
    public ReferenceToMessage? Reference { get; init; }

    /// <summary>Set on a message in a thread (its approximate place there): Discord's sign that the channel is a thread.</summary>
    [JsonPropertyName("position")]
    public int? Position { get; init; }

    /// <summary>The message this one replies to; null for any other message (a forward included).</summary>
    public string? RepliesTo => Reference is { Type: ReferenceToMessage.ReplyType, MessageId: { Length: > 0 } id } ? id : null;
}

/// <summary>A received message's <c>message_reference</c>: what it replies to or forwards.</summary>
internal sealed record ReferenceToMessage
{
    /// <summary>The reference type of a reply (1 is a forward).</summary>
    public const int ReplyType = 0;

    [JsonPropertyName("message_id")]
    public string? MessageId { get; init; }

    [JsonPropertyName("type")]
    public int Type { get; init; }
}

/// <summary>What TalksBot reads of a message it posted (<c>POST /channels/{id}/messages</c>): its id.</summary>
internal sealed record PostedMessage([property: JsonPropertyName("id")] string? Id);

/// <summary>What a new message replies to (<c>message_reference</c>): a message in the same channel.</summary>
internal sealed record MessageReference([property: JsonPropertyName("message_id")] string MessageId)
{
    /// <summary>False: when the message is gone, the reply is posted as a plain message rather than refused.</summary>
    [JsonPropertyName("fail_if_not_exists")]
    public bool FailIfNotExists { get; init; }
}
