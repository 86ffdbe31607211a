using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TalksBot.Core.Commands;
using TalksBot.Core.Commands.Handlers;
using TalksBot.Core.Delivery;
using TalksBot.Core.Health;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Moderation;
using TalksBot.Core.Moderation.Handlers;
using TalksBot.Core.Queries;
using TalksBot.Core.Search;
using TalksBot.Core.Search.Embeddings;

namespace TalksBot.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>The knowledge store, search, query service, command router and handlers.</summary>
    public static IServiceCollection AddTalksBotCore(this IServiceCollection services)
    {
        services.AddOptions<KnowledgeOptions>().BindConfiguration(KnowledgeOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<AdapterLifetime>();
        services.AddSingleton<ShutdownGrace>();
        services.AddHostedService(sp => sp.GetRequiredService<ShutdownGrace>());
        services.AddSingleton<ReadinessRegistry>();
        services.AddSingleton<IDeliveryLog, MemoryDeliveryLog>();
        services.AddSingleton(sp => KnowledgeStore.Open(
            sp.GetRequiredService<IOptions<KnowledgeOptions>>().Value.DatabasePath,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<KnowledgeLoader>();
        services.AddOptions<SearchOptions>().BindConfiguration(SearchOptions.Section);
        services.AddSingleton<FactIndex>();
        services.AddSingleton<ITextEmbedder, MiniLmEmbedder>();
        services.AddSingleton<SemanticIndex>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SearchOptions>>().Value;
            var semantic = options.Embeddings ? sp.GetRequiredService<SemanticIndex>() : null;
            return new QueryService(sp.GetRequiredService<FactIndex>(), semantic, options);
        });
        services.AddSingleton<CommandTextParser>();
        services.AddSingleton<Autocomplete>();
        services.AddSingleton<AnswerPipeline>();
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CommandRateLimiter>();
        services.AddSingleton<FactEditor>();
        services.AddSingleton<ChangeNotifier>();
        services.AddHostedService(sp => sp.GetRequiredService<ChangeNotifier>());

        services.AddSingleton<ICommandHandler, PositionsHandler>();
        services.AddSingleton<ICommandHandler, AskHandler>();
        services.AddSingleton<ICommandHandler, TimelineHandler>();
        services.AddSingleton<ICommandHandler, SourcesHandler>();
        services.AddSingleton<ICommandHandler, TopicsHandler>();
        services.AddSingleton<ICommandHandler, AboutHandler>();
        services.AddSingleton<ICommandHandler, HelpHandler>();
        services.AddSingleton<ICommandHandler, FeedbackHandler>();
        services.AddSingleton<ICommandHandler, FactAddHandler>();
        services.AddSingleton<ICommandHandler, FactEditHandler>();
        services.AddSingleton<ICommandHandler, FactRetractHandler>();
        services.AddSingleton<ICommandHandler, FactDeprecateHandler>();
        services.AddSingleton<ICommandHandler, FactRestoreHandler>();
        services.AddSingleton<ICommandHandler, FactHistoryHandler>();
        services.AddSingleton<ICommandHandler, FactShowHandler>();
        services.AddSingleton<ICommandHandler, KbStatsHandler>();
        services.AddSingleton<ICommandHandler, KbUnansweredHandler>();
        services.AddSingleton<ICommandHandler, KbExportHandler>();
        services.AddSingleton<ICommandHandler, SubscribeHandler>();
        services.AddSingleton<ICommandHandler, UnsubscribeHandler>();
        services.AddSingleton<CommandRouter>();
        return services;
    }
}
