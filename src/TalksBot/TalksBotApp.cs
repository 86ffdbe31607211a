using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using TalksBot.Core.Health;
using TalksBot.Core.Knowledge;
using TalksBot.Discord;
using TalksBot.Discord.Http;
using TalksBot.Http;
using TalksBot.Slack;
using TalksBot.Slack.Http;

namespace TalksBot;

/// <summary>Builds the host: configuration (appsettings.json, environment, user secrets, CLI overrides), logging to stderr, services.</summary>
internal static class TalksBotApp
{
    public const string KnowledgeComponent = "knowledge";

    /// <summary>The configuration without building a host: appsettings.json, environment (with or without the TalksBot__ prefix), overrides.</summary>
    public static IConfiguration ReadConfiguration(IReadOnlyDictionary<string, string?> overrides) =>
        new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddEnvironmentVariables(prefix: "TalksBot__")
            .AddInMemoryCollection(overrides)
            .Build();

    /// <param name="overrides">Configuration from the command line.</param>
    /// <param name="addServices">More services (tests add a failing one), registered before the hosted services are supervised.</param>
    public static IHost Build(IReadOnlyDictionary<string, string?> overrides, Action<IServiceCollection>? addServices = null)
    {
        // Peek at the configuration first: the HTTP surface (health, metrics, platform HTTP modes) needs the web host, everything else the generic one.
        var peek = ReadConfiguration(overrides);
        var discordHttp = peek.UsesDiscordHttpInteractions();
        var slackHttp = peek.UsesSlackHttp();
        if (discordHttp || slackHttp || (bool.TryParse(peek[$"{HttpOptions.Section}:{nameof(HttpOptions.Enabled)}"], out var enabled) && enabled))
        {
            var web = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
            Configure(web, overrides, addServices);
            web.Services.AddMetricsExporter();
            web.WebHost.UseUrls(web.Configuration[$"{HttpOptions.Section}:{nameof(HttpOptions.Urls)}"] ?? HttpOptions.DefaultUrls);
            var app = web.Build();
            ExpectKnowledge(app.Services);
            app.MapHealthEndpoints();
            if (discordHttp)
            {
                app.MapDiscordInteractions();
                ReadyOnceServing(app, "discord interactions endpoint");
            }

            if (slackHttp)
            {
                app.MapSlackEndpoints();
                ReadyOnceServing(app, "slack http endpoints");
            }

            return app;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        Configure(builder, overrides, addServices);
        var host = builder.Build();
        ExpectKnowledge(host.Services);
        return host;
    }

    /// <summary>Not ready until <see cref="LoadKnowledgeAsync"/> has run, whatever starts first.</summary>
    private static void ExpectKnowledge(IServiceProvider services) => services.GetRequiredService<ReadinessRegistry>().Add(KnowledgeComponent);

    /// <summary>An HTTP mode counts as connected once the server listens: the platform comes to us.</summary>
    private static void ReadyOnceServing(WebApplication app, string name)
    {
        var component = app.Services.GetRequiredService<ReadinessRegistry>().Add(name);
        app.Lifetime.ApplicationStarted.Register(() => _ = component.Up());
    }

    private static void Configure(IHostApplicationBuilder builder, IReadOnlyDictionary<string, string?> overrides, Action<IServiceCollection>? addServices)
    {
        builder.Configuration.AddEnvironmentVariables(prefix: "TalksBot__");
        builder.Configuration.AddUserSecrets(typeof(TalksBotApp).Assembly, optional: true);
        builder.Configuration.AddInMemoryCollection(overrides);

        // stdout is for answers and --json; every log line goes to stderr, on one line, safe for a terminal.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.FormatterName = SafeConsoleFormatter.Name)
            .AddConsoleFormatter<SafeConsoleFormatter, SimpleConsoleFormatterOptions>(o => o.TimestampFormat = "HH:mm:ss ");
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        builder.Services.AddTalksBotHost(builder.Configuration);
        addServices?.Invoke(builder.Services);

        // A hosted service that throws stops the bot with exit code 1 and one error line naming it.
        builder.Services.SuperviseHostedServices();
    }

    /// <summary>Checks every validated setting now, so a bad value stops start-up before any slow work.</summary>
    public static void ValidateSettings(IServiceProvider services)
    {
        _ = services.GetRequiredService<IOptions<KnowledgeOptions>>().Value;
        _ = services.GetRequiredService<IOptions<DiscordOptions>>().Value;
        _ = services.GetRequiredService<IOptions<SlackOptions>>().Value;
        _ = services.GetRequiredService<IOptions<HttpOptions>>().Value;
        _ = services.GetRequiredService<IOptions<ShutdownOptions>>().Value;
        _ = services.GetRequiredService<IOptions<Core.Search.SearchOptions>>().Value;
    }

    /// <summary>
    /// Opens the store, imports the seed knowledge, builds the indexes (side by side) and starts their background
    /// updates; logs how long each took.
    /// </summary>
    public static async Task<ImportReport?> LoadKnowledgeAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var ready = services.GetRequiredService<ReadinessRegistry>().Add(KnowledgeComponent);
        var options = services.GetRequiredService<IOptions<KnowledgeOptions>>().Value;
        services.GetRequiredService<IFactStore>();
        var opened = Stopwatch.GetTimestamp();
        var startup = await services.GetRequiredService<KnowledgeStartup>().StartAsync(options.ImportOnStart, cancellationToken).ConfigureAwait(false);
        var done = Stopwatch.GetTimestamp();

        // Start-up leaves large garbage (the ONNX model's bytes, YAML trees); hand it back to the OS before serving.
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        Log.KnowledgeReady(
            services.GetRequiredService<ILoggerFactory>().CreateLogger("TalksBot"),
            Stopwatch.GetElapsedTime(started, done).TotalMilliseconds,
            Stopwatch.GetElapsedTime(started, opened).TotalMilliseconds,
            startup.Imported.TotalMilliseconds,
            startup.LexicalIndex.TotalMilliseconds,
            startup.SemanticIndex.TotalMilliseconds,
            startup.Encoded);
        _ = ready.Up();
        return startup.Import;
    }
}
