using Microsoft.Extensions.DependencyInjection;
using TalksBot.Discord.Http;
using TalksBot.Testing;

namespace TalksBot.Discord.Tests;

/// <summary>The bot with the Discord adapter, on loopback: gateway mode starts the gateway worker; HTTP mode maps /discord/interactions.</summary>
internal static class DiscordTestBot
{
    public const string Token = "fake-bot-token-0123456789abcdef";
    public const string ApplicationId = "1100000000000000001";

    public static Task<LoopbackBotHost> StartAsync(IDictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        var all = new Dictionary<string, string?> { ["Discord:Token"] = Token, ["Discord:ApplicationId"] = ApplicationId };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return LoopbackBotHost.StartAsync(all, (services, configuration) => services.AddDiscordAdapter(configuration), app => app.MapDiscordInteractions(), configure);
    }
}
