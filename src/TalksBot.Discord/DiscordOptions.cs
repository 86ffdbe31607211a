using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace TalksBot.Discord;

/// <summary>How Discord delivers interactions: over the gateway WebSocket, or POSTed to our HTTP endpoint.</summary>
public enum DiscordInteractionsMode
{
    Gateway,
    Http,
}

/// <summary>Discord settings (configuration section <c>Discord</c>; <c>Discord__Token</c> in the environment). Without a token the adapter is off.</summary>
public sealed class DiscordOptions : IValidatableObject
{
    public const string Section = "Discord";

    /// <summary>The bot token from the Developer Portal (Bot → Token). Never logged.</summary>
    public string? Token { get; set; }

    /// <summary>The application id (a snowflake).</summary>
    public string? ApplicationId { get; set; }

    /// <summary>The application's public key (64 hex characters), needed in HTTP mode to verify request signatures.</summary>
    public string? PublicKey { get; set; }

    /// <summary>A guild (server) id: commands are registered there only, instantly — for development.</summary>
    public string? GuildId { get; set; }

    /// <summary>Gateway mode: total shards; default what <c>GET /gateway/bot</c> recommends.</summary>
    public int? ShardCount { get; set; }

    /// <summary>Gateway mode: the shard ids this process runs, comma separated ("0,1"); default all.</summary>
    public string? ShardIds { get; set; }

    public DiscordInteractionsMode InteractionsMode { get; set; } = DiscordInteractionsMode.Gateway;

    public Uri ApiBaseUrl { get; set; } = new("https://discord.com/api/v10");

    /// <summary>Used as given (with <c>v=10&amp;encoding=json</c> added) instead of asking <c>GET /gateway/bot</c>.</summary>
    public Uri? GatewayUrl { get; set; }

    /// <summary>A Discord permission that marks moderators (default MANAGE_GUILD, 32).</summary>
    public ulong ModeratorPermission { get; set; } = 32;

    /// <summary>A role id that marks moderators, in addition to the permission.</summary>
    public string? ModeratorRoleId { get; set; }

    /// <summary>Interaction workers taking interactions off the gateway's receive loop.</summary>
    [Range(1, 256)]
    public int Workers { get; set; } = 16;

    public bool Enabled => !string.IsNullOrWhiteSpace(Token);

    public IReadOnlyList<int> ParsedShardIds() =>
        string.IsNullOrWhiteSpace(ShardIds)
            ? []
            : ShardIds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => int.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture))
                .ToList();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        var token = Token!;
        // Only what is certainly wrong: Discord itself judges the rest (and answers 4004 / 401 with a clear log line).
        if (token.Any(char.IsWhiteSpace) || token.StartsWith("Bot ", StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult("Discord:Token does not look like a bot token (no spaces, no 'Bot ' prefix; copy it from Developer Portal → Bot).", [nameof(Token)]);
        }

        if (!IsSnowflake(ApplicationId))
        {
            yield return new ValidationResult("Discord:ApplicationId must be the application's numeric id (Developer Portal → General Information).", [nameof(ApplicationId)]);
        }

        if (GuildId is not null && !IsSnowflake(GuildId))
        {
            yield return new ValidationResult("Discord:GuildId must be a numeric server id, or unset for global commands.", [nameof(GuildId)]);
        }

        if (InteractionsMode == DiscordInteractionsMode.Http && (PublicKey is null || PublicKey.Length != 64 || !PublicKey.All(char.IsAsciiHexDigit)))
        {
            yield return new ValidationResult("Discord:PublicKey must be the application's 64-character hex public key in HTTP interactions mode.", [nameof(PublicKey)]);
        }

        if (ShardCount is < 1)
        {
            yield return new ValidationResult("Discord:ShardCount must be at least 1.", [nameof(ShardCount)]);
        }

        var shardIdsValid = ShardIds is null || ShardIds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .All(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && (ShardCount is null || id < ShardCount));
        if (!shardIdsValid)
        {
            yield return new ValidationResult("Discord:ShardIds must be comma-separated shard numbers below Discord:ShardCount, e.g. \"0,1\".", [nameof(ShardIds)]);
        }

        if (!ApiBaseUrl.IsAbsoluteUri || ApiBaseUrl.Scheme is not ("http" or "https"))
        {
            yield return new ValidationResult("Discord:ApiBaseUrl must be an absolute http(s) URL.", [nameof(ApiBaseUrl)]);
        }

        if (GatewayUrl is not null && (!GatewayUrl.IsAbsoluteUri || GatewayUrl.Scheme is not ("ws" or "wss")))
        {
            yield return new ValidationResult("Discord:GatewayUrl must be an absolute ws:// or wss:// URL.", [nameof(GatewayUrl)]);
        }
    }

    private static bool IsSnowflake(string? value) =>
        value is { Length: >= 1 and <= 20 } && value.All(char.IsAsciiDigit);
}
