using System.Security.Cryptography;
using System.Text;
using LiteDB;
using Npgsql;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Knowledge.LiteDb;
using static TalksBot.Core.Knowledge.LiteDb.LiteDbKnowledgeDatabase;

namespace TalksBot.Postgres;

/// <summary>What <see cref="LiteDbToPostgresMigration"/> copied, table by table, and whether the copy proved identical.</summary>
public sealed record MigrationReport(IReadOnlyList<(string Table, int Rows)> Copied, bool Verified, string Checksum);

/// <summary>
/// Copies a LiteDB knowledge base into an empty PostgreSQL database in one transaction — parties, topics, sources,
/// facts, every revision, subscriptions, feedback, unanswered questions, pending announcements and cached vectors —
/// then reads it back and checks that the counts match and that the facts and revisions hash alike on both sides.
/// </summary>
public static class LiteDbToPostgresMigration
{
    /// <exception cref="KnowledgeStoreUnavailableException">
    /// The LiteDB file is in use or is no knowledge base, the target cannot be reached, or it already holds knowledge.
    /// </exception>
    /// <exception cref="InvalidDataException">The copy read back differs from the file (nothing is kept: the transaction is rolled back).</exception>
    public static async Task<MigrationReport> RunAsync(string liteDbPath, string connectionString, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(liteDbPath))
        {
            throw new KnowledgeStoreUnavailableException($"There is no TalksBot knowledge database at '{Path.GetFullPath(liteDbPath)}'.");
        }

        using var source = LiteDbKnowledgeDatabase.Open(liteDbPath);
        var documents = await source.RunAsync(ReadAll, cancellationToken).ConfigureAwait(false);

        // Opening migrates the target's schema (and proves it is reachable); it must hold no knowledge yet.
        using var target = PostgresKnowledgeDatabase.Open(connectionString);
        if (target.Snapshot.Facts.Count > 0)
        {
            throw new KnowledgeStoreUnavailableException(
                $"The target database at {target.Location} already holds {target.Snapshot.Facts.Count} facts; migrate copies into an empty database only.");
        }

        return await target.WriteKnowledgeAsync(
            async (connection, transaction) =>
            {
                var copied = new List<(string, int)>();
                foreach (var (table, rows) in documents.Tables)
                {
                    foreach (var row in rows)
                    {
                        await InsertAsync(connection, transaction, table, row).ConfigureAwait(false);
                    }

                    copied.Add((table, rows.Count));
                }

                await PostgresKnowledgeDatabase.RecordChangeAsync(connection, transaction, ChangeKinds.Everything, null).ConfigureAwait(false);
                var expected = Checksum(documents.Facts, documents.Revisions);
                await VerifyAsync(connection, transaction, copied, expected).ConfigureAwait(false);
                return new MigrationReport(copied, Verified: true, expected);
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static LiteDbDocuments ReadAll(LiteDatabase db)
    {
        List<BsonDocument> All(string collection) => db.GetCollection(collection).FindAll().ToList();
        var facts = All(FactsCollection).Select(KnowledgeDocuments.ToFact).ToList();
        var revisions = All(RevisionsCollection).Select(KnowledgeDocuments.ToRevision).ToList();
        return new LiteDbDocuments(
            [
                ("parties", All(PartiesCollection)),
                ("topics", All(TopicsCollection)),
                ("sources", All(SourcesCollection)),
                ("facts", All(FactsCollection)),
                ("revisions", All(RevisionsCollection)),
                ("subscriptions", All(SubscriptionsCollection)),
                ("feedback", All(FeedbackCollection)),
                ("unanswered", All(UnansweredCollection)),
                ("outbox", db.GetCollection(OutboxCollection, BsonAutoId.Int64).FindAll().ToList()),
                ("vectors", All(VectorsCollection)),
            ],
            facts,
            revisions);
    }

    private static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, BsonDocument row)
    {
        await using var command = table switch
        {
            "parties" or "topics" or "sources" => Command($"insert into {table} (id, doc) values (@id, @doc::jsonb)", ("id", row["_id"].AsString), ("doc", PostgresDocuments.Json(row))),
            "facts" => Command(
                "insert into facts (id, revision, doc) values (@id, @revision, @doc::jsonb)",
                ("id", row["_id"].AsString), ("revision", row["revision"].AsInt32), ("doc", PostgresDocuments.Json(row))),
            "revisions" => Command(
                "insert into revisions (fact_id, revision, action, at, doc) values (@fact, @revision, @action, @at, @doc::jsonb)",
                ("fact", row["factId"].AsString), ("revision", row["revision"].AsInt32), ("action", row["action"].AsString),
                ("at", Time(row["when"])), ("doc", PostgresDocuments.Json(row))),
            "subscriptions" => Command(
                "insert into subscriptions (key, platform, channel_id, added_by, added_at) values (@key, @platform, @channel, @by, @at)",
                ("key", row["_id"].AsString), ("platform", row["platform"].AsString), ("channel", row["channelId"].AsString),
                ("by", row["addedBy"].AsString), ("at", Time(row["addedAt"]))),
            "feedback" => Command(
                "insert into feedback (key, fact_id, helpful, user_id, platform, at) values (@key, @fact, @helpful, @user, @platform, @at)",
                ("key", row["_id"].AsString), ("fact", row["factId"].AsString), ("helpful", row["helpful"].AsBoolean),
                ("user", row["userId"].AsString), ("platform", row["platform"].AsString), ("at", Time(row["when"]))),
            "unanswered" => Command(
                "insert into unanswered (key, text, count, first_asked, last_asked, asked, platform) values (@key, @text, @count, @first, @last, @asked, @platform)",
                ("key", row["_id"].AsString), ("text", row["text"].AsString), ("count", row["count"].AsInt32),
                ("first", Time(row["firstAsked"])), ("last", Time(row["lastAsked"])),
                ("asked", (row["asked"] is { IsArray: true } asked ? asked.AsArray : [row["lastAsked"]]).Select(Time).ToArray()),
                ("platform", row["platform"].AsString)),
            "outbox" => Command(
                "insert into outbox (fact_id, revision, action, who, reason, at, delivered) values (@fact, @revision, @action, @who, @reason, @at, @delivered)",
                ("fact", row["factId"].AsString), ("revision", row["revision"].AsInt32), ("action", row["action"].AsString),
                ("who", row["who"].AsString), ("reason", row["reason"].IsNull ? DBNull.Value : row["reason"].AsString), ("at", Time(row["when"])),
                ("delivered", row["delivered"].AsArray.Select(v => v.AsString).ToArray())),
            "vectors" => Command("insert into vectors (key, v) values (@key, @v)", ("key", row["_id"].AsString), ("v", row["v"].AsBinary)),
            _ => throw new ArgumentOutOfRangeException(nameof(table), table, "not a table migrate copies"),
        };
        command.Connection = connection;
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private static NpgsqlCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private static async Task VerifyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<(string Table, int Rows)> copied, string expected)
    {
        foreach (var (table, rows) in copied)
        {
            await using var count = new NpgsqlCommand($"select count(*)::int from {table}", connection, transaction);
            var found = (int)(await count.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false))!;
            if (found != rows)
            {
                throw new InvalidDataException($"The copy of {table} holds {found} rows, the file {rows}: nothing was kept.");
            }
        }

        var facts = await PostgresKnowledgeDatabase.DocumentsAsync(connection, transaction, "facts", PostgresDocuments.ToFact, CancellationToken.None).ConfigureAwait(false);
        var revisions = new List<FactRevision>();
        await using (var command = new NpgsqlCommand("select doc::text from revisions", connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                revisions.Add(PostgresDocuments.ToRevision(reader.GetString(0)));
            }
        }

        var actual = Checksum(facts, revisions);
        if (actual != expected)
        {
            throw new InvalidDataException($"The copied facts and revisions hash to {actual[..12]}…, the file's to {expected[..12]}…: nothing was kept.");
        }
    }

    /// <summary>SHA-256 over every fact and revision in one canonical form (the shared document mapping), in id order.</summary>
    private static string Checksum(IEnumerable<Fact> facts, IEnumerable<FactRevision> revisions)
    {
        var text = new StringBuilder();
        foreach (var fact in facts.OrderBy(f => f.Id, StringComparer.Ordinal))
        {
            text.Append(PostgresDocuments.FromFact(fact)).Append('\n');
        }

        foreach (var revision in revisions.OrderBy(r => r.FactId, StringComparer.Ordinal).ThenBy(r => r.Revision))
        {
            text.Append(PostgresDocuments.FromRevision(revision)).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static DateTimeOffset Time(BsonValue value) =>
        DateTimeOffset.Parse(value.AsString, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind).ToUniversalTime();

    private sealed record LiteDbDocuments(List<(string Table, List<BsonDocument> Rows)> Tables, List<Fact> Facts, List<FactRevision> Revisions);
}
