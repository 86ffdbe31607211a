using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TalksBot.Core.Knowledge;

namespace TalksBot.Postgres;

/// <summary>
/// The shared engine: one PostgreSQL database that every TalksBot instance reads and writes. Like the LiteDB engine it
/// keeps the whole knowledge in memory (<see cref="Snapshot"/>) and publishes each committed change to the
/// <see cref="KnowledgeChangeFeed"/>; unlike it, other instances change the database too, so every knowledge write also
/// appends a row to <c>changes</c> and notifies (<c>NOTIFY talksbot_changes</c>) in its transaction, and
/// <see cref="CatchUpAsync"/> applies the rows this instance has not seen, in order.
/// </summary>
/// <remarks>
/// Knowledge writes (facts, sources, imports) take one advisory lock for their transaction: they are rare (moderators),
/// and holding it to the commit makes the order of <c>changes</c> the order of commits, so catching up by sequence can
/// never step over a change that commits late. Members' writes (feedback, unanswered questions, delivery claims) do not
/// take it.
/// </remarks>
public sealed class PostgresKnowledgeDatabase : IKnowledgeStorage, IDisposable
{
    /// <summary>The channel instances notify and listen on.</summary>
    internal const string ChangeChannel = "talksbot_changes";

    /// <summary>The advisory lock knowledge writes take ("TBwrites").</summary>
    private const long KnowledgeWriteLock = 0x5442777269746573;

    private readonly NpgsqlDataSource _dataSource;
    private readonly KnowledgeChangeFeed _changes;
    private readonly ILogger _logger;
    private readonly Lock _publishLock = new();
    private readonly SemaphoreSlim _catchingUp = new(1, 1);
    private volatile KnowledgeSnapshot _snapshot = KnowledgeSnapshot.Empty;
    private long _appliedThrough;
    private int _disposed;

    private PostgresKnowledgeDatabase(NpgsqlDataSource dataSource, string location, TimeProvider time, KnowledgeChangeFeed changes, ILogger logger)
    {
        _dataSource = dataSource;
        Location = location;
        Time = time;
        _changes = changes;
        _logger = logger;
    }

    /// <summary>The server and database, for people: never the password.</summary>
    public string Location { get; }

    /// <summary>The knowledge as last committed or caught up with; replaced atomically, read without a lock.</summary>
    public KnowledgeSnapshot Snapshot => _snapshot;

    /// <summary>The last change (its <c>changes.seq</c>) this instance has applied.</summary>
    public long AppliedThrough => Interlocked.Read(ref _appliedThrough);

    /// <summary>A name for this process, for outbox claims ("which instance is announcing this change").</summary>
    internal string InstanceId { get; } = $"{Environment.ProcessId}-{Guid.NewGuid():N}";

    internal TimeProvider Time { get; }

    internal NpgsqlDataSource DataSource => _dataSource;

    /// <summary>Called with each change applied from another instance: how long after its commit it arrived.</summary>
    internal event Action<TimeSpan>? ChangeArrived;

    /// <summary>Connects, migrates the schema and reads the knowledge.</summary>
    /// <exception cref="KnowledgeStoreUnavailableException">
    /// No connection string, the server cannot be reached or refuses the login, or the schema is newer than this build.
    /// </exception>
    public static PostgresKnowledgeDatabase Open(string? connectionString, TimeProvider? time = null, KnowledgeChangeFeed? changes = null, ILogger? logger = null)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new KnowledgeStoreUnavailableException(
                "Knowledge:Store is Postgres but Knowledge:ConnectionString is not set. Set it (e.g. the environment variable " +
                "Knowledge__ConnectionString=\"Host=db;Database=talksbot;Username=talksbot;Password=…\"), or remove Knowledge:Store to use the LiteDB file.");
        }

        NpgsqlConnectionStringBuilder settings;
        try
        {
            settings = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException exception)
        {
            throw new KnowledgeStoreUnavailableException($"Knowledge:ConnectionString is not a valid PostgreSQL connection string ({exception.Message}).", exception);
        }

        var location = $"PostgreSQL {settings.Host ?? "localhost"}:{settings.Port}/{settings.Database ?? settings.Username ?? "postgres"}";
        settings.ApplicationName ??= "TalksBot";
        var dataSource = new NpgsqlDataSourceBuilder(settings.ConnectionString).Build();
        var database = new PostgresKnowledgeDatabase(dataSource, location, time ?? TimeProvider.System, changes ?? new KnowledgeChangeFeed(), logger ?? NullLogger.Instance);
        try
        {
            var before = PostgresSchema.MigrateAsync(dataSource, CancellationToken.None).GetAwaiter().GetResult();
            if (before < PostgresSchema.CurrentVersion)
            {
                Log.SchemaMigrated(database._logger, location, before, PostgresSchema.CurrentVersion);
            }

            var (snapshot, through) = database.ReadEverythingAsync(CancellationToken.None).GetAwaiter().GetResult();
            database._snapshot = snapshot;
            database._appliedThrough = through;
            return database;
        }
        catch (Exception exception) when (exception is not KnowledgeStoreUnavailableException and not OutOfMemoryException)
        {
            database.Dispose();
            throw new KnowledgeStoreUnavailableException($"TalksBot cannot use the knowledge database at {location}: {Describe(exception)}", exception);
        }
    }

    public async Task<long> SizeAsync(CancellationToken cancellationToken = default) =>
        await ReadAsync(
            async connection =>
            {
                await using var command = new NpgsqlCommand("select pg_database_size(current_database())", connection);
                return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            },
            cancellationToken).ConfigureAwait(false);

    /// <summary>Hands back this instance's outbox claims (so a clean restart or another instance announces at once), then closes the pool.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            using var opening = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            using var connection = _dataSource.OpenConnectionAsync(opening.Token).AsTask().GetAwaiter().GetResult();
            using var release = new NpgsqlCommand("update outbox set claimed_by = null, claimed_until = null where claimed_by = @me", connection) { CommandTimeout = 5 };
            release.Parameters.AddWithValue("me", InstanceId);
            release.ExecuteNonQuery();
        }
        catch (Exception exception) when (Problem(exception) is not null || exception is OperationCanceledException)
        {
            // Unreachable: the claims expire by themselves (PostgresChangeOutbox.ClaimFor).
        }

        _dataSource.Dispose();
        _catchingUp.Dispose();
    }

    /// <summary>
    /// Applies every change committed since <see cref="AppliedThrough"/>, oldest first: a fact another instance saved, a
    /// source, or a whole import. Idempotent and safe to call at any time (the listener calls it on each notification,
    /// on reconnecting and every few seconds).
    /// </summary>
    /// <exception cref="KnowledgeStorageException">The database cannot be read right now.</exception>
    public async Task CatchUpAsync(CancellationToken cancellationToken = default)
    {
        await _catchingUp.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                var rows = await ReadAsync(connection => ChangesAfterAsync(connection, AppliedThrough, cancellationToken), cancellationToken).ConfigureAwait(false);
                foreach (var row in rows)
                {
                    // This instance's own changes are in the snapshot already: only another instance's count as arrivals.
                    var applied = await ApplyAsync(row, cancellationToken).ConfigureAwait(false);
                    Interlocked.Exchange(ref _appliedThrough, row.Sequence);
                    if (applied)
                    {
                        ChangeArrived?.Invoke(Time.GetUtcNow() - row.At);
                    }
                }

                if (rows.Count < ChangeBatch)
                {
                    return;
                }
            }
        }
        finally
        {
            _catchingUp.Release();
        }
    }

    /// <summary>Runs a knowledge write in one transaction under the knowledge write lock; maps a broken connection to <see cref="KnowledgeStorageException"/>.</summary>
    internal Task<T> WriteKnowledgeAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                await using (var command = new NpgsqlCommand("select pg_advisory_xact_lock(@key)", connection, transaction))
                {
                    command.Parameters.AddWithValue("key", KnowledgeWriteLock);
                    await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
                }

                return await work(connection, transaction).ConfigureAwait(false);
            },
            cancellationToken);

    /// <summary>Runs <paramref name="work"/> in one transaction; a transaction that has begun is not interrupted by <paramref name="cancellationToken"/>.</summary>
    internal async Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None).ConfigureAwait(false);
            var result = await work(connection, transaction).ConfigureAwait(false);
            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            return result;
        }
        catch (Exception exception) when (Problem(exception) is { } problem)
        {
            Log.StorageFailed(_logger, Location, KnowledgeStorageException.Describe(problem), exception.Message);
            throw new KnowledgeStorageException(problem, exception);
        }
    }

    /// <summary>Runs a read on a pooled connection; maps a broken connection to <see cref="KnowledgeStorageException"/>.</summary>
    internal async Task<T> ReadAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return await work(connection).ConfigureAwait(false);
        }
        catch (Exception exception) when (Problem(exception) is { } problem)
        {
            Log.StorageFailed(_logger, Location, KnowledgeStorageException.Describe(problem), exception.Message);
            throw new KnowledgeStorageException(problem, exception);
        }
    }

    /// <summary>Appends a change row and notifies the other instances, inside the writer's transaction (delivered on commit).</summary>
    internal static async Task<long> RecordChangeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string kind, string? subject)
    {
        await using var command = new NpgsqlCommand(
            "insert into changes (kind, subject, at) values (@kind, @subject, clock_timestamp()) returning seq",
            connection,
            transaction);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("subject", (object?)subject ?? DBNull.Value);
        var sequence = (long)(await command.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false))!;
        await using var notify = new NpgsqlCommand("select pg_notify(@channel, @payload)", connection, transaction);
        notify.Parameters.AddWithValue("channel", ChangeChannel);
        notify.Parameters.AddWithValue("payload", sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await notify.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        return sequence;
    }

    /// <summary>Publishes a fact this instance saved or caught up with, unless the snapshot already holds that revision or a later one.</summary>
    internal bool PublishFact(Fact saved, RevisionAction action, Source? newSource = null)
    {
        lock (_publishLock)
        {
            var snapshot = _snapshot;
            var before = snapshot.FactsById.GetValueOrDefault(saved.Id);
            if (before is not null && before.Revision >= saved.Revision)
            {
                return false;
            }

            if (newSource is not null)
            {
                snapshot = snapshot.WithSource(newSource);
            }

            snapshot = snapshot.WithFact(saved);
            _snapshot = snapshot;
            _changes.Publish(KnowledgeChangeKind.Fact, snapshot, new FactChange(before, saved, action));
            return true;
        }
    }

    internal bool PublishSource(Source source)
    {
        lock (_publishLock)
        {
            if (_snapshot.Sources.Contains(source))
            {
                return false;
            }

            _snapshot = _snapshot.WithSource(source);
            _changes.Publish(KnowledgeChangeKind.Sources, _snapshot);
            return true;
        }
    }

    internal void PublishEverything(KnowledgeSnapshot snapshot)
    {
        lock (_publishLock)
        {
            _snapshot = snapshot;
            _changes.Publish(KnowledgeChangeKind.Everything, snapshot);
        }
    }

    /// <summary>The whole knowledge and the last change it includes, read in one consistent snapshot of the database.</summary>
    internal async Task<(KnowledgeSnapshot Snapshot, long Through)> ReadEverythingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        var parties = await DocumentsAsync(connection, transaction, "parties", PostgresDocuments.ToParty, cancellationToken).ConfigureAwait(false);
        var topics = await DocumentsAsync(connection, transaction, "topics", PostgresDocuments.ToTopic, cancellationToken).ConfigureAwait(false);
        var sources = await DocumentsAsync(connection, transaction, "sources", PostgresDocuments.ToSource, cancellationToken).ConfigureAwait(false);
        var facts = await DocumentsAsync(connection, transaction, "facts", PostgresDocuments.ToFact, cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("select coalesce(max(seq), 0) from changes", connection, transaction);
        var through = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (new KnowledgeSnapshot(new KnowledgeSet(parties, topics, sources, facts)), through);
    }

    /// <summary>Every document of a table, by id.</summary>
    internal static async Task<List<T>> DocumentsAsync<T>(NpgsqlConnection connection, NpgsqlTransaction? transaction, string table, Func<string, T> read, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"select doc::text from {table} order by id", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var documents = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            documents.Add(read(reader.GetString(0)));
        }

        return documents;
    }

    /// <summary>What kind of storage problem an exception is, or null when it is not one (a bug, a broken rule).</summary>
    internal static StorageProblem? Problem(Exception exception) => exception switch
    {
        PostgresException { SqlState: "53100" } => StorageProblem.DiskFull,
        PostgresException { SqlState: "25006" } => StorageProblem.ReadOnlyFileSystem,
        PostgresException { SqlState: var state } when state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("57P", StringComparison.Ordinal) =>
            StorageProblem.DatabaseUnreachable,
        PostgresException => null,
        NpgsqlException or SocketException or TimeoutException => StorageProblem.DatabaseUnreachable,
        _ => null,
    };

    private const int ChangeBatch = 500;

    private static string Describe(Exception exception) => exception switch
    {
        PostgresException postgres => $"{postgres.MessageText} ({postgres.SqlState})",
        _ when exception.InnerException is SocketException socket => socket.Message,
        _ => exception.Message,
    };

    private static async Task<List<ChangeRow>> ChangesAfterAsync(NpgsqlConnection connection, long after, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "select seq, kind, subject, at from changes where seq > @after order by seq limit @limit",
            connection);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("limit", ChangeBatch);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<ChangeRow>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new ChangeRow(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return rows;
    }

    private async Task<bool> ApplyAsync(ChangeRow row, CancellationToken cancellationToken)
    {
        switch (row.Kind)
        {
            case ChangeKinds.Fact when row.Subject is { } factId:
                var saved = await ReadAsync(connection => FactWithActionAsync(connection, factId, cancellationToken), cancellationToken).ConfigureAwait(false);
                if (saved is not { } found || (_snapshot.FactsById.GetValueOrDefault(factId) is { } known && known.Revision >= found.Fact.Revision))
                {
                    return false;
                }

                // A source the fact first cites arrived in the same transaction: read that one, not every source.
                var newSource = found.Fact.Sources.Select(s => s.SourceId).FirstOrDefault(id => !_snapshot.SourcesById.ContainsKey(id)) is { } sourceToRead
                    ? await ReadSourceAsync(sourceToRead, cancellationToken).ConfigureAwait(false)
                    : null;
                return PublishFact(found.Fact, found.Action, newSource);
            case ChangeKinds.Source when row.Subject is { } sourceId:
                var source = await ReadSourceAsync(sourceId, cancellationToken).ConfigureAwait(false);
                return source is not null && PublishSource(source);
            default:
                var (snapshot, _) = await ReadEverythingAsync(cancellationToken).ConfigureAwait(false);
                PublishEverything(snapshot);
                return true;
        }
    }

    private Task<Source?> ReadSourceAsync(string sourceId, CancellationToken cancellationToken) =>
        ReadAsync(
            async connection =>
            {
                await using var command = new NpgsqlCommand("select doc::text from sources where id = @id", connection);
                command.Parameters.AddWithValue("id", sourceId);
                return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string json ? PostgresDocuments.ToSource(json) : null;
            },
            cancellationToken);

    private static async Task<(Fact Fact, RevisionAction Action)?> FactWithActionAsync(NpgsqlConnection connection, string factId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "select f.doc::text, r.action from facts f left join revisions r on r.fact_id = f.id and r.revision = f.revision where f.id = @id",
            connection);
        command.Parameters.AddWithValue("id", factId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var fact = PostgresDocuments.ToFact(reader.GetString(0));
        var action = !reader.IsDBNull(1) && Core.Knowledge.Yaml.YamlNames.TryParse<RevisionAction>(reader.GetString(1), out var parsed) ? parsed : RevisionAction.Edit;
        return (fact, action);
    }

    private sealed record ChangeRow(long Sequence, string Kind, string? Subject, DateTimeOffset At);
}

/// <summary>What a row of <c>changes</c> says changed.</summary>
internal static class ChangeKinds
{
    public const string Fact = "fact";
    public const string Source = "source";
    public const string Everything = "everything";
}
