using System.Text;
using TalksBot.Core.Commands;
using TalksBot.Core.Knowledge.Yaml;

namespace TalksBot.Slack;

/// <summary>
/// The Slack app manifest (YAML), generated from the command catalogue: one slash command per plain command and one per
/// group (/fact, /kb), the "Check with TalksBot" message shortcut, the events TalksBot answers (app_mention, message.im), the
/// Messages tab open so members can write to it, scopes, interactivity on; Socket Mode, or with a public address the
/// request URLs of HTTP mode.
/// </summary>
public static class SlackManifest
{
    /// <summary>The message shortcut's callback_id: Slack sends it with the <c>message_action</c> payload.</summary>
    public const string CheckMessageCallbackId = "check_message";

    /// <summary>The events TalksBot subscribes to: mentions in channels and threads, and direct messages to it.</summary>
    public static IReadOnlyList<string> BotEvents { get; } = ["app_mention", "message.im"];

    /// <summary>The bot token's scopes.</summary>
    public static IReadOnlyList<string> BotScopes { get; } = ["commands", "chat:write", "users:read", "usergroups:read", "files:write", "app_mentions:read", "im:history"];

    /// <summary>
    /// The manifest; with <paramref name="publicBaseUrl"/> (where Slack reaches the bot's /slack/… endpoints) it is for HTTP
    /// mode, with every request URL set, otherwise for Socket Mode.
    /// </summary>
    public static string Build(string appName = "TalksBot", Uri? publicBaseUrl = null)
    {
        var http = publicBaseUrl is null ? null : publicBaseUrl.AbsoluteUri.TrimEnd('/');
        var yaml = new StringBuilder()
            .Append("# Slack app manifest for TalksBot. Create the app at https://api.slack.com/apps → From an app manifest.\n")
            .Append("display_information:\n")
            .Append("  name: ").Append(KnowledgeYamlWriter.Scalar(appName)).Append('\n')
            .Append("  description: Sourced, dated answers about the talks to end Russia's war in Ukraine\n")
            .Append("features:\n")
            .Append("  app_home:\n")
            .Append("    home_tab_enabled: false\n")
            .Append("    messages_tab_enabled: true\n")
            .Append("    messages_tab_read_only_enabled: false\n")
            .Append("  bot_user:\n")
            .Append("    display_name: ").Append(KnowledgeYamlWriter.Scalar(appName)).Append('\n')
            .Append("    always_online: true\n")
            .Append("  shortcuts:\n")
            .Append("  - name: ").Append(KnowledgeYamlWriter.Scalar(CommandCatalog.CheckMessageCommandName)).Append('\n')
            .Append("    type: message\n")
            .Append("    callback_id: ").Append(CheckMessageCallbackId).Append('\n')
            .Append("    description: What TalksBot's sourced facts say about this message, privately\n")
            .Append("  slash_commands:\n");
        foreach (var command in CommandCatalog.All.Where(c => c.Group is null))
        {
            // Slack sends #channel as <#C…|name> only with should_escape, and the channel commands need the id.
            SlashCommand(yaml, command.Name, command.Description, UsageHint(command), escape: command.Options.Any(o => o.Kind == OptionKind.Channel), http);
        }

        // A group (/fact, /kb) is one slash command; its first word picks the subcommand.
        foreach (var group in CommandCatalog.Groups)
        {
            var moderators = group.All(c => c.ModeratorOnly) ? "Moderators: " : "";
            SlashCommand(yaml, group.Key, $"{moderators}{string.Join(", ", group.Select(c => c.Subcommand))} (/{group.Key} help)", $"{string.Join(" | ", group.Select(c => c.Subcommand))} …", escape: false, http);
        }

        yaml.Append("oauth_config:\n")
            .Append("  scopes:\n")
            .Append("    bot:\n");
        foreach (var scope in BotScopes)
        {
            yaml.Append("    - ").Append(scope).Append('\n');
        }

        yaml.Append("settings:\n")
            .Append("  event_subscriptions:\n");
        RequestUrl(yaml, http, "/slack/events");
        yaml.Append("    bot_events:\n");
        foreach (var botEvent in BotEvents)
        {
            yaml.Append("    - ").Append(botEvent).Append('\n');
        }

        yaml.Append("  interactivity:\n")
            .Append("    is_enabled: true\n");
        RequestUrl(yaml, http, "/slack/interactivity");
        return yaml
            .Append("  org_deploy_enabled: false\n")
            .Append("  socket_mode_enabled: ").Append(http is null ? "true" : "false").Append('\n')
            .Append("  token_rotation_enabled: false\n")
            .ToString();
    }

    private static void RequestUrl(StringBuilder yaml, string? http, string path)
    {
        if (http is not null)
        {
            yaml.Append("    request_url: ").Append(KnowledgeYamlWriter.Scalar(http + path)).Append('\n');
        }
    }

    private static void SlashCommand(StringBuilder yaml, string name, string description, string usageHint, bool escape, string? http)
    {
        yaml.Append("  - command: /").Append(name).Append('\n')
            .Append("    description: ").Append(KnowledgeYamlWriter.Scalar(description)).Append('\n')
            .Append("    usage_hint: ").Append(KnowledgeYamlWriter.Scalar(usageHint)).Append('\n')
            .Append("    should_escape: ").Append(escape ? "true" : "false").Append('\n');
        if (http is not null)
        {
            yaml.Append("    url: ").Append(KnowledgeYamlWriter.Scalar(http + "/slack/commands")).Append('\n');
        }
    }

    private static string UsageHint(CommandDefinition command) =>
        command.Options.Count == 0 ? "" : string.Join(' ', command.Options.Select(o => o.Required ? o.Name : $"[{o.Name}]"));
}
