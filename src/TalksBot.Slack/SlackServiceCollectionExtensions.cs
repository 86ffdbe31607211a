using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TalksBot.Slack.Http;
using TalksBot.Slack.Interactions;
using TalksBot.Slack.SocketMode;
using TalksBot.Slack.WebApi;

namespace TalksBot.Slack;

public static class SlackServiceCollectionExtensions
{
    /// <summary>The Slack adapter: Web API client, request processing, and the Socket Mode worker when Slack:AppToken is set.</summary>
    public static IServiceCollection AddSlackAdapter(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SlackOptions>().BindConfiguration(SlackOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(new SlackTuning());

        // No request logging: response_url addresses are credentials.
        services.AddHttpClient<SlackWebApiClient>(client => client.Timeout = TimeSpan.FromSeconds(15)).RemoveAllLoggers();
        services.AddSingleton<DeliveryDeduplicator>();
        services.AddSingleton<SlackRequestProcessor>();
        services.AddSingleton<SlackSignatureVerifier>();
        if (configuration.GetSection(SlackOptions.Section).Get<SlackOptions>() is { UsesSocketMode: true })
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
