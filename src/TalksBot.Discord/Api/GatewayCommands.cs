using System.Text.Json.Serialization;

namespace TalksBot.Discord.Api;

/// <summary>A frame this side sends: <c>{op, d}</c>.</summary>
internal sealed record GatewayCommand<TData>(
    [property: JsonPropertyName("op")] GatewayOpcode Op,
    [property: JsonPropertyName("d"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] TData Data);

/// <summary>Op 2 IDENTIFY. A slash-command bot needs intents 0 (INTERACTION_CREATE belongs to no intent).</summary>
internal sealed record Identify(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("intents")] int Intents,
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
