using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace TalksBot.LoadTest;

/// <summary>The JSON Discord and Slack send for a command, shaped as the platforms send it.</summary>
internal static class InteractionPayloads
{
    private const string PositionsCommandId = "1100000000000000011";
    private const string AskCommandId = "1100000000000000012";

    // VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | READ_MESSAGE_HISTORY: an ordinary member, not a moderator.
    private const string MemberPermissions = "84992";

    /// <summary>An APPLICATION_COMMAND interaction (type 2), as POSTed to the endpoint or dispatched in INTERACTION_CREATE.</summary>
    public static byte[] DiscordCommand(int seq, WorkItem item)
    {
        return Write(json =>
        {
            json.WriteStartObject();
            json.WriteString("id", LoopbackPlatform.InteractionId(seq));
            json.WriteString("application_id", LoopbackPlatform.ApplicationId);
            json.WriteNumber("type", 2);
            json.WriteStartObject("data");
            json.WriteString("id", item.Command == "ask" ? AskCommandId : PositionsCommandId);
            json.WriteString("name", item.Command);
            json.WriteNumber("type", 1);
            json.WriteString("guild_id", LoopbackPlatform.GuildId);
            json.WriteStartArray("options");
            Option(json, item.OptionName, item.OptionValue);
            if (item.Party is not null)
            {
                Option(json, "party", item.Party);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteString("guild_id", LoopbackPlatform.GuildId);
            json.WriteString("channel_id", LoopbackPlatform.ChannelId);
            json.WriteStartObject("channel");
            json.WriteString("id", LoopbackPlatform.ChannelId);
            json.WriteNumber("type", 0);
            json.WriteEndObject();
            json.WriteStartObject("member");
            json.WriteStartObject("user");
            json.WriteString("id", item.DiscordUserId);
            json.WriteString("username", item.UserName);
            json.WriteString("discriminator", "0");
            json.WriteNull("global_name");
            json.WriteEndObject();
            json.WriteStartArray("roles");
            json.WriteEndArray();
            json.WriteString("permissions", MemberPermissions);
            json.WriteString("joined_at", "2025-06-01T12:00:00.000000+00:00");
            json.WriteEndObject();
            json.WriteString("token", LoopbackPlatform.Token(seq));
            json.WriteNumber("version", 1);
            json.WriteString("app_permissions", "2248473465835073");
            json.WriteString("locale", "en-US");
            json.WriteString("guild_locale", "en-US");
            json.WriteNumber("context", 0);
            json.WriteEndObject();
        });
    }

    /// <summary>A Socket Mode slash_commands envelope whose response_url points at the loopback platform.</summary>
    public static string SlackEnvelope(int seq, WorkItem item, Uri platform)
    {
        return WriteText(json =>
        {
            json.WriteStartObject();
            json.WriteString("envelope_id", LoopbackPlatform.EnvelopeId(seq));
            json.WriteString("type", "slash_commands");
            json.WriteBoolean("accepts_response_payload", true);
            json.WriteStartObject("payload");
            json.WriteString("token", "loadverificationtoken");
            json.WriteString("team_id", LoopbackPlatform.SlackTeamId);
            json.WriteString("team_domain", "loadtest");
            json.WriteString("channel_id", LoopbackPlatform.SlackChannelId);
            json.WriteString("channel_name", "peace-talks");
            json.WriteString("user_id", item.SlackUserId);
            json.WriteString("user_name", item.UserName);
            json.WriteString("command", "/" + item.Command);
            json.WriteString("text", item.SlackText);
            json.WriteString("api_app_id", LoopbackPlatform.SlackAppId);
            json.WriteString("is_enterprise_install", "false");
            json.WriteString("response_url", new Uri(platform, "/response/" + seq.ToString(CultureInfo.InvariantCulture)).ToString());
            json.WriteString("trigger_id", $"{seq.ToString(CultureInfo.InvariantCulture)}.1100000000.loadtrigger");
            json.WriteEndObject();
            json.WriteEndObject();
        });
    }

    /// <summary>
    /// MESSAGE_CREATE's <c>d</c> for a member's guild message that mentions the bot (<c>&lt;@BOT&gt; question</c>), as
    /// Discord sends it to a bot without the MESSAGE_CONTENT intent (content is there because the bot is mentioned).
    /// </summary>
    public static string DiscordMention(int seq, WorkItem item)
    {
        return WriteText(json =>
        {
            json.WriteStartObject();
            json.WriteNumber("type", 0);
            json.WriteBoolean("tts", false);
            json.WriteString("timestamp", "2026-12-01T12:00:00.000000+00:00");
            json.WriteBoolean("pinned", false);
            json.WriteString("nonce", seq.ToString(CultureInfo.InvariantCulture));
            json.WriteStartArray("mentions");
            json.WriteStartObject();
            json.WriteString("id", LoopbackPlatform.DiscordBotUserId);
            json.WriteString("username", "TalksBot");
            json.WriteString("discriminator", "0");
            json.WriteNull("global_name");
            json.WriteBoolean("bot", true);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteStartArray("mention_roles");
            json.WriteEndArray();
            json.WriteBoolean("mention_everyone", false);
            json.WriteStartObject("member");
            json.WriteStartArray("roles");
            json.WriteEndArray();
            json.WriteString("joined_at", "2025-06-01T12:00:00.000000+00:00");
            json.WriteBoolean("deaf", false);
            json.WriteBoolean("mute", false);
            json.WriteEndObject();
            json.WriteString("id", LoopbackPlatform.MessageId(seq));
            json.WriteNumber("flags", 0);
            json.WriteStartArray("embeds");
            json.WriteEndArray();
            json.WriteNull("edited_timestamp");
            json.WriteString("content", $"<@{LoopbackPlatform.DiscordBotUserId}> {item.OptionValue}");
            json.WriteStartArray("components");
            json.WriteEndArray();
            json.WriteString("channel_id", LoopbackPlatform.ChannelId);
            json.WriteStartObject("author");
            json.WriteString("id", item.DiscordUserId);
            json.WriteString("username", item.UserName);
            json.WriteString("discriminator", "0");
            json.WriteNull("global_name");
            json.WriteBoolean("bot", false);
            json.WriteEndObject();
            json.WriteStartArray("attachments");
            json.WriteEndArray();
            json.WriteString("guild_id", LoopbackPlatform.GuildId);
            json.WriteEndObject();
        });
    }

    /// <summary>A Socket Mode events_api envelope carrying an <c>app_mention</c> (<c>&lt;@BOT&gt; question</c>) in a channel, outside any thread.</summary>
    public static string SlackMentionEnvelope(int seq, WorkItem item)
    {
        var ts = LoopbackPlatform.MentionTs(seq);
        return WriteText(json =>
        {
            json.WriteStartObject();
            json.WriteString("envelope_id", LoopbackPlatform.EventEnvelopeId(seq));
            json.WriteString("type", "events_api");
            json.WriteBoolean("accepts_response_payload", false);
            json.WriteNumber("retry_attempt", 0);
            json.WriteString("retry_reason", "");
            json.WriteStartObject("payload");
            json.WriteString("token", "loadverificationtoken");
            json.WriteString("team_id", LoopbackPlatform.SlackTeamId);
            json.WriteString("api_app_id", LoopbackPlatform.SlackAppId);
            json.WriteStartObject("event");
            json.WriteString("type", "app_mention");
            json.WriteString("user", item.SlackUserId);
            json.WriteString("text", $"<@{LoopbackPlatform.SlackBotUserId}> {item.OptionValue}");
            json.WriteString("ts", ts);
            json.WriteString("team", LoopbackPlatform.SlackTeamId);
            json.WriteString("channel", LoopbackPlatform.SlackChannelId);
            json.WriteString("event_ts", ts);
            json.WriteEndObject();
            json.WriteString("type", "event_callback");
            json.WriteString("event_id", "Ev0LOAD" + seq.ToString("D8", CultureInfo.InvariantCulture));
            json.WriteNumber("event_time", 1_700_000_000 + seq / 1_000_000);
            json.WriteStartArray("authorizations");
            json.WriteStartObject();
            json.WriteNull("enterprise_id");
            json.WriteString("team_id", LoopbackPlatform.SlackTeamId);
            json.WriteString("user_id", LoopbackPlatform.SlackBotUserId);
            json.WriteBoolean("is_bot", true);
            json.WriteBoolean("is_enterprise_install", false);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteBoolean("is_ext_shared_channel", false);
            json.WriteString("event_context", "4-loadtest-" + seq.ToString(CultureInfo.InvariantCulture));
            json.WriteEndObject();
            json.WriteEndObject();
        });
    }

    /// <summary>The JSON <paramref name="write"/> writes, as UTF-8.</summary>
    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            write(json);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string WriteText(Action<Utf8JsonWriter> write) => System.Text.Encoding.UTF8.GetString(Write(write));

    private static void Option(Utf8JsonWriter json, string name, string value)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteNumber("type", 3);
        json.WriteString("value", value);
        json.WriteEndObject();
    }
}
