using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using TalksBot.Core.Knowledge;

namespace TalksBot;

/// <summary>Builds the host: configuration (appsettings.json, environment, user secrets, CLI overrides), logging to stderr, services.</summary>
internal static class TalksBotApp
{
    public static IHost Build(IReadOnlyDictionary<string, string?> overrides)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddEnvironmentVariables(prefix: "TalksBot__");
        builder.Configuration.AddUserSecrets(typeof(TalksBotApp).Assembly, optional: true);
        builder.Configuration.AddInMemoryCollection(overrides);

        // stdout is for answers and --json; every log line goes to stderr.
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        builder.Services.AddTalksBotHost();
        return builder.Build();
    }

    /// <summary>Opens the store, imports the seed knowledge and builds the index, in that order.</summary>
    public static ImportReport? LoadKnowledge(IServiceProvider services)
    {
        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<KnowledgeOptions>>().Value;
        services.GetRequiredService<KnowledgeStore>();
        var report = options.ImportOnStart ? services.GetRequiredService<KnowledgeLoader>().Import() : null;
        services.GetRequiredService<Core.Search.FactIndex>();
        if (services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Core.Search.SearchOptions>>().Value.Embeddings)
        {
            services.GetRequiredService<Core.Search.SemanticIndex>();
        }

        return report;
    }
}
