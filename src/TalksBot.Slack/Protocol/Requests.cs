using System.Text.Json.Serialization;

namespace TalksBot.Slack.Protocol;

/// <summary>
/// A slash command (what arrives): Slack's form fields over HTTP, the same fields as a JSON object in a Socket Mode
/// envelope. <c>command</c> and <c>user_id</c> are required; the rest may be missing (a trigger_id opens forms, the
/// response_url takes a late answer).
/// </summary>
internal sealed record SlashCommandPayload(
    string Command,
    string UserId,
    string Text = "",
    string? UserName = null,
    string? ChannelId = null,
    string? TriggerId = null,
    string? ResponseUrl = null)
{
    /// <summary>The command from form fields; null when a required one is missing.</summary>
    public static SlashCommandPayload? FromForm(IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return fields.TryGetValue("command", out var command) && command.Length > 0 && fields.TryGetValue("user_id", out var user) && user.Length > 0
            ? new SlashCommandPayload(
                command,
                user,
                fields.GetValueOrDefault("text") ?? "",
                fields.GetValueOrDefault("user_name"),
                fields.GetValueOrDefault("channel_id"),
                fields.GetValueOrDefault("trigger_id"),
                fields.GetValueOrDefault("response_url"))
            : null;
    }
}

/// <summary>What an interactivity payload is about; others (shortcuts, view_closed …) are acknowledged and ignored.</summary>
[JsonConverter(typeof(InteractionTypeConverter))]
internal enum InteractionType
{
    Unknown,
    BlockActions,
    ViewSubmission,
}

/// <summary>
/// An interactivity payload (what arrives): a button press (<c>block_actions</c>: actions, channel or container, response_url)
/// or a modal's submission (<c>view_submission</c>: view.state.values, private_metadata). Always a user; a trigger_id that
/// may open a form within 3 s.
/// </summary>
internal sealed record InteractionPayload(
    InteractionType Type,
    SlackUserRef User,
    string? TriggerId = null,
    string? ResponseUrl = null,
    SlackChannelRef? Channel = null,
    InteractionContainer? Container = null,
    IReadOnlyList<BlockAction>? Actions = null,
    SubmittedView? View = null);

internal sealed record SlackUserRef(string Id, string? Username = null, string? Name = null);

internal sealed record SlackChannelRef(string Id, string? Name = null);

/// <summary>Where the pressed element sits; the channel id when the payload has no <c>channel</c>.</summary>
internal sealed record InteractionContainer(string? ChannelId = null);

/// <summary>One pressed element: our buttons carry the action in <c>value</c>.</summary>
internal sealed record BlockAction(string ActionId, string? Value = null);

/// <summary>A submitted modal: which form (callback_id), what it carried (private_metadata), what was typed (state.values).</summary>
internal sealed record SubmittedView(string CallbackId, string? PrivateMetadata = null, SubmittedViewState? State = null, IReadOnlyList<SubmittedBlock>? Blocks = null);

/// <summary><c>state.values</c>: block_id → action_id → the input's value.</summary>
internal sealed record SubmittedViewState(IReadOnlyDictionary<string, IReadOnlyDictionary<string, SubmittedInput>> Values);

/// <summary>One input's state; <c>value</c> is null for an empty input or a kind of input that has none.</summary>
internal sealed record SubmittedInput(string? Type = null, string? Value = null);

internal sealed record SubmittedBlock(string Type, string? BlockId = null);

/// <summary>The type of a request to the events URL.</summary>
[JsonConverter(typeof(EventsRequestTypeConverter))]
internal enum EventsRequestType
{
    Unknown,
    UrlVerification,
    EventCallback,
}

/// <summary>
/// A request to the events URL or an <c>events_api</c> envelope's payload (what arrives): Slack's url_verification
/// (answered with its challenge) or an event_callback (acknowledged once per event_id, otherwise ignored).
/// </summary>
internal sealed record EventsRequest(EventsRequestType Type, string? Challenge = null, string? EventId = null);

/// <summary>The answer to url_verification.</summary>
internal sealed record UrlVerificationAnswer(string Challenge);

internal sealed class InteractionTypeConverter() : NamedEnumConverter<InteractionType>(
    ("block_actions", InteractionType.BlockActions),
    ("view_submission", InteractionType.ViewSubmission));

internal sealed class EventsRequestTypeConverter() : NamedEnumConverter<EventsRequestType>(
    ("url_verification", EventsRequestType.UrlVerification),
    ("event_callback", EventsRequestType.EventCallback));
