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
        services.AddOptions<ConsoleBot.ConsoleOptions>().BindConfiguration(ConsoleBot.ConsoleOptions.Section);
        services.AddSingleton<ConsoleBot.ConsoleBot>();

        // The console shows subscribed fact changes only when it is the bot (no platform configured).
        if (!configuration.UsesDiscord() && !configuration.UsesSlack())
        {
            services.AddSingleton<ConsoleBot.ConsolePublisher>();
            services.AddSingleton<Core.Moderation.IChannelPublisher>(sp => sp.GetRequiredService<ConsoleBot.ConsolePublisher>());
        }
        return services;
    }
}
