using TalksBot.Testing;

namespace TalksBot.Postgres.Tests;

/// <summary>
/// Test classes marked <c>[Collection(PostgresCollectionDefinition.Name)]</c> share one PostgreSQL server (and so run one after
/// another); each test takes its own database from <see cref="PostgresClusterFixture.CreateDatabaseAsync"/>.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollectionDefinition : ICollectionFixture<PostgresClusterFixture>
{
    public const string Name = "postgres";
}
