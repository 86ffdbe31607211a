using Npgsql;
using TalksBot.Core.Knowledge;

namespace TalksBot.Postgres;

/// <summary>
/// Subscribed channels, shared by every instance: those told of fact changes, or (with another table of the same
/// columns) those that get the inbox digest.
/// </summary>
internal sealed class PostgresSubscriptionStore(PostgresKnowledgeDatabase database, string table) : ISubscriptionStore
{
    public PostgresSubscriptionStore(PostgresKnowledgeDatabase database)
        : this(database, "subscriptions")
    {
    }

    public Task<bool> SubscribeAsync(string platform, string channelId, Actor actor, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            async (connection, transaction) =>
            {
                await using var command = new NpgsqlCommand(
                    $"""
                    insert into {table} (key, platform, channel_id, added_by, added_at)
                    values (@key, @platform, @channel, @by, @at) on conflict (key) do nothing
                    """,
                    connection,
                    transaction);
                command.Parameters.AddWithValue("key", KeyOf(platform, channelId));
                command.Parameters.AddWithValue("platform", platform);
                command.Parameters.AddWithValue("channel", channelId);
                command.Parameters.AddWithValue("by", actor.ToString());
                command.Parameters.AddWithValue("at", database.Time.GetUtcNow().ToUniversalTime());
                return await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false) == 1;
            },
            cancellationToken);

    public Task<bool> UnsubscribeAsync(string platform, string channelId, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            async (connection, transaction) =>
            {
                await using var command = new NpgsqlCommand($"delete from {table} where key = @key", connection, transaction);
                command.Parameters.AddWithValue("key", KeyOf(platform, channelId));
                return await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false) == 1;
            },
            cancellationToken);

    public Task<IReadOnlyList<Subscription>> ListAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<Subscription>>(
            async connection =>
            {
                await using var command = new NpgsqlCommand($"select platform, channel_id, added_by, added_at from {table}", connection);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                var subscriptions = new List<Subscription>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    subscriptions.Add(new Subscription(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3)));
                }

                // Ordered like every engine orders it (ordinal), not by the database's collation.
                return subscriptions.OrderBy(s => s.Key, StringComparer.Ordinal).ToList();
            },
            cancellationToken);

    private static string KeyOf(string platform, string channelId) => new Subscription(platform, channelId, "", default).Key;
}
