using Microsoft.Extensions.Logging;
using Npgsql;
using TalksBot.Core.Delivery;
using TalksBot.Core.Knowledge;

namespace TalksBot.Postgres;

/// <summary>
/// Delivery claims every instance sees: a Discord interaction replayed to another instance, or a Slack redelivery
/// that lands elsewhere, is still acted on once. One upsert decides (a live claim is never overwritten, an expired one
/// is taken over); expired claims are swept now and then. Should the database be unreachable, a member's request is
/// not failed for it: the claim falls back to this instance's memory, and the fallback is logged.
/// </summary>
internal sealed class PostgresDeliveryLog(PostgresKnowledgeDatabase database, TimeProvider time, ILogger<PostgresDeliveryLog> logger) : IDeliveryLog
{
    private const int SweepEvery = 1000;

    private readonly MemoryDeliveryLog _fallback = new(time);
    private int _claims;

    public async ValueTask<bool> TryClaimAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var now = time.GetUtcNow().ToUniversalTime();
        try
        {
            var sweep = Interlocked.Increment(ref _claims) % SweepEvery == 0;
            return await database.WriteAsync(
                async (connection, transaction) =>
                {
                    await using var command = new NpgsqlCommand(
                        """
                        insert into deliveries (key, expires_at) values (@key, @expires)
                        on conflict (key) do update set expires_at = excluded.expires_at where deliveries.expires_at <= @now
                        returning 1
                        """,
                        connection,
                        transaction);
                    command.Parameters.AddWithValue("key", key);
                    command.Parameters.AddWithValue("expires", now + lifetime);
                    command.Parameters.AddWithValue("now", now);
                    var claimed = await command.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false) is not null;
                    if (sweep)
                    {
                        await using var delete = new NpgsqlCommand("delete from deliveries where expires_at <= @now", connection, transaction);
                        delete.Parameters.AddWithValue("now", now);
                        await delete.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
                    }

                    return claimed;
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (KnowledgeStorageException exception)
        {
            Log.DeliveryClaimFellBack(logger, exception.Message);
            return await _fallback.TryClaimAsync(key, lifetime, cancellationToken).ConfigureAwait(false);
        }
    }
}
