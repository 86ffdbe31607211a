using System.Text.Json;
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

/// <summary>What an interactivity payload is about; others (global shortcuts, view_closed …) are acknowledged and ignored.</summary>
[JsonConverter(typeof(InteractionTypeConverter))]
internal enum InteractionType
{
    Unknown,
    BlockActions,
    ViewSubmission,

    /// <summary>A message shortcut, chosen from a message's menu.</summary>
    MessageAction,
}

/// <summary>
/// An interactivity payload (what arrives): a button press (<c>block_actions</c>: actions, channel or container, response_url),
/// a modal's submission (<c>view_submission</c>: view.state.values, private_metadata) or a message shortcut
/// (<c>message_action</c>: callback_id, channel, the message, response_url). Always a user; a trigger_id that may open a form
/// within 3 s.
/// </summary>
internal sealed record InteractionPayload(
    InteractionType Type,
    SlackUserRef User,
    string? TriggerId = null,
    string? ResponseUrl = null,
    SlackChannelRef? Channel = null,
    InteractionContainer? Container = null,
    IReadOnlyList<BlockAction>? Actions = null,
    SubmittedView? View = null,
    string? CallbackId = null,
    ShortcutMessage? Message = null);

/// <summary>The message a shortcut was chosen on: its text (absent for a message of blocks only), its ts, and its thread's ts.</summary>
internal sealed record ShortcutMessage(string? Text = null, string? Ts = null, string? ThreadTs = null);

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
/// (answered with its challenge) or an event_callback: the event (read by its type, <see cref="MessageEvent"/>), its id,
/// the workspace, and the installation that sees it (whose <c>user_id</c> is the bot's own user).
/// </summary>
internal sealed record EventsRequest(
    EventsRequestType Type,
    string? Challenge = null,
    string? EventId = null,
    string? TeamId = null,
    JsonElement? Event = null,
    IReadOnlyList<EventAuthorization>? Authorizations = null);

/// <summary>One installation an event is visible to; Slack lists one.</summary>
internal sealed record EventAuthorization(string? UserId = null, string? TeamId = null, bool? IsBot = null);

/// <summary>The events TalksBot subscribes to; any other is acknowledged and ignored.</summary>
[JsonConverter(typeof(SlackEventTypeConverter))]
internal enum SlackEventType
{
    Unknown,
    AppMention,
    Message,
}

/// <summary>
/// An <c>app_mention</c> or a <c>message</c> event (what arrives): who wrote (<c>user</c>, or <c>bot_id</c> for a bot), the text
/// with Slack's markup, where (<c>channel</c>, <c>channel_type</c> "im" for a direct message), its <c>ts</c> and its thread's
/// <c>thread_ts</c>; <c>subtype</c> (message_changed, channel_join …) and <c>edited</c> mark what is not a new message.
/// </summary>
internal sealed record MessageEvent(
    SlackEventType Type,
    string? User = null,
    string? Text = null,
    string? Channel = null,
    string? ChannelType = null,
    string? Ts = null,
    string? ThreadTs = null,
    string? BotId = null,
    string? Subtype = null,
    string? Team = null,
    MessageEdit? Edited = null);

/// <summary>Who edited a message, and when.</summary>
internal sealed record MessageEdit(string? User = null, string? Ts = null);

/// <summary>The answer to url_verification.</summary>
internal sealed record UrlVerificationAnswer(string Challenge);

internal sealed class InteractionTypeConverter() : NamedEnumConverter<InteractionType>(
    ("block_actions", InteractionType.BlockActions),
    ("view_submission", InteractionType.ViewSubmission),
    ("message_action", InteractionType.MessageAction));

internal sealed class SlackEventTypeConverter() : NamedEnumConverter<SlackEventType>(
    ("app_mention", SlackEventType.AppMention),
    ("message", SlackEventType.Message));

internal sealed class EventsRequestTypeConverter() : NamedEnumConverter<EventsRequestType>(
    ("url_verification", EventsRequestType.UrlVerification),
    ("event_callback", EventsRequestType.EventCallback));
