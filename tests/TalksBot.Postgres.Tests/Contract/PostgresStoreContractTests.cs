using Microsoft.Extensions.DependencyInjection;
using TalksBot.Testing;

namespace TalksBot.Postgres.Tests.Contract;

/// <summary>The store contract on the shared engine: each knowledge base is a new database on the tests' own PostgreSQL server.</summary>
[Collection(PostgresCollectionDefinition.Name)]
public sealed class PostgresStoreContractTests(PostgresClusterFixture postgres) : KnowledgeStoreContract
{
    protected override Task<string> NewKnowledgeBaseAsync() => postgres.CreateDatabaseAsync();

    protected override IDictionary<string, string?> SettingsFor(string knowledgeBase) => new Dictionary<string, string?>
    {
        ["Knowledge:Store"] = "Postgres",
        ["Knowledge:ConnectionString"] = knowledgeBase,
        // Never opened: the PostgreSQL stores replace the file's.
        ["Knowledge:DatabasePath"] = Path.Combine(Path.GetTempPath(), "talksbot-contract-unused.db"),
    };

    protected override void AddEngine(IServiceCollection services) => services.AddTalksBotPostgres();
}
