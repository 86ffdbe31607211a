using Microsoft.Extensions.Logging;
using Npgsql;
using TalksBot.Core.Conversations;

namespace TalksBot.Postgres;

/// <summary>
/// The last question of each conversation thread, in the shared database: a follow-up that reaches another instance
/// still finds the question before it. Expired rows are swept now and then. Should the database not answer within
/// <see cref="PostgresDeliveryLog.ClaimDeadline"/>, the thread is kept in this instance's memory for a while (a
/// follow-up is worth less than an answer on time), and that is logged once per spell.
/// </summary>
internal sealed class PostgresConversationMemory(PostgresKnowledgeDatabase database, TimeProvider time, ILogger<PostgresConversationMemory> logger) : IConversationMemory
{
    private const int SweepEvery = 500;

    private readonly MemoryConversationMemory _fallback = new(time);
    private readonly DatabaseQuietSpell _quiet = new(time);
    private int _writes;

    public async ValueTask<string?> LastQuestionAsync(string conversationKey, CancellationToken cancellationToken)
    {
        var fromDatabase = await TryDatabaseAsync(
            async connection =>
            {
                await using var command = new NpgsqlCommand("select question from conversations where key = @key and expires_at > @now", connection);
                command.Parameters.AddWithValue("key", conversationKey);
                command.Parameters.AddWithValue("now", time.GetUtcNow().ToUniversalTime());
                return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
            },
            cancellationToken).ConfigureAwait(false);
        return fromDatabase.Answered ? fromDatabase.Value : await _fallback.LastQuestionAsync(conversationKey, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask RememberAsync(string conversationKey, string question, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var stored = await TryDatabaseAsync(
            async connection =>
            {
                var now = time.GetUtcNow().ToUniversalTime();
                await using var command = new NpgsqlCommand(
                    """
                    insert into conversations (key, question, expires_at) values (@key, @question, @expires)
                    on conflict (key) do update set question = excluded.question, expires_at = excluded.expires_at
                    """,
                    connection);
                command.Parameters.AddWithValue("key", conversationKey);
                command.Parameters.AddWithValue("question", question);
                command.Parameters.AddWithValue("expires", now + lifetime);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                if (Interlocked.Increment(ref _writes) % SweepEvery == 0)
                {
                    await using var sweep = new NpgsqlCommand("delete from conversations where expires_at <= @now", connection);
                    sweep.Parameters.AddWithValue("now", now);
                    await sweep.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                return (string?)null;
            },
            cancellationToken).ConfigureAwait(false);
        if (!stored.Answered)
        {
            await _fallback.RememberAsync(conversationKey, question, lifetime, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs <paramref name="work"/> on the database within the deadline; not answered when it is silent or fails.</summary>
    private async Task<(bool Answered, string? Value)> TryDatabaseAsync(Func<NpgsqlConnection, Task<string?>> work, CancellationToken cancellationToken)
    {
        if (_quiet.IsQuiet)
        {
            return (false, null);
        }

        var attempt = RunAsync(work, cancellationToken);
        try
        {
            return (true, await attempt.WaitAsync(PostgresDeliveryLog.ClaimDeadline, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested &&
                                          (exception is TimeoutException || PostgresKnowledgeDatabase.Problem(exception) is not null))
        {
            _ = attempt.ContinueWith(static abandoned => abandoned.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            if (_quiet.Start())
            {
                Log.ConversationMemoryFellBack(logger, exception is TimeoutException ? "no answer in time" : exception.Message);
            }

            return (false, null);
        }
    }

    private async Task<string?> RunAsync(Func<NpgsqlConnection, Task<string?>> work, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await work(connection).ConfigureAwait(false);
    }
}
