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

    /// <summary>The bot in HTTP mode (no sockets) with <paramref name="slack"/>'s Web API behind it; <paramref name="settings"/> add to that.</summary>
    public static Task<LoopbackBotHost> StartHttpAsync(Fakes.FakeSlack slack, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Slack:SigningSecret"] = SigningSecret,
            ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl.ToString(),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return StartAsync(all, configure);
    }
}
