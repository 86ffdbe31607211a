using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TalksBot.Discord.Tests.Fakes;

/// <summary>
/// Builders for realistic MESSAGE_CREATE <c>d</c> objects (a message object with guild_id and member in a guild), and
/// for the message command "Check with TalksBot" on one. Mentions in the content are listed in <c>mentions</c>,
/// <c>mention_roles</c> and <c>mention_everyone</c> as Discord lists them.
/// </summary>
public static partial class FakeMessages
{
    /// <summary>The bot's user id with the fake's defaults.</summary>
    public const string BotUserId = "1100000000000000001";

    public const string BotMention = "<@" + BotUserId + ">";

    /// <summary>A member's message (type 0) in the context's channel (a guild's, or a DM's when the context is one).</summary>
    public static JsonObject Message(FakeInteractionContext context, string content, params (string Id, string Name)[] users)
    {
        ArgumentNullException.ThrowIfNull(context);
        var known = users.ToDictionary(u => u.Id, u => u.Name, StringComparer.Ordinal);
        known[context.UserId] = context.Username;
        var mentions = new JsonArray();
        foreach (var id in UserMention().Matches(content).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal))
        {
            mentions.Add(id == BotUserId
                ? new JsonObject { ["id"] = BotUserId, ["username"] = "TalksBot", ["global_name"] = null, ["discriminator"] = "0", ["avatar"] = null, ["bot"] = true, ["public_flags"] = 0 }
                : new JsonObject { ["id"] = id, ["username"] = known.GetValueOrDefault(id, "someone"), ["global_name"] = known.GetValueOrDefault(id), ["discriminator"] = "0", ["avatar"] = null, ["public_flags"] = 0 });
        }

        var message = new JsonObject
        {
            ["id"] = FakeSnowflake.Next(),
            ["type"] = 0,
            ["channel_id"] = context.ChannelId,
            ["author"] = FakeInteractions.User(context),
            ["content"] = content,
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["edited_timestamp"] = null,
            ["tts"] = false,
            ["mention_everyone"] = content.Contains("@everyone", StringComparison.Ordinal) || content.Contains("@here", StringComparison.Ordinal),
            ["mentions"] = mentions,
            ["mention_roles"] = new JsonArray([.. RoleMention().Matches(content).Select(m => (JsonNode)m.Groups[1].Value)]),
            ["attachments"] = new JsonArray(),
            ["embeds"] = new JsonArray(),
            ["pinned"] = false,
            ["flags"] = 0,
            ["components"] = new JsonArray(),
            ["nonce"] = FakeSnowflake.Next(),
        };
        if (!context.DirectMessage)
        {
            message["guild_id"] = context.GuildId;
            message["member"] = FakeInteractions.Member(context);
        }

        return message;
    }

    /// <summary>A member's message mentioning the bot first: "&lt;@bot&gt; <paramref name="text"/>".</summary>
    public static JsonObject Mention(FakeInteractionContext context, string text) =>
        Message(context, (BotMention + " " + text).TrimEnd());

    public static JsonObject Mention(string text) => Mention(FakeInteractionContext.Member, text);

    /// <summary>A member's reply (type 19) mentioning the bot to <paramref name="repliedTo"/>, a message in the same channel.</summary>
    public static JsonObject ReplyMention(FakeInteractionContext context, JsonObject repliedTo, string text)
    {
        ArgumentNullException.ThrowIfNull(repliedTo);
        var reply = Mention(context, text);
        reply["type"] = 19;
        reply["message_reference"] = new JsonObject
        {
            ["type"] = 0,
            ["message_id"] = repliedTo["id"]!.GetValue<string>(),
            ["channel_id"] = repliedTo["channel_id"]!.GetValue<string>(),
            ["guild_id"] = context.GuildId,
        };
        reply["referenced_message"] = repliedTo.DeepClone();
        return reply;
    }

    /// <summary>A mention of the bot in a thread: Discord gives messages there their <c>position</c> in it.</summary>
    public static JsonObject ThreadMention(FakeInteractionContext context, string text, int position)
    {
        var message = Mention(context, text);
        message["position"] = position;
        return message;
    }

    /// <summary>
    /// Type 2 APPLICATION_COMMAND for the message command (data.type 3) on <paramref name="target"/>, which Discord
    /// resolves into <c>data.resolved.messages</c> with its content.
    /// </summary>
    public static JsonObject Check(FakeInteractionContext context, JsonObject target, string name = "Check with TalksBot")
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(target);
        var interaction = FakeInteractions.Command(context, name);
        var data = interaction["data"]!.AsObject();
        var targetId = target["id"]!.GetValue<string>();
        data["type"] = 3;
        data["target_id"] = targetId;
        data["resolved"] = new JsonObject { ["messages"] = new JsonObject { [targetId] = target.DeepClone() } };
        return interaction;
    }

    [GeneratedRegex(@"<@!?(\d{1,20})>")]
    private static partial Regex UserMention();

    [GeneratedRegex(@"<@&(\d{1,20})>")]
    private static partial Regex RoleMention();
}
