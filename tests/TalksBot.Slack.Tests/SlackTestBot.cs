using Microsoft.Extensions.DependencyInjection;
using TalksBot.Slack.Http;
using TalksBot.Testing;

namespace TalksBot.Slack.Tests;

/// <summary>The bot with the Slack adapter, on loopback: Socket Mode starts with an app token; the HTTP endpoints are mapped.</summary>
internal static class SlackTestBot
{
    public const string BotToken = "xoxb-test_bot_token_not_real";
    public const string AppToken = "xapp-1-test_app_token_not_real";
    public const string SigningSecret = "fake-signing-secret-0123456789abcdef";

    public static Task<LoopbackBotHost> StartAsync(IDictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        var all = new Dictionary<string, string?> { ["Slack:BotToken"] = BotToken };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return LoopbackBotHost.StartAsync(all, (services, configuration) => services.AddSlackAdapter(configuration), app => app.MapSlackEndpoints(), configure);
    }
}
