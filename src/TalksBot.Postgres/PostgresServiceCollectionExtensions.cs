using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TalksBot.Core.Conversations;
using TalksBot.Core.Delivery;
using TalksBot.Core.Knowledge;

namespace TalksBot.Postgres;

/// <summary>Puts the knowledge in a shared PostgreSQL database (<c>Knowledge:Store</c> = Postgres).</summary>
public static class PostgresServiceCollectionExtensions
{
    /// <summary>
    /// Replaces the embedded LiteDB stores registered by <c>AddTalksBotCore</c> with the PostgreSQL ones, shares delivery
    /// claims through the database, and listens for other instances' changes.
    /// </summary>
    public static IServiceCollection AddTalksBotPostgres(this IServiceCollection services)
    {
        services.AddSingleton(sp => PostgresKnowledgeDatabase.Open(
            sp.GetRequiredService<IOptions<KnowledgeOptions>>().Value.ConnectionString,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<KnowledgeChangeFeed>(),
            sp.GetRequiredService<ILogger<PostgresKnowledgeDatabase>>()));
        services.Replace(ServiceDescriptor.Singleton<IKnowledgeStorage>(sp => sp.GetRequiredService<PostgresKnowledgeDatabase>()));
        services.Replace(ServiceDescriptor.Singleton<IFactStore, PostgresFactStore>());
        services.Replace(ServiceDescriptor.Singleton<ISourceStore, PostgresSourceStore>());
        services.AddSingleton<PostgresChangeOutbox>();
        services.Replace(ServiceDescriptor.Singleton<IChangeOutbox>(sp => sp.GetRequiredService<PostgresChangeOutbox>()));
        services.Replace(ServiceDescriptor.Singleton<ISubscriptionStore, PostgresSubscriptionStore>());
        services.Replace(ServiceDescriptor.Singleton<IFeedbackStore, PostgresFeedbackStore>());
        services.Replace(ServiceDescriptor.Singleton<IVectorCache, PostgresVectorCache>());
        services.Replace(ServiceDescriptor.Singleton<IDeliveryLog, PostgresDeliveryLog>());
        services.Replace(ServiceDescriptor.Singleton<IConversationMemory, PostgresConversationMemory>());
        services.Replace(ServiceDescriptor.Singleton<TalksBot.Core.Intake.IInboxStore, PostgresInboxStore>());
        services.AddHostedService<PostgresChangeListener>();
        return services;
    }
}
