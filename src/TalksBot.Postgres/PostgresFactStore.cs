using Npgsql;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Knowledge.Yaml;

namespace TalksBot.Postgres;

/// <summary>
/// Facts, revisions, parties, topics and imports in PostgreSQL. A save is one transaction — the fact, its revision, the
/// announcement in the outbox and the change row other instances catch up from — and its revision check reads the
/// database's row (locked), not this instance's snapshot, so two moderators on two instances get the same "someone else
/// saved first" they get on one.
/// </summary>
internal sealed class PostgresFactStore(PostgresKnowledgeDatabase database) : IFactStore
{
    public KnowledgeSnapshot Snapshot => database.Snapshot;

    public Task<IReadOnlyList<FactRevision>> HistoryAsync(string factId, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<FactRevision>>(
            async connection =>
            {
                await using var command = new NpgsqlCommand("select doc::text from revisions where fact_id = @id order by revision", connection);
                command.Parameters.AddWithValue("id", factId);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                var revisions = new List<FactRevision>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    revisions.Add(PostgresDocuments.ToRevision(reader.GetString(0)));
                }

                return revisions;
            },
            cancellationToken);

    public async Task<ImportReport> ImportAsync(KnowledgeSet seed, string? backupBeforeChange = null, CancellationToken cancellationToken = default)
    {
        // A server database is backed up with its own tools (pg_dump): backupBeforeChange does not apply.
        var now = database.Time.GetUtcNow();
        var seedHashes = SeedImport.HashAll(seed.Facts);
        var report = await database.WriteKnowledgeAsync(
            async (connection, transaction) =>
            {
                var referenceChanges =
                    await UpsertChangedAsync(connection, transaction, "parties", seed.Parties.Select(p => (p.Id, PostgresDocuments.FromParty(p)))).ConfigureAwait(false) +
                    await UpsertChangedAsync(connection, transaction, "topics", seed.Topics.Select(t => (t.Id, PostgresDocuments.FromTopic(t)))).ConfigureAwait(false) +
                    await UpsertChangedAsync(connection, transaction, "sources", seed.Sources.Select(s => (s.Id, PostgresDocuments.FromSource(s)))).ConfigureAwait(false);
                var stored = (await PostgresKnowledgeDatabase.DocumentsAsync(connection, transaction, "facts", PostgresDocuments.ToFact, CancellationToken.None).ConfigureAwait(false))
                    .ToDictionary(f => f.Id, StringComparer.Ordinal);
                var plan = SeedImport.Plan(seed.Facts, seedHashes, stored.GetValueOrDefault, now);
                foreach (var fact in plan.Revised)
                {
                    await WriteFactWithRevisionAsync(connection, transaction, fact, RevisionAction.Import, Actor.Seed, reason: null).ConfigureAwait(false);
                }

                foreach (var fact in plan.SeedHashCaughtUp)
                {
                    await UpsertFactAsync(connection, transaction, fact).ConfigureAwait(false);
                }

                var report = new ImportReport(plan.Inserted, plan.Updated, plan.Unchanged, referenceChanges, plan.Conflicts);
                if (report.ChangedAnything || plan.SeedHashCaughtUp.Count > 0)
                {
                    await PostgresKnowledgeDatabase.RecordChangeAsync(connection, transaction, ChangeKinds.Everything, null).ConfigureAwait(false);
                }

                return report;
            },
            cancellationToken).ConfigureAwait(false);

        // Whether this import wrote or not, everything this instance has not caught up with comes along (after a write,
        // its change row says "everything"): an instance started beside another may have opened the database before the
        // other's import committed, and finding the seed imported already, would otherwise build its indexes from that
        // empty knowledge and answer "I don't know" until a notification arrived.
        await database.CatchUpAsync(cancellationToken).ConfigureAwait(false);
        return report;
    }

    public async Task<Fact> SaveAsync(
        Fact fact,
        RevisionAction action,
        Actor actor,
        string? reason = null,
        int? expectedRevision = null,
        Source? newSource = null,
        CancellationToken cancellationToken = default)
    {
        var snapshot = database.Snapshot;
        if (newSource is not null)
        {
            snapshot = snapshot.WithSource(newSource);
        }

        KnowledgeRules.Validate(fact, snapshot);
        var saved = await database.WriteKnowledgeAsync(
            async (connection, transaction) =>
            {
                var stored = await LockedFactAsync(connection, transaction, fact.Id).ConfigureAwait(false);
                var saved = KnowledgeRules.NextRevision(fact, stored, expectedRevision, actor, database.Time.GetUtcNow());
                if (newSource is not null)
                {
                    await UpsertAsync(connection, transaction, "sources", newSource.Id, PostgresDocuments.FromSource(newSource)).ConfigureAwait(false);
                }

                await WriteFactWithRevisionAsync(connection, transaction, saved, action, actor, reason).ConfigureAwait(false);
                await PostgresChangeOutbox.EnqueueAsync(connection, transaction, saved, action, actor, reason).ConfigureAwait(false);
                await PostgresKnowledgeDatabase.RecordChangeAsync(connection, transaction, ChangeKinds.Fact, saved.Id).ConfigureAwait(false);
                return saved;
            },
            cancellationToken).ConfigureAwait(false);

        database.PublishFact(saved, action, newSource);
        return saved;
    }

    public Task<RevisionSummary> RevisionSummaryAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async connection =>
            {
                await using var command = new NpgsqlCommand(
                    """
                    select count(*)::int, (count(*) filter (where action <> @import))::int,
                           (select doc::text from revisions order by at desc, fact_id, revision desc limit 1)
                    from revisions
                    """,
                    connection);
                command.Parameters.AddWithValue("import", YamlNames.Of(RevisionAction.Import));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                return new RevisionSummary(
                    reader.GetInt32(0),
                    reader.GetInt32(1),
                    reader.IsDBNull(2) ? null : PostgresDocuments.ToRevision(reader.GetString(2)));
            },
            cancellationToken);

    /// <summary>The stored fact, its row locked until the transaction ends (null for a new fact).</summary>
    private static async Task<Fact?> LockedFactAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string factId)
    {
        await using var command = new NpgsqlCommand("select doc::text from facts where id = @id for update", connection, transaction);
        command.Parameters.AddWithValue("id", factId);
        return await command.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false) is string json ? PostgresDocuments.ToFact(json) : null;
    }

    private static async Task WriteFactWithRevisionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Fact fact, RevisionAction action, Actor actor, string? reason)
    {
        await UpsertFactAsync(connection, transaction, fact).ConfigureAwait(false);
        var revision = new FactRevision(fact.Id, fact.Revision, action, actor.DisplayName, fact.UpdatedAt, reason, fact)
        {
            Platform = actor.Platform,
            UserId = actor.UserId,
        };
        await using var command = new NpgsqlCommand(
            "insert into revisions (fact_id, revision, action, at, doc) values (@id, @revision, @action, @at, @doc::jsonb)",
            connection,
            transaction);
        command.Parameters.AddWithValue("id", fact.Id);
        command.Parameters.AddWithValue("revision", fact.Revision);
        command.Parameters.AddWithValue("action", YamlNames.Of(action));
        command.Parameters.AddWithValue("at", fact.UpdatedAt.ToUniversalTime());
        command.Parameters.AddWithValue("doc", PostgresDocuments.FromRevision(revision));
        await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private static async Task UpsertFactAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Fact fact)
    {
        await using var command = new NpgsqlCommand(
            "insert into facts (id, revision, doc) values (@id, @revision, @doc::jsonb) on conflict (id) do update set revision = excluded.revision, doc = excluded.doc",
            connection,
            transaction);
        command.Parameters.AddWithValue("id", fact.Id);
        command.Parameters.AddWithValue("revision", fact.Revision);
        command.Parameters.AddWithValue("doc", PostgresDocuments.FromFact(fact));
        await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private static async Task<int> UpsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, string id, string document)
    {
        // Only a document that differs is written (and counted): importing the same files twice changes nothing.
        await using var command = new NpgsqlCommand(
            $"insert into {table} (id, doc) values (@id, @doc::jsonb) on conflict (id) do update set doc = excluded.doc where {table}.doc is distinct from excluded.doc",
            connection,
            transaction);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("doc", document);
        return await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private static async Task<int> UpsertChangedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, IEnumerable<(string Id, string Document)> documents)
    {
        var changed = 0;
        foreach (var (id, document) in documents)
        {
            changed += await UpsertAsync(connection, transaction, table, id, document).ConfigureAwait(false);
        }

        return changed;
    }
}
