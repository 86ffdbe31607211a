using TalksBot.Discord.Tests.Fakes;

namespace TalksBot.Tests.Cli;

/// <summary>Distinctive fake credentials for a bot process, so that a test can look for each of them in its logs.</summary>
internal sealed record PlatformCredentials(string DiscordToken, string SlackBotToken, string SlackAppToken, string SigningSecret)
{
    public IReadOnlyList<string> Secrets => [DiscordToken, SlackBotToken, SlackAppToken, SigningSecret];

    /// <summary>Discord over the gateway of <paramref name="discord"/>, Slack in Socket Mode (one socket) and HTTP mode, the HTTP surface on.</summary>
    public Dictionary<string, string> Settings(FakeDiscord discord, Uri slackApiBaseUrl, Uri httpBaseUrl) => new()
    {
        ["Discord__Token"] = DiscordToken,
        ["Discord__ApplicationId"] = discord.ApplicationId,
        ["Discord__ApiBaseUrl"] = discord.ApiBaseUrl.ToString(),
        ["Discord__GatewayUrl"] = discord.GatewayUrl.ToString(),
        ["Slack__BotToken"] = SlackBotToken,
        ["Slack__AppToken"] = SlackAppToken,
        ["Slack__SigningSecret"] = SigningSecret,
        ["Slack__ApiBaseUrl"] = slackApiBaseUrl.ToString(),
        ["Slack__Connections"] = "1",
        ["Http__Enabled"] = "true",
        ["Http__Urls"] = httpBaseUrl.ToString(),
    };
}
