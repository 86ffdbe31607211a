using System.Text.Json.Serialization;

namespace TalksBot.Slack.Protocol;

/// <summary>
/// What answers a request in its acknowledgement (the Socket Mode ack's payload, the HTTP response body): a message, or
/// the errors that keep a modal open. Serialised as the concrete record, without a type tag.
/// </summary>
[JsonDerivedType(typeof(BlockKitMessage))]
[JsonDerivedType(typeof(ViewErrorsResponse))]
internal abstract record SlackResponse;

/// <summary>Who sees a message answering a command.</summary>
[JsonConverter(typeof(ResponseTypeConverter))]
internal enum ResponseType
{
    InChannel,
    Ephemeral,
}

/// <summary>
/// A Block Kit message (what we send): the blocks and the plain-text fallback, plus what the place it goes needs —
/// <c>response_type</c> for an ack or a response_url, <c>channel</c> (and <c>user</c>) for chat.postMessage and
/// chat.postEphemeral, <c>thread_ts</c> for a reply in a thread, <c>replace_original</c> for a response_url. Never
/// <c>link_names</c>.
/// </summary>
internal sealed record BlockKitMessage(string Text, IReadOnlyList<Block> Blocks) : SlackResponse
{
    public ResponseType? ResponseType { get; init; }

    public string? Channel { get; init; }

    public string? User { get; init; }

    public string? ThreadTs { get; init; }

    public bool? ReplaceOriginal { get; init; }
}

/// <summary>The answer to a view_submission that keeps the modal open with a message under inputs (block_id → message).</summary>
internal sealed record ViewErrorsResponse(IReadOnlyDictionary<string, string> Errors) : SlackResponse
{
    public string ResponseAction { get; } = "errors";
}

/// <summary>A text object: <c>plain_text</c> (emoji off) or <c>mrkdwn</c> (verbatim: no auto-linking of names).</summary>
internal sealed record TextObject(string Type, string Text, bool? Emoji = null, bool? Verbatim = null)
{
    public static TextObject Plain(string text) => new("plain_text", text, Emoji: false);

    public static TextObject Mrkdwn(string text) => new("mrkdwn", text, Verbatim: true);
}

/// <summary>A Block Kit layout block; <c>type</c> comes from the record.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(HeaderBlock), "header")]
[JsonDerivedType(typeof(SectionBlock), "section")]
[JsonDerivedType(typeof(ContextBlock), "context")]
[JsonDerivedType(typeof(DividerBlock), "divider")]
[JsonDerivedType(typeof(ActionsBlock), "actions")]
[JsonDerivedType(typeof(InputBlock), "input")]
internal abstract record Block;

internal sealed record HeaderBlock(TextObject Text) : Block;

internal sealed record SectionBlock(TextObject Text) : Block;

internal sealed record ContextBlock(IReadOnlyList<TextObject> Elements) : Block;

internal sealed record DividerBlock : Block;

internal sealed record ActionsBlock(IReadOnlyList<ButtonElement> Elements) : Block;

/// <summary>A modal's input: block_id and action_id are the option's name.</summary>
internal sealed record InputBlock(string BlockId, TextObject Label, PlainTextInputElement Element, bool Optional) : Block;

/// <summary>A button; <c>value</c> carries the action it runs.</summary>
internal sealed record ButtonElement(TextObject Text, string ActionId, string Value, string? Style = null)
{
    public string Type { get; } = "button";
}

internal sealed record PlainTextInputElement(string ActionId, bool Multiline, int MaxLength, string? InitialValue = null, TextObject? Placeholder = null)
{
    public string Type { get; } = "plain_text_input";
}

/// <summary>A modal view for views.open: the form's callback_id, its inputs, and what it carries in private_metadata.</summary>
internal sealed record ModalView(string CallbackId, TextObject Title, TextObject Submit, TextObject Close, string PrivateMetadata, IReadOnlyList<Block> Blocks)
{
    public string Type { get; } = "modal";
}

/// <summary>What a modal carries in private_metadata: the channel it was opened in and the values fixed when it opened.</summary>
internal sealed record ModalMetadata(string Channel, IReadOnlyDictionary<string, string> Carried);

internal sealed class ResponseTypeConverter() : NamedEnumConverter<ResponseType>(
    ("in_channel", ResponseType.InChannel),
    ("ephemeral", ResponseType.Ephemeral));
