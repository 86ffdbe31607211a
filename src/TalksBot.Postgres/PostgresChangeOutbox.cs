using Npgsql;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Knowledge.Yaml;

namespace TalksBot.Postgres;

/// <summary>
/// The announcements of fact changes, shared by every instance and announced by one: <see cref="PendingAsync"/> claims
/// the entries it returns for <see cref="ClaimFor"/> (<c>FOR UPDATE SKIP LOCKED</c>, so two instances never claim the
/// same entry), each channel told is recorded, and an instance that dies mid-way leaves its claim to expire: another
/// instance then tells only the channels not yet told.
/// </summary>
internal sealed class PostgresChangeOutbox(PostgresKnowledgeDatabase database) : IChangeOutbox
{
    /// <summary>How long a claim keeps other instances off an entry (longer than a round of posts with retries takes).</summary>
    public static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(2);

    private const int Batch = 100;

    public Task<IReadOnlyList<PendingNotification>> PendingAsync(CancellationToken cancellationToken = default)
    {
        var now = database.Time.GetUtcNow().ToUniversalTime();
        return database.WriteAsync<IReadOnlyList<PendingNotification>>(
            async (connection, transaction) =>
            {
                await using var command = new NpgsqlCommand(
                    """
                    update outbox set claimed_by = @me, claimed_until = @until
                    where id in (
                        select id from outbox
                        where claimed_until is null or claimed_until < @now or claimed_by = @me
                        order by id
                        limit @batch
                        for update skip locked)
                    returning id, fact_id, revision, action, who, reason, at, delivered
                    """,
                    connection,
                    transaction);
                command.Parameters.AddWithValue("me", database.InstanceId);
                command.Parameters.AddWithValue("now", now);
                command.Parameters.AddWithValue("until", now + ClaimFor);
                command.Parameters.AddWithValue("batch", Batch);
                await using var reader = await command.ExecuteReaderAsync(CancellationToken.None).ConfigureAwait(false);
                var pending = new List<PendingNotification>();
                while (await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false))
                {
                    pending.Add(new PendingNotification(
                        reader.GetInt64(0),
                        reader.GetString(1),
                        reader.GetInt32(2),
                        YamlNames.TryParse<RevisionAction>(reader.GetString(3), out var action) ? action : RevisionAction.Edit,
                        reader.GetString(4),
                        reader.IsDBNull(5) ? null : reader.GetString(5),
                        reader.GetFieldValue<DateTimeOffset>(6),
                        reader.GetFieldValue<string[]>(7).ToHashSet(StringComparer.Ordinal)));
                }

                return pending.OrderBy(p => p.Id).ToList();
            },
            cancellationToken);
    }

    public Task MarkDeliveredAsync(long notificationId, string subscriptionKey, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            async (connection, transaction) =>
            {
                await using var command = new NpgsqlCommand(
                    "update outbox set delivered = array_append(delivered, @key) where id = @id and not (@key = any(delivered))",
                    connection,
                    transaction);
                command.Parameters.AddWithValue("id", notificationId);
                command.Parameters.AddWithValue("key", subscriptionKey);
                return await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            },
            cancellationToken);

    public Task CompleteAsync(long notificationId, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            async (connection, transaction) =>
            {
                await using var command = new NpgsqlCommand("delete from outbox where id = @id", connection, transaction);
                command.Parameters.AddWithValue("id", notificationId);
                return await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            },
            cancellationToken);

    /// <summary>How many announcements wait (for <c>/metrics</c>).</summary>
    public Task<long> DepthAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async connection =>
            {
                await using var command = new NpgsqlCommand("select count(*) from outbox", connection);
                return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            },
            cancellationToken);

    /// <summary>Queues the announcement of a saved change (inside the caller's transaction).</summary>
    internal static async Task EnqueueAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Fact saved, RevisionAction action, Actor actor, string? reason)
    {
        await using var command = new NpgsqlCommand(
            "insert into outbox (fact_id, revision, action, who, reason, at) values (@fact, @revision, @action, @who, @reason, @at)",
            connection,
            transaction);
        command.Parameters.AddWithValue("fact", saved.Id);
        command.Parameters.AddWithValue("revision", saved.Revision);
        command.Parameters.AddWithValue("action", YamlNames.Of(action));
        command.Parameters.AddWithValue("who", actor.DisplayName);
        command.Parameters.AddWithValue("reason", (object?)reason ?? DBNull.Value);
        command.Parameters.AddWithValue("at", saved.UpdatedAt.ToUniversalTime());
        await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
    }
}
