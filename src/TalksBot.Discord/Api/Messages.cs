using System.Text.Json.Serialization;

namespace TalksBot.Discord.Api;

/// <summary>Interaction callback types (the <c>type</c> of a response).</summary>
internal enum InteractionCallbackType
{
    Pong = 1,
    ChannelMessageWithSource = 4,
    DeferredChannelMessageWithSource = 5,

    /// <summary>Edits the message a pressed button sits on.</summary>
    UpdateMessage = 7,
    ApplicationCommandAutocompleteResult = 8,
    Modal = 9,
}

/// <summary>Message component types.</summary>
internal enum ComponentType
{
    ActionRow = 1,
    Button = 2,
    StringSelect = 3,
    TextInput = 4,
}

internal enum ButtonStyle
{
    Primary = 1,
    Secondary = 2,
    Success = 3,
    Danger = 4,
}

internal enum TextInputStyle
{
    Short = 1,
    Paragraph = 2,
}

/// <summary>Message flags TalksBot sets.</summary>
[Flags]
internal enum MessageFlags
{
    None = 0,

    /// <summary>Only the caller sees it (interaction responses only).</summary>
    Ephemeral = 1 << 6,
}

/// <summary>The answer to an interaction: <c>{type, data?}</c>.</summary>
internal sealed record InteractionResponse(
    [property: JsonPropertyName("type")] InteractionCallbackType Type,
    [property: JsonPropertyName("data")] InteractionCallbackData? Data = null)
{
    public static InteractionResponse Pong { get; } = new(InteractionCallbackType.Pong);

    public static InteractionResponse Deferred(bool ephemeral) =>
        new(InteractionCallbackType.DeferredChannelMessageWithSource, new DiscordMessage { Flags = ephemeral ? MessageFlags.Ephemeral : null });
}

/// <summary>What a response carries: a message, a modal, or autocomplete choices (serialised as the derived type).</summary>
[JsonDerivedType(typeof(DiscordMessage))]
[JsonDerivedType(typeof(ModalData))]
[JsonDerivedType(typeof(AutocompleteResult))]
internal abstract record InteractionCallbackData;

/// <summary>
/// A message: an interaction's answer, an edit of @original, or a post in a channel. The renderer makes it; every
/// message says <c>allowed_mentions: {parse: []}</c>.
/// </summary>
internal sealed record DiscordMessage : InteractionCallbackData
{
    [JsonPropertyName("content")]
    public string? Content { get; init; }

    [JsonPropertyName("embeds")]
    public IReadOnlyList<Embed>? Embeds { get; init; }

    [JsonPropertyName("components")]
    public IReadOnlyList<ActionRow>? Components { get; init; }

    [JsonPropertyName("flags")]
    public MessageFlags? Flags { get; init; }

    [JsonPropertyName("allowed_mentions")]
    public AllowedMentions? AllowedMentions { get; init; }

    /// <summary>The message a channel post replies to.</summary>
    [JsonPropertyName("message_reference")]
    public MessageReference? Reference { get; init; }

    /// <summary>Set for a multipart message: one entry per <c>files[n]</c> part.</summary>
    [JsonPropertyName("attachments")]
    public IReadOnlyList<AttachmentReference>? Attachments { get; init; }
}

/// <summary><c>{"parse": []}</c>: echoed text pings nobody, neither @everyone nor roles nor users.</summary>
internal sealed record AllowedMentions([property: JsonPropertyName("parse")] IReadOnlyList<string> Parse)
{
    public static AllowedMentions None { get; } = new([]);

    /// <summary><c>{"parse": [], "replied_user": false}</c>: a reply does not ping the author of the message it answers either.</summary>
    public static AllowedMentions NoneInReply { get; } = new([]) { RepliedUser = false };

    [JsonPropertyName("replied_user")]
    public bool? RepliedUser { get; init; }
}

internal sealed record Embed([property: JsonPropertyName("title")] string Title, [property: JsonPropertyName("color")] int Color)
{
    [JsonPropertyName("description")]
    public string? Description { get; init; }

    [JsonPropertyName("url")]
    public string? Url { get; init; }

    [JsonPropertyName("fields")]
    public IReadOnlyList<EmbedField>? Fields { get; init; }

    [JsonPropertyName("footer")]
    public EmbedFooter? Footer { get; init; }
}

internal sealed record EmbedField(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("value")] string Value,
    [property: JsonPropertyName("inline")] bool Inline);

internal sealed record EmbedFooter([property: JsonPropertyName("text")] string Text);

internal sealed record AttachmentReference([property: JsonPropertyName("id")] int Id, [property: JsonPropertyName("filename")] string FileName);

/// <summary>A row of components: buttons under a message, or one text input in a modal.</summary>
internal sealed record ActionRow([property: JsonPropertyName("components")] IReadOnlyList<Component> Components)
{
    [JsonPropertyName("type")]
    [JsonPropertyOrder(-1)]
    public ComponentType Type { get; } = ComponentType.ActionRow;
}

/// <summary>A component in a row (serialised as the derived type).</summary>
[JsonDerivedType(typeof(Button))]
[JsonDerivedType(typeof(TextInput))]
internal abstract record Component;

internal sealed record Button(
    [property: JsonPropertyName("style")] ButtonStyle Style,
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("custom_id")] string CustomId) : Component
{
    [JsonPropertyName("type")]
    [JsonPropertyOrder(-1)]
    public ComponentType Type { get; } = ComponentType.Button;
}

internal sealed record TextInput(
    [property: JsonPropertyName("custom_id")] string CustomId,
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("style")] TextInputStyle Style,
    [property: JsonPropertyName("required")] bool Required,
    [property: JsonPropertyName("max_length")] int MaxLength) : Component
{
    [JsonPropertyName("type")]
    [JsonPropertyOrder(-1)]
    public ComponentType Type { get; } = ComponentType.TextInput;

    [JsonPropertyName("value")]
    public string? Value { get; init; }

    [JsonPropertyName("placeholder")]
    public string? Placeholder { get; init; }
}

/// <summary>A modal (response type 9): its custom id carries the command, 1–5 rows of one text input each.</summary>
internal sealed record ModalData(
    [property: JsonPropertyName("custom_id")] string CustomId,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("components")] IReadOnlyList<ActionRow> Components) : InteractionCallbackData;

/// <summary>Autocomplete choices (response type 8), at most 25.</summary>
internal sealed record AutocompleteResult([property: JsonPropertyName("choices")] IReadOnlyList<AutocompleteChoice> Choices) : InteractionCallbackData;

internal sealed record AutocompleteChoice([property: JsonPropertyName("name")] string Name, [property: JsonPropertyName("value")] string Value);
