using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using TalksBot.Core.Health;

namespace TalksBot.Postgres;

/// <summary>
/// Keeps this instance's knowledge up with the others: it listens on <c>talksbot_changes</c> and catches up on every
/// notification, on every reconnect (so a notification missed while disconnected loses nothing: the catch-up reads by
/// sequence) and every few seconds whatever happens.
/// </summary>
internal sealed class PostgresChangeListener(
    PostgresKnowledgeDatabase database, PostgresChangeOutbox outbox, ReadinessRegistry readiness, TimeProvider time, ILogger<PostgresChangeListener> logger) : BackgroundService
{
    /// <summary>How long to wait for a notification before catching up anyway.</summary>
    public static readonly TimeSpan SafetyPoll = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan FirstReconnectDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // /readyz names the database while this instance cannot hear the others' changes.
        var ready = readiness.Add("database");
        database.ChangeArrived += TalksBotMetrics.KnowledgeChangeArrived;
        var delay = FirstReconnectDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.DataSource.OpenConnectionAsync(stoppingToken).ConfigureAwait(false);
                await using (var listen = new NpgsqlCommand($"listen {PostgresKnowledgeDatabase.ChangeChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                }

                Log.Listening(logger, database.Location);

                // Listening first, then catching up: nothing committed in between is missed.
                await database.CatchUpAsync(stoppingToken).ConfigureAwait(false);
                using var up = ready.Up();
                delay = FirstReconnectDelay;
                var counted = DateTimeOffset.MinValue;
                while (!stoppingToken.IsCancellationRequested)
                {
                    if (time.GetUtcNow() - counted >= SafetyPoll)
                    {
                        TalksBotMetrics.OutboxCounted(await outbox.DepthAsync(stoppingToken).ConfigureAwait(false));
                        counted = time.GetUtcNow();
                    }

                    await connection.WaitAsync(SafetyPoll, stoppingToken).ConfigureAwait(false);
                    await database.CatchUpAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                Log.ListenerLost(logger, database.Location, exception.Message, delay.TotalSeconds);
                try
                {
                    await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxReconnectDelay.Ticks));
            }
        }
    }
}
