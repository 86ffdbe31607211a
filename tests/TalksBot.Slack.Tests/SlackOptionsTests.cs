using System.ComponentModel.DataAnnotations;

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
        Assert.Equal(["commands", "chat:write", "users:read", "usergroups:read", "files:write"], scopes);
        Assert.Contains("socket_mode_enabled: true", manifest, StringComparison.Ordinal);
        Assert.Contains("is_enabled: true", manifest, StringComparison.Ordinal);
    }
}
