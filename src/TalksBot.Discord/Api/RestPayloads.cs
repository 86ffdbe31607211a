using System.Text.Json.Serialization;

namespace TalksBot.Discord.Api;

/// <summary><c>GET /gateway/bot</c>: where to connect, how many shards, how many may identify at once.</summary>
internal sealed record GatewayBot(
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("shards")] int Shards = 1,
    [property: JsonPropertyName("session_start_limit")] SessionStartLimit? SessionStartLimit = null);

internal sealed record SessionStartLimit([property: JsonPropertyName("max_concurrency")] int MaxConcurrency = 1);

/// <summary>Discord's error body (any non-2xx): a JSON error code and message; a 429 adds retry_after and global.</summary>
internal sealed record DiscordError
{
    [JsonPropertyName("code")]
    public int? Code { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }

    [JsonPropertyName("retry_after")]
    public double? RetryAfter { get; init; }

    [JsonPropertyName("global")]
    public bool? Global { get; init; }
}
