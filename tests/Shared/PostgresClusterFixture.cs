namespace TalksBot.Testing;

/// <summary>
/// One PostgreSQL server shared by the test classes of a collection (starting one takes a second or more); each test
/// takes its own empty database from <see cref="CreateDatabaseAsync"/>. Fails every test of the collection, with the
/// message saying what to install, when no server can be had. Linked into the test projects that need it.
/// </summary>
public sealed class PostgresClusterFixture : IAsyncLifetime
{
    private PostgresCluster? _cluster;

    /// <summary>Connection string to the server's <c>postgres</c> database, as its superuser.</summary>
    public string ConnectionString => Cluster.ConnectionString;

    internal PostgresCluster Cluster => _cluster ?? throw new InvalidOperationException("The PostgreSQL fixture has not started.");

    /// <summary>A new empty database with a unique name; returns a connection string to it.</summary>
    public Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default) => Cluster.CreateDatabaseAsync(cancellationToken);

    public async Task InitializeAsync() => _cluster = await PostgresCluster.StartAsync();

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
