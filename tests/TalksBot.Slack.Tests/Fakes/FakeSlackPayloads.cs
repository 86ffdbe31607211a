using System.Globalization;
using System.Text.Json.Nodes;

namespace TalksBot.Slack.Tests.Fakes;

/// <summary>
/// Builders for Socket Mode envelope payloads shaped like Slack's (all ids strings; slash-command fields are strings as in the
/// form Slack posts). When no response_url is given the payload carries <see cref="AutoResponseUrl"/>, which
/// <see cref="FakeSlack.SendEnvelopeAsync"/> replaces with a fresh <see cref="FakeSlack.NewResponseUrl"/>.
/// </summary>
public static class FakeSlackPayloads
{
    /// <summary>Placeholder response_url that <see cref="FakeSlack.SendEnvelopeAsync"/> swaps for a live one.</summary>
    public const string AutoResponseUrl = "fake-slack://auto-response-url";

    public const string TeamId = "T0FAKE";
    public const string TeamDomain = "fake-workspace";
    public const string AppId = "A0FAKE";
    public const string BotUserId = "U0BOT";
    public const string BotId = "B0BOT";
    public const string VerificationToken = "fake-verification-token";

    private static long _counter;

    /// <summary>A unique trigger id in Slack's "digits.digits.hex" shape.</summary>
    public static string NewTriggerId()
    {
        var n = Interlocked.Increment(ref _counter);
        return string.Create(CultureInfo.InvariantCulture, $"{12345_000_000 + n}.98765{n:D5}.{Guid.NewGuid():N}");
    }

    /// <summary>A message ts ("seconds.micros"), unique within the process.</summary>
    public static string NewTs()
    {
        var n = Interlocked.Increment(ref _counter);
        return string.Create(CultureInfo.InvariantCulture, $"{1_700_000_000 + n}.{n % 1_000_000:D6}");
    }

    /// <summary>The payload of a <c>slash_commands</c> envelope, e.g. <c>SlashCommand("/positions", "nato russia")</c>.</summary>
    public static JsonObject SlashCommand(string command, string text, string userId = "U0MEMBER", string channelId = "C0GENERAL", string? responseUrl = null, string? triggerId = null) =>
        new()
        {
            ["token"] = VerificationToken,
            ["team_id"] = TeamId,
            ["team_domain"] = TeamDomain,
            ["channel_id"] = channelId,
            ["channel_name"] = ChannelName(channelId),
            ["user_id"] = userId,
            ["user_name"] = UserName(userId),
            ["command"] = command,
            ["text"] = text,
            ["api_app_id"] = AppId,
            ["is_enterprise_install"] = "false",
            ["response_url"] = responseUrl ?? AutoResponseUrl,
            ["trigger_id"] = triggerId ?? NewTriggerId(),
        };

    /// <summary>The payload of an <c>interactive</c> envelope for a button click.</summary>
    public static JsonObject BlockActions(string actionId, string value, string userId = "U0MEMBER", string? responseUrl = null, JsonObject? message = null, string channelId = "C0GENERAL")
    {
        var messageTs = message?["ts"] is JsonValue tsValue && tsValue.TryGetValue(out string? ts) && ts is not null ? ts : NewTs();
        message ??= new JsonObject
        {
            ["type"] = "message",
            ["user"] = BotUserId,
            ["bot_id"] = BotId,
            ["app_id"] = AppId,
            ["team"] = TeamId,
            ["text"] = "A message with a button",
            ["ts"] = messageTs,
            ["blocks"] = new JsonArray(),
        };
        var actionTs = NewTs();
        return new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = User(userId),
            ["api_app_id"] = AppId,
            ["token"] = VerificationToken,
            ["container"] = new JsonObject
            {
                ["type"] = "message",
                ["message_ts"] = messageTs,
                ["channel_id"] = channelId,
                ["is_ephemeral"] = false,
            },
            ["trigger_id"] = NewTriggerId(),
            ["team"] = new JsonObject { ["id"] = TeamId, ["domain"] = TeamDomain },
            ["enterprise"] = null,
            ["is_enterprise_install"] = false,
            ["channel"] = new JsonObject { ["id"] = channelId, ["name"] = ChannelName(channelId) },
            ["message"] = message.DeepClone(),
            ["state"] = new JsonObject { ["values"] = new JsonObject() },
            ["response_url"] = responseUrl ?? AutoResponseUrl,
            ["actions"] = new JsonArray(new JsonObject
            {
                ["action_id"] = actionId,
                ["block_id"] = "block-" + actionId,
                ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Button", ["emoji"] = true },
                ["value"] = value,
                ["type"] = "button",
                ["action_ts"] = actionTs,
            }),
        };
    }

    /// <summary>
    /// The payload of an <c>interactive</c> envelope for a modal submit. Each entry of <paramref name="values"/> becomes
    /// <c>state.values[key][key] = {"type":"plain_text_input","value":…}</c> (block_id = action_id = key).
    /// </summary>
    public static JsonObject ViewSubmission(string callbackId, IDictionary<string, string> values, string userId = "U0MEMBER", string privateMetadata = "")
    {
        ArgumentNullException.ThrowIfNull(values);
        var state = new JsonObject();
        foreach (var (key, value) in values)
        {
            state[key] = new JsonObject { [key] = new JsonObject { ["type"] = "plain_text_input", ["value"] = value } };
        }

        var n = Interlocked.Increment(ref _counter);
        return Submission(
            new JsonObject
            {
                ["id"] = "V0SUBMIT" + n.ToString("D6", CultureInfo.InvariantCulture),
                ["team_id"] = TeamId,
                ["type"] = "modal",
                ["callback_id"] = callbackId,
                ["private_metadata"] = privateMetadata,
                ["title"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Modal" },
                ["blocks"] = new JsonArray(),
                ["state"] = new JsonObject { ["values"] = state },
                ["hash"] = "1700000000." + n.ToString(CultureInfo.InvariantCulture),
                ["app_id"] = AppId,
                ["bot_id"] = BotId,
            },
            userId);
    }

    /// <summary>
    /// The payload of an <c>interactive</c> envelope submitting a view the fake opened: each input block's value is
    /// <paramref name="changes"/>[block_id] when given, otherwise its <c>initial_value</c> (null when it had none), as Slack sends it.
    /// </summary>
    public static JsonObject ViewSubmission(OpenedView opened, IDictionary<string, string>? changes = null, string userId = "U0MEMBER")
    {
        ArgumentNullException.ThrowIfNull(opened);
        var view = (JsonObject)opened.View.DeepClone();
        var state = new JsonObject();
        foreach (var block in (view["blocks"] as JsonArray ?? []).OfType<JsonObject>().Where(b => b["type"]?.GetValue<string>() == "input"))
        {
            var blockId = block["block_id"]!.GetValue<string>();
            var actionId = block["element"]!["action_id"]!.GetValue<string>();
            var value = changes is not null && changes.TryGetValue(blockId, out var changed) ? changed : block["element"]!["initial_value"]?.GetValue<string>();
            state[blockId] = new JsonObject { [actionId] = new JsonObject { ["type"] = "plain_text_input", ["value"] = value } };
        }

        view["state"] = new JsonObject { ["values"] = state };
        return Submission(view, userId);
    }

    /// <summary>
    /// An <c>event_callback</c> (the body of a POST to the events URL, or an <c>events_api</c> envelope's payload) carrying
    /// <paramref name="event"/>, seen by the bot's installation (<c>authorizations[0].user_id</c> = <see cref="BotUserId"/>).
    /// </summary>
    public static JsonObject EventCallback(JsonObject @event, string? eventId = null)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var n = Interlocked.Increment(ref _counter);
        return new JsonObject
        {
            ["token"] = VerificationToken,
            ["team_id"] = TeamId,
            ["api_app_id"] = AppId,
            ["event"] = @event.DeepClone(),
            ["type"] = "event_callback",
            ["event_id"] = eventId ?? "Ev0FAKE" + n.ToString("D6", CultureInfo.InvariantCulture),
            ["event_time"] = 1_700_000_000 + n,
            ["authorizations"] = new JsonArray(new JsonObject
            {
                ["enterprise_id"] = null,
                ["team_id"] = TeamId,
                ["user_id"] = BotUserId,
                ["is_bot"] = true,
                ["is_enterprise_install"] = false,
            }),
            ["is_ext_shared_channel"] = false,
            ["event_context"] = "4-fake-" + n.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>An <c>app_mention</c> event: <paramref name="text"/> as Slack writes it (<c>&lt;@U0BOT&gt; …</c>), in a thread when <paramref name="threadTs"/> is set.</summary>
    public static JsonObject AppMention(string text, string userId = "U0MEMBER", string channelId = "C0GENERAL", string? ts = null, string? threadTs = null)
    {
        return Message("app_mention", text, userId, channelId, ts, threadTs);
    }

    /// <summary>A <c>message</c> event in the bot's direct messages with <paramref name="userId"/> (<c>channel_type</c> "im").</summary>
    public static JsonObject DirectMessage(string text, string userId = "U0MEMBER", string channelId = "D0MEMBER", string? ts = null, string? threadTs = null)
    {
        var message = Message("message", text, userId, channelId, ts, threadTs);
        message["channel_type"] = "im";
        return message;
    }

    /// <summary>
    /// The payload of an <c>interactive</c> envelope (or the interactivity form's <c>payload</c>) for a message shortcut chosen on
    /// a message with <paramref name="text"/>, written by <paramref name="authorId"/> in <paramref name="channelId"/>.
    /// </summary>
    public static JsonObject MessageAction(
        string text, string userId = "U0MEMBER", string channelId = "C0GENERAL", string? messageTs = null, string? threadTs = null, string callbackId = "check_message", string authorId = "U0AUTHOR", string? responseUrl = null)
    {
        var ts = messageTs ?? NewTs();
        var message = new JsonObject { ["type"] = "message", ["user"] = authorId, ["text"] = text, ["ts"] = ts, ["team"] = TeamId };
        if (threadTs is not null)
        {
            message["thread_ts"] = threadTs;
        }

        return new JsonObject
        {
            ["type"] = "message_action",
            ["token"] = VerificationToken,
            ["action_ts"] = NewTs(),
            ["team"] = new JsonObject { ["id"] = TeamId, ["domain"] = TeamDomain },
            ["user"] = User(userId),
            ["channel"] = new JsonObject { ["id"] = channelId, ["name"] = ChannelName(channelId) },
            ["is_enterprise_install"] = false,
            ["enterprise"] = null,
            ["callback_id"] = callbackId,
            ["trigger_id"] = NewTriggerId(),
            ["response_url"] = responseUrl ?? AutoResponseUrl,
            ["message_ts"] = ts,
            ["message"] = message,
        };
    }

    private static JsonObject Message(string type, string text, string userId, string channelId, string? ts, string? threadTs)
    {
        var messageTs = ts ?? NewTs();
        var message = new JsonObject
        {
            ["type"] = type,
            ["user"] = userId,
            ["text"] = text,
            ["ts"] = messageTs,
            ["client_msg_id"] = Guid.NewGuid().ToString(),
            ["team"] = TeamId,
            ["channel"] = channelId,
            ["event_ts"] = messageTs,
        };
        if (threadTs is not null)
        {
            message["thread_ts"] = threadTs;
        }

        return message;
    }

    private static JsonObject Submission(JsonObject view, string userId) => new()
    {
        ["type"] = "view_submission",
        ["team"] = new JsonObject { ["id"] = TeamId, ["domain"] = TeamDomain },
        ["user"] = User(userId),
        ["api_app_id"] = AppId,
        ["token"] = VerificationToken,
        ["trigger_id"] = NewTriggerId(),
        ["view"] = view,
        ["response_urls"] = new JsonArray(),
        ["is_enterprise_install"] = false,
        ["enterprise"] = null,
    };

    private static JsonObject User(string userId) => new()
    {
        ["id"] = userId,
        ["username"] = UserName(userId),
        ["name"] = UserName(userId),
        ["team_id"] = TeamId,
    };

    private static string UserName(string userId) => userId.ToLowerInvariant();

    private static string ChannelName(string channelId) => channelId == "C0GENERAL" ? "general" : channelId.ToLowerInvariant();
}
