using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TalksBot.Core.Moderation;
using TalksBot.Discord.Conversations;
using TalksBot.Discord.Gateway;
using TalksBot.Discord.Http;
using TalksBot.Discord.Interactions;
using TalksBot.Discord.Publishing;
using TalksBot.Discord.Rest;
using TalksBot.Platform;
using TalksBot.Platform.Http;

namespace TalksBot.Discord;

public static class DiscordServiceCollectionExtensions
{
    /// <summary>The Discord adapter: REST client, interaction processing, and the gateway worker when Discord:Token is set in gateway mode.</summary>
    public static IServiceCollection AddDiscordAdapter(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DiscordOptions>().BindConfiguration(DiscordOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddPlatformHttpClient(DiscordRestClient.HttpClientName, new PlatformHttpOptions { TotalTimeout = TimeSpan.FromSeconds(15) });
        services.AddPlatformWebSockets();
        services.TryAddSingleton(new DiscordTuning());
        // One rate-limit state and one client for the bot token, whichever part of the adapter sends.
        services.AddSingleton<DiscordRateLimits>();
        services.AddSingleton<DiscordRestClient>();
        services.AddSingleton<CommandRegistrar>();
        services.AddSingleton<InteractionProcessor>();
        services.AddSingleton<MessageProcessor>();
        services.AddSingleton<UnwritableChannels>();
        services.AddSingleton<DiscordSignatureVerifier>();

        var settings = configuration.GetSection(DiscordOptions.Section).Get<DiscordOptions>() ?? new DiscordOptions();
        if (settings.Enabled)
        {
            // /subscribe and the change announcements reach Discord channels through it.
            services.AddSingleton<IChannelPublisher, DiscordChannelPublisher>();
        }

        if (settings.Enabled && settings.InteractionsMode == DiscordInteractionsMode.Gateway)
        {
            services.AddHostedService<DiscordGatewayWorker>();
        }

        return services;
    }

    /// <summary>True when Discord is configured to deliver interactions over HTTP (the host must map the endpoint).</summary>
    public static bool UsesDiscordHttpInteractions(this IConfiguration configuration) =>
        configuration.GetSection(DiscordOptions.Section).Get<DiscordOptions>() is { Enabled: true, InteractionsMode: DiscordInteractionsMode.Http };

    /// <summary>True when any Discord mode is on.</summary>
    public static bool UsesDiscord(this IConfiguration configuration) =>
        configuration.GetSection(DiscordOptions.Section).Get<DiscordOptions>() is { Enabled: true };
}
