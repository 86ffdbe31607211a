using System.Text.Json.Serialization;

namespace TalksBot.Discord.Api;

/// <summary>A frame this side sends: <c>{op, d}</c>.</summary>
internal sealed record GatewayCommand<TData>(
    [property: JsonPropertyName("op")] GatewayOpcode Op,
    [property: JsonPropertyName("d"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] TData Data);

/// <summary>Op 2 IDENTIFY.</summary>
internal sealed record Identify(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("intents")] GatewayIntents Intents,
    [property: JsonPropertyName("properties")] IdentifyProperties Properties,
    [property: JsonPropertyName("shard")] IReadOnlyList<int> Shard);

internal sealed record IdentifyProperties(
    [property: JsonPropertyName("os")] string Os,
    [property: JsonPropertyName("browser")] string Browser,
    [property: JsonPropertyName("device")] string Device);

/// <summary>Op 6 RESUME.</summary>
internal sealed record Resume(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("session_id")] string SessionId,
    [property: JsonPropertyName("seq")] long Sequence);

/// <summary>
/// The events a session asks for (IDENTIFY's <c>intents</c> bit field). INTERACTION_CREATE belongs to no intent; messages
/// need GUILD_MESSAGES and DIRECT_MESSAGES. MESSAGE_CONTENT (1 &lt;&lt; 15) is privileged and not asked for: without it
/// Discord still sends the content of DMs and of messages that mention the bot, which is all TalksBot reads.
/// </summary>
[Flags]
internal enum GatewayIntents
{
    None = 0,
    Guilds = 1 << 0,
    GuildMessages = 1 << 9,
    DirectMessages = 1 << 12,

    /// <summary>What TalksBot identifies with.</summary>
    TalksBot = Guilds | GuildMessages | DirectMessages,
}
