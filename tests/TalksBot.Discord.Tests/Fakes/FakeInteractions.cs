using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace TalksBot.Discord.Tests.Fakes;

/// <summary>Who invokes an interaction, and where (guild channel or bot DM).</summary>
public sealed record FakeInteractionContext
{
    public string ApplicationId { get; init; } = "1100000000000000001";

    public string GuildId { get; init; } = "1200000000000000001";

    public string ChannelId { get; init; } = "1200000000000000002";

    public string ChannelName { get; init; } = "general";

    public string UserId { get; init; } = "1300000000000000001";

    public string Username { get; init; } = "alice";

    public string? GlobalName { get; init; } = "Alice";

    public string? Nick { get; init; }

    /// <summary><c>member.permissions</c>: the caller's permission bitset in the channel, as a decimal string.</summary>
    public string Permissions { get; init; } = FakeInteractions.MemberPermissions;

    public IReadOnlyList<string> RoleIds { get; init; } = [];

    /// <summary>A bot DM: "user" instead of "member", no guild_id, context 1.</summary>
    public bool DirectMessage { get; init; }

    public string Locale { get; init; } = "en-US";

    public string AppPermissions { get; init; } = FakeInteractions.MemberPermissions;

    /// <summary>An ordinary member: view, send, history, embeds, attach, reactions, application commands.</summary>
    public static FakeInteractionContext Member => new();

    /// <summary>A member with MANAGE_GUILD and a moderator role.</summary>
    public static FakeInteractionContext Moderator => new()
    {
        UserId = "1300000000000000002",
        Username = "mod",
        GlobalName = "Moderator",
        Permissions = FakeInteractions.Permissions(FakeInteractions.MemberPermissionBits | FakeInteractions.ManageGuild),
        RoleIds = ["1400000000000000001"],
    };

    /// <summary>A member with ADMINISTRATOR (Discord then reports every permission bit).</summary>
    public static FakeInteractionContext Administrator => new()
    {
        UserId = "1300000000000000003",
        Username = "admin",
        GlobalName = "Admin",
        Permissions = FakeInteractions.Permissions((1L << 51) - 1),
        RoleIds = ["1400000000000000002"],
    };

    /// <summary>A DM with the bot.</summary>
    public static FakeInteractionContext Dm => new() { DirectMessage = true, ChannelId = "1200000000000000003" };
}

/// <summary>An option value with an explicit Discord option type (6 user, 7 channel, 8 role, 9 mentionable, 11 attachment, …).</summary>
public sealed record TypedOptionValue(int Type, object Value);

/// <summary>Builders for realistic INTERACTION_CREATE <c>d</c> objects (ids as strings, unique ids and tokens per call).</summary>
public static class FakeInteractions
{
    public const long Administrator = 1L << 3;
    public const long ManageGuild = 1L << 5;

    /// <summary>ADD_REACTIONS, VIEW_CHANNEL, SEND_MESSAGES, EMBED_LINKS, ATTACH_FILES, READ_MESSAGE_HISTORY, USE_APPLICATION_COMMANDS.</summary>
    public const long MemberPermissionBits = (1L << 6) | (1L << 10) | (1L << 11) | (1L << 14) | (1L << 15) | (1L << 16) | (1L << 31);

    public static string MemberPermissions => Permissions(MemberPermissionBits);

    public static string Permissions(long bits) => bits.ToString(CultureInfo.InvariantCulture);

    public static JsonObject Command(string name, params (string Name, object Value)[] options) =>
        Command(FakeInteractionContext.Member, name, options);

    /// <summary>Type 2 APPLICATION_COMMAND, chat input, with top-level options (type inferred: string 3, integer 4, bool 5, number 10).</summary>
    public static JsonObject Command(FakeInteractionContext context, string name, params (string Name, object Value)[] options)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Interaction(context, 2, CommandData(context, name, Options(options)));
    }

    public static JsonObject Subcommand(string name, string subcommand, params (string Name, object Value)[] options) =>
        Subcommand(FakeInteractionContext.Member, name, subcommand, options);

    /// <summary>A command whose single option is the subcommand (type 1) holding the options.</summary>
    public static JsonObject Subcommand(FakeInteractionContext context, string name, string subcommand, params (string Name, object Value)[] options)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sub = new JsonObject { ["name"] = subcommand, ["type"] = 1, ["options"] = Options(options) };
        return Interaction(context, 2, CommandData(context, name, new JsonArray(sub)));
    }

    public static JsonObject SubcommandGroup(string name, string group, string subcommand, params (string Name, object Value)[] options) =>
        SubcommandGroup(FakeInteractionContext.Member, name, group, subcommand, options);

    /// <summary>A command → group (type 2) → subcommand (type 1) → options.</summary>
    public static JsonObject SubcommandGroup(FakeInteractionContext context, string name, string group, string subcommand, params (string Name, object Value)[] options)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sub = new JsonObject { ["name"] = subcommand, ["type"] = 1, ["options"] = Options(options) };
        var groupOption = new JsonObject { ["name"] = group, ["type"] = 2, ["options"] = new JsonArray(sub) };
        return Interaction(context, 2, CommandData(context, name, new JsonArray(groupOption)));
    }

    public static JsonObject Autocomplete(string name, string focusedOption, string partialValue, params (string Name, object Value)[] otherOptions) =>
        Autocomplete(FakeInteractionContext.Member, name, focusedOption, partialValue, otherOptions);

    /// <summary>Type 4 APPLICATION_COMMAND_AUTOCOMPLETE: the other options, then the focused one (<c>"focused": true</c>, a partial string).</summary>
    public static JsonObject Autocomplete(FakeInteractionContext context, string name, string focusedOption, string partialValue, params (string Name, object Value)[] otherOptions)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = Options(otherOptions);
        options.Add(new JsonObject { ["name"] = focusedOption, ["type"] = 3, ["value"] = partialValue, ["focused"] = true });
        return Interaction(context, 4, CommandData(context, name, options));
    }

    /// <summary>Type 4 autocomplete inside a subcommand: the subcommand (type 1) holds the other options and the focused one.</summary>
    public static JsonObject SubcommandAutocomplete(FakeInteractionContext context, string name, string subcommand, string focusedOption, string partialValue, params (string Name, object Value)[] otherOptions)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = Options(otherOptions);
        options.Add(new JsonObject { ["name"] = focusedOption, ["type"] = 3, ["value"] = partialValue, ["focused"] = true });
        var sub = new JsonObject { ["name"] = subcommand, ["type"] = 1, ["options"] = options };
        return Interaction(context, 4, CommandData(context, name, new JsonArray(sub)));
    }

    public static JsonObject Button(string customId, JsonObject? message = null) =>
        Button(FakeInteractionContext.Member, customId, message);

    /// <summary>Type 3 MESSAGE_COMPONENT from a button (component_type 2), with the message that holds it.</summary>
    public static JsonObject Button(FakeInteractionContext context, string customId, JsonObject? message = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = new JsonObject { ["custom_id"] = customId, ["component_type"] = 2 };
        var interaction = Interaction(context, 3, data);
        interaction["message"] = message?.DeepClone() ?? BotMessage(context, customId);
        return interaction;
    }

    public static JsonObject SelectMenu(string customId, params string[] values) =>
        SelectMenu(FakeInteractionContext.Member, customId, values);

    /// <summary>Type 3 MESSAGE_COMPONENT from a string select (component_type 3) with the chosen values.</summary>
    public static JsonObject SelectMenu(FakeInteractionContext context, string customId, params string[] values)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(values);
        var data = new JsonObject
        {
            ["custom_id"] = customId,
            ["component_type"] = 3,
            ["values"] = new JsonArray([.. values.Select(v => (JsonNode)v)]),
        };
        var interaction = Interaction(context, 3, data);
        interaction["message"] = BotMessage(context, customId);
        return interaction;
    }

    public static JsonObject ModalSubmit(string customId, params (string CustomId, string Value)[] fields) =>
        ModalSubmit(FakeInteractionContext.Member, customId, fields);

    /// <summary>Type 5 MODAL_SUBMIT: one action row (type 1) per text input (type 4) with its value.</summary>
    public static JsonObject ModalSubmit(FakeInteractionContext context, string customId, params (string CustomId, string Value)[] fields)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(fields);
        var rows = new JsonArray();
        foreach (var (fieldId, value) in fields)
        {
            rows.Add(new JsonObject
            {
                ["type"] = 1,
                ["components"] = new JsonArray(new JsonObject { ["type"] = 4, ["custom_id"] = fieldId, ["value"] = value }),
            });
        }

        return Interaction(context, 5, new JsonObject { ["custom_id"] = customId, ["components"] = rows });
    }

    private static JsonObject CommandData(FakeInteractionContext context, string name, JsonArray options)
    {
        var data = new JsonObject { ["id"] = FakeSnowflake.Next(), ["name"] = name, ["type"] = 1 };
        if (options.Count > 0)
        {
            data["options"] = options;
        }

        if (!context.DirectMessage)
        {
            data["guild_id"] = context.GuildId;
        }

        return data;
    }

    private static JsonArray Options((string Name, object Value)[] options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var array = new JsonArray();
        foreach (var (name, value) in options)
        {
            var (type, node) = value switch
            {
                TypedOptionValue typed => (typed.Type, ToNode(typed.Value)),
                string s => (3, (JsonNode?)s),
                bool b => (5, (JsonNode?)b),
                int or long or short or byte => (4, (JsonNode?)Convert.ToInt64(value, CultureInfo.InvariantCulture)),
                double or float or decimal => (10, (JsonNode?)Convert.ToDouble(value, CultureInfo.InvariantCulture)),
                _ => throw new ArgumentException($"Option {name}: unsupported value type {value?.GetType().Name}; use TypedOptionValue.", nameof(options)),
            };
            array.Add(new JsonObject { ["name"] = name, ["type"] = type, ["value"] = node });
        }

        return array;
    }

    private static JsonNode? ToNode(object value) => value switch
    {
        JsonNode node => node.DeepClone(),
        string s => s,
        bool b => b,
        int or long or short or byte => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        double or float or decimal => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// <summary>The caller's guild member as a message carries it (an interaction adds the user and the permissions).</summary>
    internal static JsonObject Member(FakeInteractionContext context) => new()
    {
        ["roles"] = new JsonArray([.. context.RoleIds.Select(r => (JsonNode)r)]),
        ["nick"] = context.Nick,
        ["avatar"] = null,
        ["joined_at"] = "2024-01-01T00:00:00.000000+00:00",
        ["premium_since"] = null,
        ["deaf"] = false,
        ["mute"] = false,
        ["pending"] = false,
        ["flags"] = 0,
    };

    internal static JsonObject User(FakeInteractionContext context) => new()
    {
        ["id"] = context.UserId,
        ["username"] = context.Username,
        ["global_name"] = context.GlobalName,
        ["discriminator"] = "0",
        ["avatar"] = null,
        ["public_flags"] = 0,
    };

    private static JsonObject Interaction(FakeInteractionContext context, int type, JsonObject data)
    {
        var id = FakeSnowflake.Next();
        var interaction = new JsonObject
        {
            ["id"] = id,
            ["application_id"] = context.ApplicationId,
            ["type"] = type,
            ["data"] = data,
            ["channel_id"] = context.ChannelId,
            ["token"] = "aW50ZXJhY3Rpb246" + id + "_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)),
            ["version"] = 1,
            ["locale"] = context.Locale,
            ["app_permissions"] = context.AppPermissions,
            ["entitlements"] = new JsonArray(),
            ["attachment_size_limit"] = 10485760,
        };

        if (context.DirectMessage)
        {
            interaction["channel"] = new JsonObject
            {
                ["id"] = context.ChannelId,
                ["type"] = 1,
                ["flags"] = 0,
                ["last_message_id"] = null,
                ["recipients"] = new JsonArray(User(context)),
            };
            interaction["user"] = User(context);
            interaction["context"] = 1;
            interaction["authorizing_integration_owners"] = new JsonObject { ["0"] = "0" };
        }
        else
        {
            interaction["guild_id"] = context.GuildId;
            interaction["guild"] = new JsonObject { ["id"] = context.GuildId, ["locale"] = "en-US", ["features"] = new JsonArray() };
            interaction["guild_locale"] = "en-US";
            interaction["channel"] = new JsonObject
            {
                ["id"] = context.ChannelId,
                ["type"] = 0,
                ["name"] = context.ChannelName,
                ["guild_id"] = context.GuildId,
                ["parent_id"] = null,
                ["position"] = 0,
                ["nsfw"] = false,
                ["flags"] = 0,
                ["permissions"] = context.Permissions,
            };
            var member = Member(context);
            member["user"] = User(context);
            member["permissions"] = context.Permissions;
            member["communication_disabled_until"] = null;
            interaction["member"] = member;
            interaction["context"] = 0;
            interaction["authorizing_integration_owners"] = new JsonObject { ["0"] = context.GuildId };
        }

        return interaction;
    }

    private static JsonObject BotMessage(FakeInteractionContext context, string customId) => new()
    {
        ["id"] = FakeSnowflake.Next(),
        ["type"] = 20,
        ["channel_id"] = context.ChannelId,
        ["content"] = "",
        ["author"] = new JsonObject { ["id"] = context.ApplicationId, ["username"] = "TalksBot", ["discriminator"] = "0", ["bot"] = true, ["avatar"] = null },
        ["embeds"] = new JsonArray(),
        ["components"] = new JsonArray(new JsonObject
        {
            ["type"] = 1,
            ["components"] = new JsonArray(new JsonObject { ["type"] = 2, ["style"] = 1, ["label"] = "Button", ["custom_id"] = customId }),
        }),
        ["attachments"] = new JsonArray(),
        ["flags"] = 0,
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        ["edited_timestamp"] = null,
        ["application_id"] = context.ApplicationId,
        ["webhook_id"] = context.ApplicationId,
    };
}
