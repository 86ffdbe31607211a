using Microsoft.Extensions.DependencyInjection;
using TalksBot.Core;

namespace TalksBot;

internal static class HostServiceCollectionExtensions
{
    public static IServiceCollection AddTalksBotHost(this IServiceCollection services)
    {
        services.AddTalksBotCore();
        services.AddSingleton<ConsoleBot.ConsoleBot>();
        return services;
    }
}
