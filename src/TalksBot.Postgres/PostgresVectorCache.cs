using System.Runtime.InteropServices;
using Npgsql;
using TalksBot.Core.Knowledge;

namespace TalksBot.Postgres;

/// <summary>
/// Sentence vectors shared by every instance, as raw little-endian floats keyed by a hash of model and text: a fact is
/// encoded once, whichever instance encodes it first.
/// </summary>
internal sealed class PostgresVectorCache(PostgresKnowledgeDatabase database) : IVectorCache
{
    public Task<Dictionary<string, float[]>> LoadAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async connection =>
            {
                var found = new Dictionary<string, float[]>(keys.Count, StringComparer.Ordinal);
                if (keys.Count == 0)
                {
                    return found;
                }

                await using var command = new NpgsqlCommand("select key, v from vectors where key = any(@keys)", connection);
                command.Parameters.AddWithValue("keys", keys.ToArray());
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    found[reader.GetString(0)] = MemoryMarshal.Cast<byte, float>(reader.GetFieldValue<byte[]>(1)).ToArray();
                }

                return found;
            },
            cancellationToken);

    public Task SaveAsync(IReadOnlyDictionary<string, float[]> vectors, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            async (connection, transaction) =>
            {
                if (vectors.Count == 0)
                {
                    return 0;
                }

                await using var command = new NpgsqlCommand(
                    "insert into vectors (key, v) select * from unnest(@keys, @values) on conflict (key) do update set v = excluded.v",
                    connection,
                    transaction);
                command.Parameters.AddWithValue("keys", vectors.Keys.ToArray());
                command.Parameters.AddWithValue("values", vectors.Values.Select(v => MemoryMarshal.AsBytes(v.AsSpan()).ToArray()).ToArray());
                return await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            },
            cancellationToken);
}
