using System.Text;
using TalksBot.Core.Commands;
using TalksBot.Core.Knowledge.Yaml;

namespace TalksBot.Slack;

/// <summary>The Slack app manifest (YAML), generated from the command catalogue: commands, scopes, Socket Mode and interactivity on.</summary>
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
        foreach (var command in CommandCatalog.All)
        {
            yaml.Append("  - command: /").Append(command.Name).Append('\n')
                .Append("    description: ").Append(KnowledgeYamlWriter.Scalar(command.Description)).Append('\n')
                .Append("    usage_hint: ").Append(KnowledgeYamlWriter.Scalar(UsageHint(command))).Append('\n')
                .Append("    should_escape: false\n");
        }

        return yaml
            .Append("oauth_config:\n")
            .Append("  scopes:\n")
            .Append("    bot:\n")
            .Append("    - commands\n")
            .Append("    - chat:write\n")
            .Append("    - users:read\n")
            .Append("    - usergroups:read\n")
            .Append("settings:\n")
            .Append("  interactivity:\n")
            .Append("    is_enabled: true\n")
            .Append("  org_deploy_enabled: false\n")
            .Append("  socket_mode_enabled: true\n")
            .Append("  token_rotation_enabled: false\n")
            .ToString();
    }

    private static string UsageHint(CommandDefinition command) =>
        command.Options.Count == 0 ? "" : string.Join(' ', command.Options.Select(o => o.Required ? o.Name : $"[{o.Name}]"));
}
