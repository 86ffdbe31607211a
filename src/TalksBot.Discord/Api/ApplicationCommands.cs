using System.Text.Json.Serialization;

namespace TalksBot.Discord.Api;

/// <summary>
/// An application command as registered (<c>PUT …/commands</c>) and as Discord lists it back (with ids, versions and
/// more, which are ignored here). Discord leaves out false booleans, so those are nullable.
/// </summary>
internal sealed record ApplicationCommand(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description)
{
    /// <summary>1: a slash command (CHAT_INPUT).</summary>
    [JsonPropertyName("type")]
    public int? Type { get; init; }

    [JsonPropertyName("options")]
    public IReadOnlyList<ApplicationCommandOption>? Options { get; init; }

    /// <summary>The permission bits (a decimal string) a member needs to see it; set for moderators' commands.</summary>
    [JsonPropertyName("default_member_permissions")]
    public string? DefaultMemberPermissions { get; init; }

    /// <summary>Where it can be used: 0 = guilds.</summary>
    [JsonPropertyName("contexts")]
    public IReadOnlyList<int>? Contexts { get; init; }
}

internal sealed record ApplicationCommandOption(
    [property: JsonPropertyName("type")] ApplicationCommandOptionType Type,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description)
{
    [JsonPropertyName("required")]
    public bool? Required { get; init; }

    [JsonPropertyName("autocomplete")]
    public bool? Autocomplete { get; init; }

    [JsonPropertyName("max_length")]
    public int? MaxLength { get; init; }

    [JsonPropertyName("min_value")]
    public double? MinValue { get; init; }

    [JsonPropertyName("max_value")]
    public double? MaxValue { get; init; }

    [JsonPropertyName("channel_types")]
    public IReadOnlyList<int>? ChannelTypes { get; init; }

    [JsonPropertyName("options")]
    public IReadOnlyList<ApplicationCommandOption>? Options { get; init; }
}
