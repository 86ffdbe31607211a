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
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
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
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A Socket Mode slash_commands envelope whose response_url points at the loopback platform.</summary>
    public static string SlackEnvelope(int seq, WorkItem item, Uri platform)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("envelope_id", LoopbackPlatform.EnvelopeId(seq));
            json.WriteString("type", "slash_commands");
            json.WriteBoolean("accepts_response_payload", true);
            json.WriteStartObject("payload");
            json.WriteString("token", "loadverificationtoken");
            json.WriteString("team_id", "T0LOAD");
            json.WriteString("team_domain", "loadtest");
            json.WriteString("channel_id", "C0LOAD");
            json.WriteString("channel_name", "peace-talks");
            json.WriteString("user_id", item.SlackUserId);
            json.WriteString("user_name", item.UserName);
            json.WriteString("command", "/" + item.Command);
            json.WriteString("text", item.SlackText);
            json.WriteString("api_app_id", "A0LOAD");
            json.WriteString("is_enterprise_install", "false");
            json.WriteString("response_url", new Uri(platform, "/response/" + seq.ToString(CultureInfo.InvariantCulture)).ToString());
            json.WriteString("trigger_id", $"{seq.ToString(CultureInfo.InvariantCulture)}.1100000000.loadtrigger");
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Option(Utf8JsonWriter json, string name, string value)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteNumber("type", 3);
        json.WriteString("value", value);
        json.WriteEndObject();
    }
}
