using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TalksBot.Core.Moderation;
using TalksBot.Platform;
using TalksBot.Platform.Http;
using TalksBot.Slack.Http;
using TalksBot.Slack.Interactions;
using TalksBot.Slack.Publishing;
using TalksBot.Slack.SocketMode;
using TalksBot.Slack.WebApi;

namespace TalksBot.Slack;

public static class SlackServiceCollectionExtensions
{
    /// <summary>
    /// The Slack adapter: the Web API client (one per process, on the named platform client), request processing onto
    /// Core's answer pipeline, the signature verifier of the HTTP endpoints, the channel publisher when Slack is on, and the
    /// Socket Mode worker when Slack:AppToken is set.
    /// </summary>
    public static IServiceCollection AddSlackAdapter(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SlackOptions>().BindConfiguration(SlackOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(new SlackTuning());

        // A named client (no request logging: response_url and upload addresses are credentials); the client, its rate-limit
        // state and its caches are one per process.
        services.AddPlatformHttpClient(SlackWebApiClient.HttpClientName, new PlatformHttpOptions { TotalTimeout = TimeSpan.FromSeconds(15) });
        services.AddPlatformWebSockets();
        services.AddSingleton<SlackRateLimits>();
        services.AddSingleton<SlackWebApiClient>();
        services.AddSingleton<SlashCommandReader>();
        services.AddSingleton<SlackModerators>();
        services.AddSingleton<SlackReplySender>();
        services.AddSingleton<SlackRequestProcessor>();
        services.AddSingleton<SlackSignatureVerifier>();
        var options = configuration.GetSection(SlackOptions.Section).Get<SlackOptions>();
        if (options is { Enabled: true })
        {
            // Announcements (fact changes, the /subscribe welcome) reach Slack channels only when Slack is on.
            services.AddSingleton<IChannelPublisher, SlackChannelPublisher>();
        }

        if (options is { UsesSocketMode: true })
        {
            services.AddHostedService<SocketModeWorker>();
        }

        return services;
    }

    public static bool UsesSlack(this IConfiguration configuration) =>
        configuration.GetSection(SlackOptions.Section).Get<SlackOptions>() is { Enabled: true };

    /// <summary>True when Slack should reach the bot over HTTP (the host must map the endpoints).</summary>
    public static bool UsesSlackHttp(this IConfiguration configuration) =>
        configuration.GetSection(SlackOptions.Section).Get<SlackOptions>() is { UsesHttp: true };
}
