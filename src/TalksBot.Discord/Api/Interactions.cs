using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TalksBot.Discord.Api;

/// <summary>Discord's interaction types.</summary>
internal enum InteractionType
{
    Ping = 1,
    ApplicationCommand = 2,
    MessageComponent = 3,
    Autocomplete = 4,
    ModalSubmit = 5,
}

/// <summary>Application command types: a slash command, or a command in a user's or a message's Apps menu.</summary>
internal enum ApplicationCommandType
{
    ChatInput = 1,
    User = 2,
    Message = 3,
}

/// <summary>Application command option types (in registrations and in invoked options).</summary>
internal enum ApplicationCommandOptionType
{
    Subcommand = 1,
    SubcommandGroup = 2,
    String = 3,
    Integer = 4,
    Boolean = 5,
    User = 6,
    Channel = 7,
    Role = 8,
    Mentionable = 9,
    Number = 10,
    Attachment = 11,
}

/// <summary>
/// An interaction as Discord sends it (INTERACTION_CREATE's d, or the body POSTed to the endpoint). Unknown fields are
/// ignored; the four required ones missing or any field wrongly typed make it malformed (<see cref="Interactions.InteractionPayload"/>).
/// </summary>
internal sealed record Interaction(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("application_id")] string ApplicationId,
    [property: JsonPropertyName("type")] InteractionType Type,
    [property: JsonPropertyName("token")] string Token)
{
    [JsonPropertyName("data")]
    public InteractionData? Data { get; init; }

    [JsonPropertyName("channel_id")]
    public string? ChannelId { get; init; }

    /// <summary>The caller in a guild; null in a DM, where <see cref="User"/> is set.</summary>
    [JsonPropertyName("member")]
    public GuildMember? Member { get; init; }

    [JsonPropertyName("user")]
    public DiscordUser? User { get; init; }

    /// <summary>Who invoked it, in a guild or a DM.</summary>
    public DiscordUser? Caller => Member?.User ?? User;
}

/// <summary>
/// <c>data</c> of an interaction: a command's name and options (types 2 and 4), a component's custom id (type 3), or a
/// modal's custom id and inputs (type 5).
/// </summary>
internal sealed record InteractionData
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>A command's type; <see cref="ApplicationCommandType.Message"/> names the message in <see cref="TargetId"/>.</summary>
    [JsonPropertyName("type")]
    public ApplicationCommandType? Type { get; init; }

    /// <summary>The message (or user) a context-menu command was used on, in <see cref="Resolved"/>.</summary>
    [JsonPropertyName("target_id")]
    public string? TargetId { get; init; }

    [JsonPropertyName("options")]
    public IReadOnlyList<InteractionOption>? Options { get; init; }

    [JsonPropertyName("resolved")]
    public InteractionResolved? Resolved { get; init; }

    [JsonPropertyName("custom_id")]
    public string? CustomId { get; init; }

    [JsonPropertyName("component_type")]
    public ComponentType? ComponentType { get; init; }

    /// <summary>A modal submission's rows of inputs.</summary>
    [JsonPropertyName("components")]
    public IReadOnlyList<SubmittedComponent>? Components { get; init; }
}

/// <summary>An invoked option: a subcommand (group) holding options, or a value (string, integer, number or boolean).</summary>
internal sealed record InteractionOption(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] ApplicationCommandOptionType Type)
{
    [JsonPropertyName("value")]
    public JsonElement Value { get; init; }

    [JsonPropertyName("options")]
    public IReadOnlyList<InteractionOption>? Options { get; init; }

    [JsonPropertyName("focused")]
    public bool? Focused { get; init; }

    public bool IsSubcommand => Type is ApplicationCommandOptionType.Subcommand or ApplicationCommandOptionType.SubcommandGroup;

    /// <summary>The value as text (numbers invariant, a channel's id as it is); null when there is none or it is not a scalar.</summary>
    public string? ValueText() => Value.ValueKind switch
    {
        JsonValueKind.String => Value.GetString(),
        JsonValueKind.Number => Value.GetRawText(),
        JsonValueKind.True => bool.TrueString.ToLower(CultureInfo.InvariantCulture),
        JsonValueKind.False => bool.FalseString.ToLower(CultureInfo.InvariantCulture),
        _ => null,
    };
}

/// <summary>Users, members, roles and channels an interaction's options refer to, by id.</summary>
internal sealed record InteractionResolved
{
    [JsonPropertyName("users")]
    public IReadOnlyDictionary<string, DiscordUser>? Users { get; init; }

    [JsonPropertyName("roles")]
    public IReadOnlyDictionary<string, NamedEntity>? Roles { get; init; }

    [JsonPropertyName("channels")]
    public IReadOnlyDictionary<string, NamedEntity>? Channels { get; init; }

    /// <summary>The target of a message command, with its content (sent whatever the intents).</summary>
    [JsonPropertyName("messages")]
    public IReadOnlyDictionary<string, ChannelMessage>? Messages { get; init; }
}

/// <summary>A resolved role or channel: its name is all TalksBot needs.</summary>
internal sealed record NamedEntity([property: JsonPropertyName("name")] string? Name);

/// <summary>A row of a modal submission, or an input in it (type 4 with its custom id and value).</summary>
internal sealed record SubmittedComponent([property: JsonPropertyName("type")] ComponentType Type)
{
    [JsonPropertyName("custom_id")]
    public string? CustomId { get; init; }

    [JsonPropertyName("value")]
    public string? Value { get; init; }

    [JsonPropertyName("components")]
    public IReadOnlyList<SubmittedComponent>? Components { get; init; }
}

/// <summary>The caller in a guild: their user, role ids and permission bits in the channel (a decimal string).</summary>
internal sealed record GuildMember
{
    [JsonPropertyName("user")]
    public DiscordUser? User { get; init; }

    [JsonPropertyName("roles")]
    public IReadOnlyList<string> Roles { get; init; } = [];

    [JsonPropertyName("permissions")]
    public string? Permissions { get; init; }
}

internal sealed record DiscordUser([property: JsonPropertyName("id")] string Id)
{
    [JsonPropertyName("username")]
    public string? Username { get; init; }

    [JsonPropertyName("global_name")]
    public string? GlobalName { get; init; }

    [JsonPropertyName("bot")]
    public bool? Bot { get; init; }

    public string DisplayName => GlobalName ?? Username ?? "someone";
}
