using System.ComponentModel.DataAnnotations;
using YamlDotNet.RepresentationModel;

namespace TalksBot.Slack.Tests;

public sealed class SlackOptionsTests
{
    [Fact]
    public void Validate_NoBotToken_AdapterIsOff()
    {
        var options = new SlackOptions { AppToken = "nonsense" };

        Assert.False(options.Enabled);
        Assert.Empty(options.Validate(new ValidationContext(options)));
    }

    [Theory]
    [InlineData("xoxp-user_token", "xapp-1-a", null, "Slack:BotToken")]
    [InlineData("xoxb-1-b", "xoxb-wrong", null, "Slack:AppToken")]
    [InlineData("xoxb-1-b", null, null, "Slack:BotToken is set but neither")]
    [InlineData("xoxb-1-b", null, "short", "Slack:SigningSecret")]
    public void Validate_BadValue_NamesTheKey(string bot, string? app, string? secret, string start)
    {
        var options = new SlackOptions { BotToken = bot, AppToken = app, SigningSecret = secret };

        Assert.Contains(options.Validate(new ValidationContext(options)), e => e.ErrorMessage!.StartsWith(start, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("S0MODS", true)]
    [InlineData("S0MODS, S1EDITORS", true)]
    [InlineData("@moderators", false)]
    [InlineData("U0MOD", false)]
    public void Validate_ModeratorUserGroupIds_MustBeGroupIds(string groups, bool valid)
    {
        var options = new SlackOptions { BotToken = "xoxb-1-b", AppToken = "xapp-1-a", ModeratorUserGroupIds = groups };

        var errors = options.Validate(new ValidationContext(options)).ToList();

        Assert.Equal(valid, errors.Count == 0);
        Assert.All(errors, e => Assert.StartsWith("Slack:ModeratorUserGroupIds", e.ErrorMessage, StringComparison.Ordinal));
    }

    [Fact]
    public void Manifest_OneSlashCommandPerCommandOrGroup_ChannelCommandsEscaped_FilesWriteScope()
    {
        var manifest = SlackManifest.Build();
        var yaml = new YamlDotNet.RepresentationModel.YamlStream();
        yaml.Load(new StringReader(manifest));
        var root = (YamlDotNet.RepresentationModel.YamlMappingNode)yaml.Documents[0].RootNode;
        var commands = ((YamlDotNet.RepresentationModel.YamlSequenceNode)root["features"]["slash_commands"]).Children
            .Cast<YamlDotNet.RepresentationModel.YamlMappingNode>()
            .ToDictionary(c => c["command"].ToString(), c => c);
        var scopes = ((YamlDotNet.RepresentationModel.YamlSequenceNode)root["oauth_config"]["scopes"]["bot"]).Children.Select(s => s.ToString());

        Assert.Equal(
            ["/about", "/ask", "/fact", "/help", "/kb", "/positions", "/sources", "/subscribe", "/timeline", "/topics", "/unsubscribe"],
            commands.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("retract", commands["/fact"]["usage_hint"].ToString(), StringComparison.Ordinal);
        Assert.Contains("export", commands["/kb"]["usage_hint"].ToString(), StringComparison.Ordinal);
        Assert.Equal("true", commands["/subscribe"]["should_escape"].ToString());
        Assert.Equal("true", commands["/unsubscribe"]["should_escape"].ToString());
        Assert.Equal("false", commands["/fact"]["should_escape"].ToString());
        Assert.Equal(["commands", "chat:write", "users:read", "usergroups:read", "files:write", "app_mentions:read", "im:history"], scopes);
        Assert.Contains("socket_mode_enabled: true", manifest, StringComparison.Ordinal);
        Assert.Contains("is_enabled: true", manifest, StringComparison.Ordinal);
    }

    [Fact]
    public void Manifest_SubscribesToMentionsAndDirectMessages_OpensTheMessagesTab_AndHasTheCheckShortcut()
    {
        var root = ManifestRoot(SlackManifest.Build());

        var events = ((YamlSequenceNode)root["settings"]["event_subscriptions"]["bot_events"]).Children.Select(e => e.ToString());
        var shortcut = (YamlMappingNode)Assert.Single(((YamlSequenceNode)root["features"]["shortcuts"]).Children);
        var home = (YamlMappingNode)root["features"]["app_home"];
        var scopes = ((YamlSequenceNode)root["oauth_config"]["scopes"]["bot"]).Children.Select(s => s.ToString()).ToList();

        Assert.Equal(["app_mention", "message.im"], events);
        Assert.Equal(
            ("Check with TalksBot", "message", "check_message"),
            (shortcut["name"].ToString(), shortcut["type"].ToString(), shortcut["callback_id"].ToString()));
        Assert.False(string.IsNullOrWhiteSpace(shortcut["description"].ToString()));
        Assert.Equal(("true", "false"), (home["messages_tab_enabled"].ToString(), home["messages_tab_read_only_enabled"].ToString()));
        Assert.Contains("app_mentions:read", scopes);
        Assert.Contains("im:history", scopes);
        Assert.Contains("chat:write", scopes);
        Assert.False(((YamlMappingNode)root["settings"]["event_subscriptions"]).Children.ContainsKey(new YamlScalarNode("request_url")));
    }

    [Fact]
    public void Manifest_ForHttpMode_SendsEventsInteractivityAndCommandsToThePublicAddress()
    {
        var root = ManifestRoot(SlackManifest.Build(publicBaseUrl: new Uri("https://talksbot.example.org/")));

        var commands = ((YamlSequenceNode)root["features"]["slash_commands"]).Children.Cast<YamlMappingNode>();

        Assert.Equal("https://talksbot.example.org/slack/events", root["settings"]["event_subscriptions"]["request_url"].ToString());
        Assert.Equal("https://talksbot.example.org/slack/interactivity", root["settings"]["interactivity"]["request_url"].ToString());
        Assert.All(commands, c => Assert.Equal("https://talksbot.example.org/slack/commands", c["url"].ToString()));
        Assert.Equal("false", root["settings"]["socket_mode_enabled"].ToString());
    }

    private static YamlMappingNode ManifestRoot(string manifest)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(manifest));
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }
}
