using Microsoft.Extensions.Logging;
using Npgsql;
using TalksBot.Core.Delivery;

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

    /// <summary>How long a claim may wait for the database before this instance's memory decides (Discord allows 3 s for the whole answer).</summary>
    public static readonly TimeSpan ClaimDeadline = TimeSpan.FromSeconds(1);

    private readonly DatabaseQuietSpell _quiet = new(time);

    public async ValueTask ReleaseAsync(string key, CancellationToken cancellationToken)
    {
        await _fallback.ReleaseAsync(key, cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("delete from deliveries where key = @key", connection);
            command.Parameters.AddWithValue("key", key);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && PostgresKnowledgeDatabase.Problem(exception) is not null)
        {
            // The claim stays until it expires: a retry is refused for a while, nothing worse.
            Log.DeliveryClaimFellBack(logger, exception.Message);
        }
    }

    public async ValueTask<bool> TryClaimAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);

        // After a claim the database did not answer in time, the next ones go to memory at once for a while.
        if (_quiet.IsQuiet)
        {
            return await _fallback.TryClaimAsync(key, lifetime, cancellationToken).ConfigureAwait(false);
        }

        // Npgsql's own cancellation waits for a server that does not answer (a frozen server took 15–60 s): the member's
        // request waits for the deadline only; the claim may finish in the background, which is harmless (claimed once).
        var claim = ClaimInDatabaseAsync(key, lifetime, cancellationToken);
        try
        {
            return await claim.WaitAsync(ClaimDeadline, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested &&
                                          (exception is TimeoutException || PostgresKnowledgeDatabase.Problem(exception) is not null))
        {
            _ = claim.ContinueWith(static abandoned => abandoned.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            // Claims in flight together miss the deadline together: the one that starts the quiet spell says so.
            if (_quiet.Start())
            {
                Log.DeliveryClaimFellBack(logger, exception is TimeoutException ? $"no answer within {ClaimDeadline.TotalSeconds:0.#} s" : exception.Message);
            }
            return await _fallback.TryClaimAsync(key, lifetime, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One statement, committed on its own: a live claim is never overwritten, an expired one is taken over.</summary>
    private async Task<bool> ClaimInDatabaseAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUniversalTime();
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            """
            insert into deliveries (key, expires_at) values (@key, @expires)
            on conflict (key) do update set expires_at = excluded.expires_at where deliveries.expires_at <= @now
            returning 1
            """,
            connection);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("expires", now + lifetime);
        command.Parameters.AddWithValue("now", now);
        var claimed = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
        if (Interlocked.Increment(ref _claims) % SweepEvery == 0)
        {
            await using var sweep = new NpgsqlCommand("delete from deliveries where expires_at <= @now", connection);
            sweep.Parameters.AddWithValue("now", now);
            await sweep.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return claimed;
    }
}
