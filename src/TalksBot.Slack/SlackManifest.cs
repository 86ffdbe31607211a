using System.Text;
using TalksBot.Core.Commands;
using TalksBot.Core.Knowledge.Yaml;

namespace TalksBot.Slack;

/// <summary>
/// The Slack app manifest (YAML), generated from the command catalogue: one slash command per plain command and one per
/// group (/fact, /kb), scopes, Socket Mode and interactivity on.
/// </summary>
public static class SlackManifest
{
    public static string Build(string appName = "TalksBot")
    {
        var yaml = new StringBuilder()
            .Append("# Slack app manifest for TalksBot. Create the app at https://api.slack.com/apps → From an app manifest.\n")
            .Append("display_information:\n")
            .Append("  name: ").Append(KnowledgeYamlWriter.Scalar(appName)).Append('\n')
            .Append("  description: Sourced, dated answers about the talks to end Russia's war in Ukraine\n")
            .Append("features:\n")
            .Append("  bot_user:\n")
            .Append("    display_name: ").Append(KnowledgeYamlWriter.Scalar(appName)).Append('\n')
            .Append("    always_online: true\n")
            .Append("  slash_commands:\n");
        foreach (var command in CommandCatalog.All.Where(c => c.Group is null))
        {
            // Slack sends #channel as <#C…|name> only with should_escape, and the channel commands need the id.
            SlashCommand(yaml, command.Name, command.Description, UsageHint(command), escape: command.Options.Any(o => o.Kind == OptionKind.Channel));
        }

        // A group (/fact, /kb) is one slash command; its first word picks the subcommand.
        foreach (var group in CommandCatalog.Groups)
        {
            var moderators = group.All(c => c.ModeratorOnly) ? "Moderators: " : "";
            SlashCommand(yaml, group.Key, $"{moderators}{string.Join(", ", group.Select(c => c.Subcommand))} (/{group.Key} help)", $"{string.Join(" | ", group.Select(c => c.Subcommand))} …", escape: false);
        }

        return yaml
            .Append("oauth_config:\n")
            .Append("  scopes:\n")
            .Append("    bot:\n")
            .Append("    - commands\n")
            .Append("    - chat:write\n")
            .Append("    - users:read\n")
            .Append("    - usergroups:read\n")
            .Append("    - files:write\n")
            .Append("settings:\n")
            .Append("  interactivity:\n")
            .Append("    is_enabled: true\n")
            .Append("  org_deploy_enabled: false\n")
            .Append("  socket_mode_enabled: true\n")
            .Append("  token_rotation_enabled: false\n")
            .ToString();
    }

    private static void SlashCommand(StringBuilder yaml, string name, string description, string usageHint, bool escape) =>
        yaml.Append("  - command: /").Append(name).Append('\n')
            .Append("    description: ").Append(KnowledgeYamlWriter.Scalar(description)).Append('\n')
            .Append("    usage_hint: ").Append(KnowledgeYamlWriter.Scalar(usageHint)).Append('\n')
            .Append("    should_escape: ").Append(escape ? "true" : "false").Append('\n');

    private static string UsageHint(CommandDefinition command) =>
        command.Options.Count == 0 ? "" : string.Join(' ', command.Options.Select(o => o.Required ? o.Name : $"[{o.Name}]"));
}
