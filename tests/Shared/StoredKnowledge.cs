using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TalksBot.Core;
using TalksBot.Core.Knowledge;

namespace TalksBot.Testing;

/// <summary>
/// What the knowledge stores hold, read and written synchronously for test set-up and assertions: over a database
/// file opened on its own (what a bot process left behind), or over a running bot's stores. The stores complete
/// synchronously (LiteDB), so blocking here costs nothing. Linked into each test project.
/// </summary>
internal sealed class StoredKnowledge(IServiceProvider services, IDisposable? owned = null) : IDisposable
{
    public IServiceProvider Services => services;

    public IFactStore Facts => services.GetRequiredService<IFactStore>();

    public KnowledgeSnapshot Snapshot => Facts.Snapshot;

    /// <summary>Core composed as in production (<see cref="CoreServiceCollectionExtensions.AddTalksBotCore"/>) over one database file; nothing is opened until asked for.</summary>
    public static ServiceCollection Compose(string databasePath, bool embeddings = false, IDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Knowledge:DatabasePath"] = databasePath,
                ["Knowledge:Directory"] = RepositoryPaths.Knowledge,
                ["Search:Embeddings"] = embeddings ? "true" : "false",
            })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddTalksBotCore();
        return services;
    }

    /// <summary>Opens a database file (taking its lock) until disposed.</summary>
    public static StoredKnowledge Open(string databasePath)
    {
        var services = Compose(databasePath).BuildServiceProvider();
        try
        {
            _ = services.GetRequiredService<IFactStore>();
            return new StoredKnowledge(services, services);
        }
        catch
        {
            services.Dispose();
            throw;
        }
    }

    public IReadOnlyList<FactRevision> History(string factId) => Facts.HistoryAsync(factId).GetAwaiter().GetResult();

    public ImportReport Import(KnowledgeSet seed) => Facts.ImportAsync(seed).GetAwaiter().GetResult();

    /// <summary>Saves as a moderator known only by name.</summary>
    public Fact Save(Fact fact, RevisionAction action, string who, string? reason = null, int? expectedRevision = null) =>
        Facts.SaveAsync(fact, action, new Actor("local", who, who), reason, expectedRevision).GetAwaiter().GetResult();

    public IReadOnlyList<Subscription> Subscriptions() =>
        services.GetRequiredService<ISubscriptionStore>().ListAsync().GetAwaiter().GetResult();

    public bool Subscribe(string platform, string channelId, Actor actor) =>
        services.GetRequiredService<ISubscriptionStore>().SubscribeAsync(platform, channelId, actor).GetAwaiter().GetResult();

    public IReadOnlyList<PendingNotification> PendingNotifications() =>
        services.GetRequiredService<IChangeOutbox>().PendingAsync().GetAwaiter().GetResult();

    public IReadOnlyList<FactFeedback> Feedback() =>
        services.GetRequiredService<IFeedbackStore>().FeedbackAsync().GetAwaiter().GetResult();

    public IReadOnlyList<UnansweredQuestion> Unanswered(int limit = 20) =>
        services.GetRequiredService<IFeedbackStore>().UnansweredAsync(limit).GetAwaiter().GetResult();

    public void RecordUnanswered(string question, string platform) =>
        services.GetRequiredService<IFeedbackStore>().RecordUnansweredAsync(question, platform).GetAwaiter().GetResult();

    public void RecordFeedback(string factId, bool helpful, string userId, string platform) =>
        services.GetRequiredService<IFeedbackStore>().RecordFeedbackAsync(factId, helpful, userId, platform).GetAwaiter().GetResult();

    public void Dispose() => owned?.Dispose();
}
