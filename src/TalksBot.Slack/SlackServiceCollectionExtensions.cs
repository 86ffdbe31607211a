using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TalksBot.Core.Moderation;
using TalksBot.Slack.Http;
using TalksBot.Slack.Interactions;
using TalksBot.Slack.Publishing;
using TalksBot.Slack.SocketMode;
using TalksBot.Slack.WebApi;

namespace TalksBot.Slack;

public static class SlackServiceCollectionExtensions
{
    /// <summary>The Slack adapter: Web API client, request processing, the channel publisher when Slack is on, and the Socket Mode worker when Slack:AppToken is set.</summary>
    public static IServiceCollection AddSlackAdapter(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SlackOptions>().BindConfiguration(SlackOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(new SlackTuning());

        // No request logging: response_url addresses are credentials.
        services.AddHttpClient<SlackWebApiClient>(client => client.Timeout = TimeSpan.FromSeconds(15)).RemoveAllLoggers();
        services.AddSingleton<DeliveryDeduplicator>();
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
