using Npgsql;
using TalksBot.Core.Knowledge;

namespace TalksBot.Postgres;

/// <summary>
/// The database schema, as numbered migrations applied at start in one transaction under an advisory lock: two
/// instances starting together wait for each other, and each step runs once. A database migrated by a newer TalksBot
/// (a version this build does not know) is refused rather than misread.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>The advisory lock key every instance migrates under ("TalksBot" in ASCII).</summary>
    private const long MigrationLock = 0x54616c6b73426f74;

    /// <summary>The migrations, in order; a released one is never edited, only followed by another.</summary>
    private static readonly string[] Migrations =
    [
        // 1: the knowledge (documents in the same shape the LiteDB file keeps them), its history and its bookkeeping.
        """
        create table parties (id text primary key, doc jsonb not null);
        create table topics (id text primary key, doc jsonb not null);
        create table sources (id text primary key, doc jsonb not null);
        create table facts (id text primary key, revision integer not null, doc jsonb not null);
        create table revisions (
            fact_id text not null,
            revision integer not null,
            action text not null,
            at timestamptz not null,
            doc jsonb not null,
            primary key (fact_id, revision));
        create table changes (
            seq bigserial primary key,
            kind text not null,
            subject text,
            at timestamptz not null default now());
        create table outbox (
            id bigserial primary key,
            fact_id text not null,
            revision integer not null,
            action text not null,
            who text not null,
            reason text,
            at timestamptz not null,
            delivered text[] not null default '{}',
            claimed_by text,
            claimed_until timestamptz);
        create table subscriptions (
            key text primary key,
            platform text not null,
            channel_id text not null,
            added_by text not null,
            added_at timestamptz not null);
        create table feedback (
            key text primary key,
            fact_id text not null,
            helpful boolean not null,
            user_id text not null,
            platform text not null,
            at timestamptz not null);
        create index feedback_fact on feedback (fact_id);
        create table unanswered (
            key text primary key,
            text text not null,
            count integer not null,
            first_asked timestamptz not null,
            last_asked timestamptz not null,
            asked timestamptz[] not null,
            platform text not null);
        create table vectors (key text primary key, v bytea not null);
        create table deliveries (key text primary key, expires_at timestamptz not null);
        create index deliveries_expiry on deliveries (expires_at);
        """,

        // 2: the last question of each conversation thread, for follow-ups that reach another instance.
        """
        create table conversations (key text primary key, question text not null, expires_at timestamptz not null);
        create index conversations_expiry on conversations (expires_at);
        """,

        // 3: the news inbox: candidates (documents), their story keys, feed states with leases, digest channels.
        """
        create table inbox (id text primary key, status text not null, found_at timestamptz not null, doc jsonb not null);
        create index inbox_open on inbox (status);
        create index inbox_found on inbox (found_at);
        create table inbox_keys (key text primary key, candidate_id text not null);
        create table inbox_feeds (url text primary key, doc jsonb, lease_owner text, lease_until timestamptz);
        create table inbox_digest (
            key text primary key,
            platform text not null,
            channel_id text not null,
            added_by text not null,
            added_at timestamptz not null);
        """,
    ];

    /// <summary>The schema version this build writes.</summary>
    public static int CurrentVersion => Migrations.Length;

    /// <summary>Brings the database up to <see cref="CurrentVersion"/>; returns the version found before.</summary>
    /// <exception cref="KnowledgeStoreUnavailableException">The database was migrated by a newer TalksBot.</exception>
    public static async Task<int> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = new NpgsqlCommand(
            "select pg_advisory_xact_lock(@key); create table if not exists schema_migrations (version integer primary key, applied_at timestamptz not null default now());",
            connection,
            transaction))
        {
            command.Parameters.AddWithValue("key", MigrationLock);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        int found;
        await using (var command = new NpgsqlCommand("select coalesce(max(version), 0) from schema_migrations", connection, transaction))
        {
            found = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }

        if (found > CurrentVersion)
        {
            throw new KnowledgeStoreUnavailableException(
                $"The PostgreSQL database has schema version {found}, newer than this TalksBot knows ({CurrentVersion}): " +
                "it was upgraded by a newer release. Run that release (or newer) against it; this one will not touch it.");
        }

        for (var version = found + 1; version <= CurrentVersion; version++)
        {
            await using var command = new NpgsqlCommand(Migrations[version - 1] + "; insert into schema_migrations (version) values (@version);", connection, transaction);
            command.Parameters.AddWithValue("version", version);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return found;
    }
}
