using System.Text.Json.Nodes;
using TalksBot.Core.Commands;
using TalksBot.Discord.Rendering;

namespace TalksBot.Discord.Interactions;

/// <summary>The application-command registration JSON, generated from the command catalogue.</summary>
internal static class DiscordCommandDefinitions
{
    public const int StringOption = 3;
    public const int IntegerOption = 4;
    public const int ManageGuildPermission = 32;

    public static JsonArray Build(ulong moderatorPermission = ManageGuildPermission) =>
        new(CommandCatalog.All.Select(command => (JsonNode)Build(command, moderatorPermission)).ToArray());

    /// <summary>The fields that decide whether Discord's copy differs from ours (Discord adds ids and versions).</summary>
    public static string Fingerprint(JsonArray commands) =>
        string.Join("\n", commands
            .OfType<JsonObject>()
            .Select(c => string.Join("|",
                c["name"]?.GetValue<string>(),
                c["description"]?.GetValue<string>(),
                c["default_member_permissions"]?.ToString() ?? "",
                string.Join(";", (c["options"] as JsonArray ?? []).OfType<JsonObject>().Select(o => string.Join(",",
                    o["name"]?.GetValue<string>(),
                    o["type"]?.ToString(),
                    o["description"]?.GetValue<string>(),
                    o["required"]?.GetValue<bool>() ?? false,
                    o["autocomplete"]?.GetValue<bool>() ?? false)))))
            .Order(StringComparer.Ordinal));

    private static JsonObject Build(CommandDefinition command, ulong moderatorPermission)
    {
        var options = new JsonArray();
        foreach (var option in command.Options.OrderByDescending(o => o.Required))
        {
            var json = new JsonObject
            {
                ["type"] = option.Kind == OptionKind.Number ? IntegerOption : StringOption,
                ["name"] = option.Name,
                ["description"] = EmbedRenderer.Trim(option.Description, 100),
                ["required"] = option.Required,
            };
            if (option.Kind == OptionKind.Number)
            {
                json["min_value"] = 1;
                json["max_value"] = 999;
            }
            else
            {
                json["max_length"] = option.MaxLength;
            }

            if (option.Kind is OptionKind.Topic or OptionKind.Party or OptionKind.FactOrTopic or OptionKind.Command)
            {
                json["autocomplete"] = true;
            }

            options.Add(json);
        }

        var definition = new JsonObject
        {
            ["type"] = 1,
            ["name"] = command.Name,
            ["description"] = EmbedRenderer.Trim(command.Description, 100),
            ["options"] = options,
        };
        if (command.ModeratorOnly)
        {
            definition["default_member_permissions"] = moderatorPermission.ToString(System.Globalization.CultureInfo.InvariantCulture);
            definition["contexts"] = new JsonArray(0);
        }

        return definition;
    }
}
