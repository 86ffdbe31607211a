using Npgsql;
using TalksBot.Core.Knowledge;

namespace TalksBot.Postgres;

/// <summary>Sources in PostgreSQL (a source first cited by a fact is saved by <see cref="PostgresFactStore"/>, with the fact).</summary>
internal sealed class PostgresSourceStore(PostgresKnowledgeDatabase database) : ISourceStore
{
    public async Task SaveAsync(Source source, CancellationToken cancellationToken = default)
    {
        await database.WriteKnowledgeAsync(
            async (connection, transaction) =>
            {
                await using var command = new NpgsqlCommand(
                    "insert into sources (id, doc) values (@id, @doc::jsonb) on conflict (id) do update set doc = excluded.doc",
                    connection,
                    transaction);
                command.Parameters.AddWithValue("id", source.Id);
                command.Parameters.AddWithValue("doc", PostgresDocuments.FromSource(source));
                await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
                return await PostgresKnowledgeDatabase.RecordChangeAsync(connection, transaction, ChangeKinds.Source, source.Id).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
        database.PublishSource(source);
    }
}
