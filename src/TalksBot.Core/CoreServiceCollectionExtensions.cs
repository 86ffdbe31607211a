using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TalksBot.Core.Commands;
using TalksBot.Core.Conversations;
using TalksBot.Core.Commands.Handlers;
using TalksBot.Core.Delivery;
using TalksBot.Core.Health;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Knowledge.LiteDb;
using TalksBot.Core.Knowledge.Yaml;
using TalksBot.Core.Moderation;
using TalksBot.Core.Moderation.Handlers;
using TalksBot.Core.Queries;
using TalksBot.Core.Search;
using TalksBot.Core.Search.Embeddings;
using TalksBot.Core.Search.Languages;

namespace TalksBot.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// The knowledge stores, search, query service, command router and handlers. Nothing is opened or built until
    /// <see cref="KnowledgeStartup.StartAsync"/> runs (the host's start-up, a CLI verb, a test).
    /// </summary>
    public static IServiceCollection AddTalksBotCore(this IServiceCollection services)
    {
        services.AddOptions<KnowledgeOptions>().BindConfiguration(KnowledgeOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<KnowledgeClock>();
        services.AddSingleton<AdapterLifetime>();
        services.AddSingleton<ShutdownGrace>();
        services.AddHostedService(sp => sp.GetRequiredService<ShutdownGrace>());
        services.AddSingleton<ReadinessRegistry>();
        services.AddSingleton<IDeliveryLog, MemoryDeliveryLog>();
        services.AddSingleton<KnowledgeChangeFeed>();
        AddLiteDbKnowledgeStores(services);
        services.AddSingleton<KnowledgeLoader>();
        services.AddOptions<SearchOptions>().BindConfiguration(SearchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Intake.IntakeOptions>().BindConfiguration(Intake.IntakeOptions.Section);
        services.AddSingleton(ReadSynonyms);
        services.AddSingleton<FactIndex>();
        services.AddSingleton<ITextEmbedder>(sp =>
        {
            var search = sp.GetRequiredService<IOptions<SearchOptions>>().Value;
            return new MiniLmEmbedder(search.Model, search.ModelPath, search.Encoders);
        });
        services.AddSingleton<SemanticIndex>();
        services.AddSingleton(sp => QuestionReader.Load(sp.GetRequiredService<IOptions<KnowledgeOptions>>().Value.ResolveDirectory()));
        services.AddSingleton(sp => new QueryService(
            sp.GetRequiredService<FactIndex>(), SemanticIndexIfEnabled(sp), sp.GetRequiredService<IOptions<SearchOptions>>().Value,
            sp.GetRequiredService<KnowledgeClock>(), sp.GetRequiredService<QuestionReader>()));
        services.AddSingleton(sp => new KnowledgeChangeDispatcher(
            sp.GetRequiredService<KnowledgeChangeFeed>(),
            [sp.GetRequiredService<FactIndex>(), .. SemanticIndexIfEnabled(sp) is { } semantic ? [semantic] : Array.Empty<IKnowledgeChangeHandler>(), sp.GetRequiredService<ChangeNotifier>()],
            sp.GetRequiredService<ILogger<KnowledgeChangeDispatcher>>()));
        services.AddSingleton(sp => new KnowledgeStartup(
            sp.GetRequiredService<KnowledgeLoader>(),
            sp.GetRequiredService<FactIndex>(),
            () => SemanticIndexIfEnabled(sp),
            sp.GetRequiredService<KnowledgeChangeDispatcher>));
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
        services.AddSingleton<ICommandHandler, CheckHandler>();
        services.AddSingleton<ICommandHandler, ShareHandler>();
        services.AddSingleton<ICommandHandler, FactAddHandler>();
        services.AddSingleton<ICommandHandler, FactEditHandler>();
        services.AddSingleton<ICommandHandler, FactRetractHandler>();
        services.AddSingleton<ICommandHandler, FactDeprecateHandler>();
        services.AddSingleton<ICommandHandler, FactRestoreHandler>();
        services.AddSingleton<ICommandHandler, FactHistoryHandler>();
        services.AddSingleton<ICommandHandler, FactShowHandler>();
        services.AddSingleton<ICommandHandler, KbStatsHandler>();
        services.AddSingleton<ICommandHandler, KbStaleHandler>();
        services.AddSingleton<ICommandHandler, KbUnansweredHandler>();
        services.AddSingleton<ICommandHandler, KbExportHandler>();
        services.AddSingleton<ICommandHandler, KbInboxHandler>();
        services.AddSingleton<ICommandHandler, InboxActionHandler>();
        services.AddSingleton<ICommandHandler, SubscribeHandler>();
        services.AddSingleton<ICommandHandler, UnsubscribeHandler>();
        services.AddSingleton<CommandRouter>();
        services.AddSingleton<MessageChecker>();
        services.AddSingleton<IConversationMemory, MemoryConversationMemory>();
        services.AddSingleton<ConversationService>();
        services.AddSingleton<Intake.IntakeService>();
        return services;
    }

    /// <summary>The embedded engine: one LiteDB file (Knowledge:DatabasePath) and a focused store per interface on it.</summary>
    private static void AddLiteDbKnowledgeStores(IServiceCollection services)
    {
        services.AddSingleton(sp => LiteDbKnowledgeDatabase.Open(
            sp.GetRequiredService<IOptions<KnowledgeOptions>>().Value.DatabasePath,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<KnowledgeChangeFeed>(),
            sp.GetRequiredService<ILogger<LiteDbKnowledgeDatabase>>()));
        services.AddSingleton<IKnowledgeStorage>(sp => sp.GetRequiredService<LiteDbKnowledgeDatabase>());
        services.AddSingleton<IFactStore, LiteDbFactStore>();
        services.AddSingleton<ISourceStore, LiteDbSourceStore>();
        services.AddSingleton<IChangeOutbox, LiteDbChangeOutbox>();
        services.AddSingleton<ISubscriptionStore, LiteDbSubscriptionStore>();
        services.AddSingleton<Intake.IInboxStore, LiteDbInboxStore>();
        services.AddSingleton<IFeedbackStore, LiteDbFeedbackStore>();
        services.AddSingleton<IVectorCache, LiteDbVectorCache>();
    }

    /// <summary>The knowledge directory's synonyms, read (and validated) when search is first composed.</summary>
    /// <exception cref="Knowledge.Yaml.KnowledgeFileException">synonyms.yaml is malformed.</exception>
    private static SynonymSet ReadSynonyms(IServiceProvider services)
    {
        var directory = services.GetRequiredService<IOptions<KnowledgeOptions>>().Value.ResolveDirectory();
        var synonyms = SynonymYamlReader.ReadDirectory(directory);
        if (synonyms.Groups.Count == 0)
        {
            Log.NoSynonyms(services.GetRequiredService<ILogger<SynonymSet>>(), directory);
        }

        return synonyms;
    }

    /// <summary>The semantic index when Search:Embeddings is on; without it MiniLM is never loaded.</summary>
    private static SemanticIndex? SemanticIndexIfEnabled(IServiceProvider services) =>
        services.GetRequiredService<IOptions<SearchOptions>>().Value.Embeddings ? services.GetRequiredService<SemanticIndex>() : null;
}
