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

    [Fact]
    public void Manifest_ListsEveryCommandWithSocketModeAndInteractivity()
    {
        var manifest = SlackManifest.Build();
        var yaml = new YamlDotNet.RepresentationModel.YamlStream();
        yaml.Load(new StringReader(manifest));

        foreach (var command in Core.Commands.CommandCatalog.All)
        {
            Assert.Contains($"- command: /{command.Name}", manifest, StringComparison.Ordinal);
        }

        Assert.Contains("socket_mode_enabled: true", manifest, StringComparison.Ordinal);
        Assert.Contains("is_enabled: true", manifest, StringComparison.Ordinal);
        Assert.Contains("- commands", manifest, StringComparison.Ordinal);
        Assert.Contains("- chat:write", manifest, StringComparison.Ordinal);
    }
}
