using System.Globalization;
using System.Text.Json.Nodes;
using TalksBot.Core.Commands;
using TalksBot.Discord.Rendering;

namespace TalksBot.Discord.Interactions;

/// <summary>
/// The application-command registration JSON, generated from the command catalogue: plain commands as they are, and
/// one top-level command per group ("fact", "kb") whose subcommands (option type 1) carry their options.
/// </summary>
internal static class DiscordCommandDefinitions
{
    public const int SubcommandOption = 1;
    public const int StringOption = 3;
    public const int IntegerOption = 4;
    public const int ChannelOption = 7;
    public const int ManageGuildPermission = 32;
    public const int MaxOptions = 25;
    public const int MaxDescription = 100;

    /// <summary>GUILD_TEXT and GUILD_ANNOUNCEMENT: the channels TalksBot can post updates in.</summary>
    public static readonly IReadOnlyList<int> PostableChannelTypes = [0, 5];

    private static readonly OptionKind[] AutocompletedKinds = [OptionKind.Topic, OptionKind.Party, OptionKind.FactOrTopic, OptionKind.Command, OptionKind.FactId];

    public static JsonArray Build(ulong moderatorPermission = ManageGuildPermission)
    {
        var commands = new JsonArray();
        var groupsDone = new HashSet<string>(StringComparer.Ordinal);
        foreach (var command in CommandCatalog.All)
        {
            if (command.Group is not { } group)
            {
                commands.Add(Command(command.Name, command.Description, Options(command.Options), command.ModeratorOnly, moderatorPermission));
            }
            else if (groupsDone.Add(group))
            {
                var subcommands = CommandCatalog.InGroup(group);
                var options = new JsonArray(subcommands.Select(s => (JsonNode)new JsonObject
                {
                    ["type"] = SubcommandOption,
                    ["name"] = s.Subcommand,
                    ["description"] = EmbedRenderer.Trim(s.Description, MaxDescription),
                    ["options"] = Options(s.Options),
                }).ToArray());
                // Discord applies default_member_permissions to the whole top-level command, so a group is for
                // moderators only when each of its subcommands is.
                var moderatorOnly = subcommands.All(s => s.ModeratorOnly);
                commands.Add(Command(group, GroupDescription(group, subcommands), options, moderatorOnly, moderatorPermission));
            }
        }

        return commands;
    }

    /// <summary>
    /// The fields that decide whether Discord's copy differs from ours (Discord adds ids and versions, and leaves out
    /// false booleans), subcommands and their options included.
    /// </summary>
    public static string Fingerprint(JsonArray commands) =>
        string.Join("\n", commands
            .OfType<JsonObject>()
            .Select(c => string.Join("|",
                Text(c["name"]),
                Text(c["description"]),
                c["default_member_permissions"]?.ToString() ?? "",
                Numbers(c["contexts"]),
                OptionsFingerprint(c["options"])))
            .Order(StringComparer.Ordinal));

    private static string OptionsFingerprint(JsonNode? options) =>
        string.Join(";", (options as JsonArray ?? []).OfType<JsonObject>().Select(o => string.Join(",",
            Text(o["name"]),
            o["type"]?.ToString(),
            Text(o["description"]),
            Flag(o["required"]),
            Flag(o["autocomplete"]),
            o["max_length"]?.ToString() ?? "",
            o["min_value"]?.ToString() ?? "",
            o["max_value"]?.ToString() ?? "",
            Numbers(o["channel_types"]),
            "[" + OptionsFingerprint(o["options"]) + "]")));

    private static JsonObject Command(string name, string description, JsonArray options, bool moderatorOnly, ulong moderatorPermission)
    {
        var definition = new JsonObject
        {
            ["type"] = 1,
            ["name"] = name,
            ["description"] = EmbedRenderer.Trim(description, MaxDescription),
            ["options"] = options,
        };
        if (moderatorOnly)
        {
            definition["default_member_permissions"] = moderatorPermission.ToString(CultureInfo.InvariantCulture);
            definition["contexts"] = new JsonArray(0);
        }

        return definition;
    }

    private static string GroupDescription(string group, IReadOnlyList<CommandDefinition> subcommands)
    {
        var names = string.Join(", ", subcommands.Select(s => s.Subcommand));
        return subcommands.All(s => s.ModeratorOnly) ? $"Moderators: {group} {names}" : $"{group}: {names}";
    }

    private static JsonArray Options(IReadOnlyList<CommandOption> options)
    {
        var json = new JsonArray();
        foreach (var option in options.OrderByDescending(o => o.Required))
        {
            json.Add(Option(option));
        }

        return json;
    }

    private static JsonObject Option(CommandOption option)
    {
        var json = new JsonObject
        {
            ["type"] = option.Kind switch
            {
                OptionKind.Number => IntegerOption,
                OptionKind.Channel => ChannelOption,
                _ => StringOption,
            },
            ["name"] = option.Name,
            ["description"] = EmbedRenderer.Trim(option.Description, MaxDescription),
            ["required"] = option.Required,
        };
        switch (option.Kind)
        {
            case OptionKind.Number:
                json["min_value"] = 1;
                json["max_value"] = (int)Math.Pow(10, Math.Clamp(option.MaxLength, 1, 9)) - 1;
                break;
            case OptionKind.Channel:
                json["channel_types"] = new JsonArray(PostableChannelTypes.Select(t => (JsonNode)t).ToArray());
                break;
            default:
                json["max_length"] = option.MaxLength;
                break;
        }

        if (AutocompletedKinds.Contains(option.Kind))
        {
            json["autocomplete"] = true;
        }

        return json;
    }

    private static string Text(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : "";

    private static string Flag(JsonNode? node) => node is JsonValue value && value.TryGetValue(out bool flag) && flag ? "1" : "0";

    private static string Numbers(JsonNode? node) => string.Join(" ", (node as JsonArray ?? []).Select(n => n?.ToString()));
}
