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
}

/// <summary>What a new message replies to (<c>message_reference</c>): a message in the same channel.</summary>
internal sealed record MessageReference([property: JsonPropertyName("message_id")] string MessageId)
{
    /// <summary>False: when the message is gone, the reply is posted as a plain message rather than refused.</summary>
    [JsonPropertyName("fail_if_not_exists")]
    public bool FailIfNotExists { get; init; }
}
