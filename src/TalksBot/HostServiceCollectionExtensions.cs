using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TalksBot.Core;
using TalksBot.Discord;
using TalksBot.Http;
using TalksBot.Postgres;
using TalksBot.Slack;

namespace TalksBot;

internal static class HostServiceCollectionExtensions
{
    public static IServiceCollection AddTalksBotHost(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddTalksBotCore();
        if (configuration.GetValue<Core.Knowledge.KnowledgeStoreEngine>($"{Core.Knowledge.KnowledgeOptions.Section}:{nameof(Core.Knowledge.KnowledgeOptions.Store)}") ==
            Core.Knowledge.KnowledgeStoreEngine.Postgres)
        {
            services.AddTalksBotPostgres();
        }

        services.AddDiscordAdapter(configuration);
        services.AddSlackAdapter(configuration);
        services.AddOptions<ConsoleBot.ConsoleOptions>().BindConfiguration(ConsoleBot.ConsoleOptions.Section);
        services.AddSingleton<ConsoleBot.ConsoleBot>();
        services.AddOptions<HttpOptions>().BindConfiguration(HttpOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<Core.Intake.IntakeOptions>, Intake.IntakeOptionsValidator>();
        services.AddOptions<Core.Intake.IntakeOptions>().ValidateOnStart();
        services.AddHttpClient<Intake.FeedFetcher>(Intake.FeedFetcher.ClientName, client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan; // the fetcher's own deadline covers the whole poll, redirects included
                client.DefaultRequestHeaders.UserAgent.ParseAdd("TalksBot/1.0 (news inbox; +https://github.com/)");
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = System.Net.DecompressionMethods.GZip | System.Net.DecompressionMethods.Deflate | System.Net.DecompressionMethods.Brotli,
                ConnectTimeout = TimeSpan.FromSeconds(10),
                PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            });
        services.AddHostedService<Intake.IntakeWorker>();
        services.AddOptions<ShutdownOptions>().BindConfiguration(ShutdownOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // SIGTERM: adapters stop taking work and finish what they hold within the grace period (see ShutdownGrace).
        services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) =>
            host.ShutdownTimeout = TimeSpan.FromSeconds(shutdown.Value.ShutdownGraceSeconds));

        // The console shows subscribed fact changes only when it is the bot (no platform configured).
        if (!configuration.UsesDiscord() && !configuration.UsesSlack())
        {
            services.AddSingleton<ConsoleBot.ConsolePublisher>();
            services.AddSingleton<Core.Moderation.IChannelPublisher>(sp => sp.GetRequiredService<ConsoleBot.ConsolePublisher>());
        }
        return services;
    }
}
