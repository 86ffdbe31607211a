using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using TalksBot.Testing;
using Xunit.Abstractions;

namespace TalksBot.Postgres.Tests;

/// <summary>What the tests get from the shared server: databases of their own, on whichever server the environment chose.</summary>
[Collection(PostgresCollectionDefinition.Name)]
public sealed class PostgresClusterTests(PostgresClusterFixture fixture)
{
    [Fact]
    public async Task CreateDatabaseAsync_TwoDatabases_TableInOneIsNotInTheOther()
    {
        var first = await fixture.CreateDatabaseAsync();
        var second = await fixture.CreateDatabaseAsync();

        await ExecuteAsync(first, "CREATE TABLE facts (id int); INSERT INTO facts VALUES (1)");

        Assert.Equal(1L, await ScalarAsync(first, "SELECT count(*) FROM facts"));
        Assert.Null(await ScalarAsync(second, "SELECT to_regclass('facts')::text"));
    }

    [Fact]
    public async Task CreateDatabaseAsync_CalledInParallel_EachTestGetsItsOwnDatabase()
    {
        var connectionStrings = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => fixture.CreateDatabaseAsync()));

        var names = await Task.WhenAll(connectionStrings.Select(connectionString => ScalarAsync(connectionString, "SELECT current_database()")));
        Assert.Equal(8, names.Distinct().Count());
    }

    [Fact]
    public async Task DisposeAsync_ExistingServer_DropsOnlyTheDatabasesItCreated()
    {
        var kept = await fixture.CreateDatabaseAsync();
        await using var existing = await PostgresCluster.StartAsync(
            name => name == PostgresCluster.ServerVariable ? fixture.ConnectionString : null, PostgresCluster.FreeLoopbackPort);
        var dropped = await existing.CreateDatabaseAsync();
        await using (var session = new NpgsqlConnection(dropped))
        {
            // A session left open, as a failed test leaves one, must not keep the database alive.
            await session.OpenAsync();
            await existing.DisposeAsync();
        }

        Assert.Null(existing.WorkingDirectory);
        Assert.Equal(1L, await ScalarAsync(fixture.ConnectionString, $"SELECT count(*) FROM pg_database WHERE datname = '{DatabaseName(kept)}'"));
        Assert.Equal(0L, await ScalarAsync(fixture.ConnectionString, $"SELECT count(*) FROM pg_database WHERE datname = '{DatabaseName(dropped)}'"));
    }

    internal static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string DatabaseName(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString).Database!;
}

/// <summary>
/// The throwaway cluster itself: each test starts its own, even when TALKSBOT_TEST_POSTGRES points at a server, since
/// that cluster is what CI and a fresh machine run on.
/// </summary>
public sealed class PostgresClusterLifetimeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task StartAsync_NoServerConfigured_RunsPostgres15ListeningOn127001Only()
    {
        var stopwatch = Stopwatch.StartNew();
        await using var cluster = await StartThrowawayAsync();
        output.WriteLine($"StartAsync took {stopwatch.ElapsedMilliseconds} ms");

        var version = (string?)await PostgresClusterTests.ScalarAsync(cluster.ConnectionString, "SELECT version()");
        Assert.StartsWith("PostgreSQL 15.", version, StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", await PostgresClusterTests.ScalarAsync(cluster.ConnectionString, "SHOW listen_addresses"));
        // 127.0.0.2 is this machine too (all of 127/8 is loopback), but the server is bound to 127.0.0.1 alone.
        var port = new NpgsqlConnectionStringBuilder(cluster.ConnectionString).Port;
        using var elsewhere = new TcpClient();
        var refused = await Assert.ThrowsAsync<SocketException>(() => elsewhere.ConnectAsync(IPAddress.Parse("127.0.0.2"), port));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    [Fact]
    public async Task StartAsync_PortTakenMeanwhile_StartsOnAnotherPort()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var takenPort = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var ports = new Queue<int>([takenPort]);

        await using var cluster = await StartThrowawayAsync(() => ports.TryDequeue(out var port) ? port : PostgresCluster.FreeLoopbackPort());

        Assert.NotEqual(takenPort, new NpgsqlConnectionStringBuilder(cluster.ConnectionString).Port);
        Assert.Equal(1, await PostgresClusterTests.ScalarAsync(cluster.ConnectionString, "SELECT 1"));
    }

    [Fact]
    public async Task DisposeAsync_RunningCluster_StopsServerAndRemovesDirectory()
    {
        var cluster = await StartThrowawayAsync();
        var directory = cluster.WorkingDirectory!;
        var database = await cluster.CreateDatabaseAsync();
        Assert.Equal(1, await PostgresClusterTests.ScalarAsync(database, "SELECT 1"));

        await cluster.DisposeAsync();
        await cluster.DisposeAsync();

        Assert.False(Directory.Exists(directory));
        var fresh = new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Pooling = false, Timeout = 5 }.ConnectionString;
        await Assert.ThrowsAsync<NpgsqlException>(() => PostgresClusterTests.ScalarAsync(fresh, "SELECT 1"));
    }

    [Fact]
    public async Task StartAsync_BinariesMissing_FailsSayingWhatToInstallOrSet()
    {
        var empty = Directory.CreateTempSubdirectory("talksbot-pg-bin-").FullName;
        try
        {
            var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresCluster.StartAsync(
                name => name == PostgresCluster.BinariesVariable ? empty : null, PostgresCluster.FreeLoopbackPort));

            Assert.Contains(empty, failure.Message, StringComparison.Ordinal);
            Assert.Contains("apt-get install postgresql-15", failure.Message, StringComparison.Ordinal);
            Assert.Contains("TALKSBOT_TEST_POSTGRES", failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    private static Task<PostgresCluster> StartThrowawayAsync(Func<int>? choosePort = null) => PostgresCluster.StartAsync(
        name => name == PostgresCluster.ServerVariable ? null : Environment.GetEnvironmentVariable(name),
        choosePort ?? PostgresCluster.FreeLoopbackPort);
}
