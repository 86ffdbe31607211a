using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TalksBot.Core;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Moderation;
using TalksBot.Core.Queries;
using TalksBot.Core.Search;
using TalksBot.Core.Search.Embeddings;

namespace TalksBot.Benchmarks;

/// <summary>
/// Core composed as the bot composes it (<see cref="CoreServiceCollectionExtensions.AddTalksBotCore"/>) over one
/// database file, and started without a host: stores, indexes built side by side, their background updates running.
/// </summary>
public sealed class BenchmarkKnowledge : IDisposable
{
    private readonly ServiceProvider _services;

    private BenchmarkKnowledge(ServiceProvider services) => _services = services;

    /// <summary>What <see cref="Start(KnowledgeSet?)"/> did; null before it ran.</summary>
    public KnowledgeStartupReport? Startup { get; private set; }

    public IVectorCache Vectors => _services.GetRequiredService<IVectorCache>();

    /// <summary>The composed services (for what a benchmark needs beyond the properties here).</summary>
    public IServiceProvider Services => _services;

    /// <summary>The semantic index of a hybrid composition (creating it loads MiniLM, unless an embedder was given).</summary>
    public SemanticIndex Semantic => _services.GetRequiredService<SemanticIndex>();

    public IFactStore Facts => _services.GetRequiredService<IFactStore>();

    public KnowledgeChangeFeed Changes => _services.GetRequiredService<KnowledgeChangeFeed>();

    public FactIndex FactIndex => _services.GetRequiredService<FactIndex>();

    /// <summary>The repository's synonyms (knowledge/synonyms.yaml), as the bot reads them.</summary>
    public SynonymSet Synonyms => _services.GetRequiredService<SynonymSet>();

    public QueryService Queries => _services.GetRequiredService<QueryService>();

    public FactEditor Editor => _services.GetRequiredService<FactEditor>();

    /// <summary>Composes Core over the database and starts it: <see cref="Open"/>, then <see cref="Start(KnowledgeSet?)"/>.</summary>
    /// <param name="databasePath">The database file (opened, or created).</param>
    /// <param name="embeddings">Hybrid search (MiniLM) or lexical only.</param>
    /// <param name="embedder">An embedder to share between runs; by default the container makes (and disposes) its own.</param>
    /// <param name="import">Knowledge imported into the store before the indexes are built.</param>
    /// <param name="postgres">A PostgreSQL connection string: the shared store instead of the file.</param>
    public static BenchmarkKnowledge Start(string databasePath, bool embeddings, ITextEmbedder? embedder = null, KnowledgeSet? import = null, string? postgres = null)
    {
        var knowledge = Open(databasePath, embeddings, embedder, postgres);
        try
        {
            knowledge.Start(import);
            return knowledge;
        }
        catch
        {
            knowledge.Dispose();
            throw;
        }
    }

    /// <summary>Composes Core over the database and opens the store; nothing is built.</summary>
    /// <inheritdoc cref="Start(string, bool, ITextEmbedder?, KnowledgeSet?, string?)"/>
    public static BenchmarkKnowledge Open(string databasePath, bool embeddings, ITextEmbedder? embedder = null, string? postgres = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Knowledge:DatabasePath"] = databasePath,
                ["Knowledge:Directory"] = Testing.RepositoryPaths.Knowledge,
                ["Search:Embeddings"] = embeddings ? "true" : "false",
                ["Knowledge:Store"] = postgres is null ? "LiteDb" : "Postgres",
                ["Knowledge:ConnectionString"] = postgres,
            })
            .Build();
        var collection = new ServiceCollection();
        collection.AddSingleton<IConfiguration>(configuration);
        collection.AddLogging();
        collection.AddTalksBotCore();
        if (postgres is not null)
        {
            Postgres.PostgresServiceCollectionExtensions.AddTalksBotPostgres(collection);
        }

        if (embedder is not null)
        {
            collection.AddSingleton(embedder);
        }

        var services = collection.BuildServiceProvider();
        try
        {
            _ = services.GetRequiredService<IFactStore>();
            return new BenchmarkKnowledge(services);
        }
        catch
        {
            services.Dispose();
            throw;
        }
    }

    /// <summary>Imports <paramref name="import"/> if given, builds the indexes and starts their background updates, as a bot starts.</summary>
    public KnowledgeStartupReport Start(KnowledgeSet? import = null)
    {
        if (import is not null)
        {
            Facts.ImportAsync(import).GetAwaiter().GetResult();
        }

        Startup = _services.GetRequiredService<KnowledgeStartup>().StartAsync(import: false).GetAwaiter().GetResult();
        return Startup;
    }

    public void Dispose() => _services.Dispose();
}
