using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TalksBot.Core;
using TalksBot.Discord;
using TalksBot.Slack;

namespace TalksBot;

internal static class HostServiceCollectionExtensions
{
    public static IServiceCollection AddTalksBotHost(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddTalksBotCore();
        services.AddDiscordAdapter(configuration);
        services.AddSlackAdapter(configuration);
        services.AddSingleton<ConsoleBot.ConsoleBot>();
        return services;
    }
}
