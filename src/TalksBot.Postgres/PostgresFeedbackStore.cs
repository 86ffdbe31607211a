using Npgsql;
using TalksBot.Core.Knowledge;

namespace TalksBot.Postgres;

/// <summary>Members' verdicts on answers and the questions the bot could not answer, counted across every instance.</summary>
internal sealed class PostgresFeedbackStore(PostgresKnowledgeDatabase database) : IFeedbackStore
{
    public Task RecordFeedbackAsync(string factId, bool helpful, string userId, string platform, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            async (connection, transaction) =>
            {
                await using var command = new NpgsqlCommand(
                    """
                    insert into feedback (key, fact_id, helpful, user_id, platform, at) values (@key, @fact, @helpful, @user, @platform, @at)
                    on conflict (key) do update set helpful = excluded.helpful, at = excluded.at
                    """,
                    connection,
                    transaction);
                command.Parameters.AddWithValue("key", UnansweredQuestionText.FeedbackKey(platform, userId, factId));
                command.Parameters.AddWithValue("fact", factId);
                command.Parameters.AddWithValue("helpful", helpful);
                command.Parameters.AddWithValue("user", userId);
                command.Parameters.AddWithValue("platform", platform);
                command.Parameters.AddWithValue("at", database.Time.GetUtcNow().ToUniversalTime());
                return await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            },
            cancellationToken);

    public Task RecordUnansweredAsync(string question, string platform, CancellationToken cancellationToken = default)
    {
        if (UnansweredQuestionText.Prepare(question) is not { } prepared)
        {
            return Task.CompletedTask;
        }

        var (text, key) = prepared;
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                // One statement, so two instances counting the same question at once both count: the row is locked by
                // the upsert. The ask times keep the latest MaxKeptAskTimes.
                await using var command = new NpgsqlCommand(
                    """
                    insert into unanswered (key, text, count, first_asked, last_asked, asked, platform)
                    values (@key, @text, 1, @now, @now, array[@now], @platform)
                    on conflict (key) do update set
                        text = excluded.text,
                        count = unanswered.count + 1,
                        last_asked = excluded.last_asked,
                        asked = (unanswered.asked || excluded.asked)[greatest(1, cardinality(unanswered.asked) + 2 - @kept):],
                        platform = excluded.platform
                    """,
                    connection,
                    transaction);
                command.Parameters.AddWithValue("key", key);
                command.Parameters.AddWithValue("text", text);
                command.Parameters.AddWithValue("now", database.Time.GetUtcNow().ToUniversalTime());
                command.Parameters.AddWithValue("platform", platform);
                command.Parameters.AddWithValue("kept", IFeedbackStore.MaxKeptAskTimes);
                return await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<FactFeedback>> FeedbackAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<FactFeedback>>(
            async connection =>
            {
                await using var command = new NpgsqlCommand(
                    "select fact_id, (count(*) filter (where helpful))::int, (count(*) filter (where not helpful))::int from feedback group by fact_id",
                    connection);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                var feedback = new List<FactFeedback>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    feedback.Add(new FactFeedback(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2)));
                }

                return feedback.OrderByDescending(f => f.NotHelpful).ThenBy(f => f.FactId, StringComparer.Ordinal).ToList();
            },
            cancellationToken);

    public Task<IReadOnlyList<UnansweredQuestion>> UnansweredAsync(int limit = 20, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<UnansweredQuestion>>(
            async connection =>
            {
                await using var command = new NpgsqlCommand(
                    "select text, count, last_asked, platform from unanswered order by count desc, last_asked desc limit @limit",
                    connection);
                command.Parameters.AddWithValue("limit", Math.Max(0, limit));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                var questions = new List<UnansweredQuestion>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    questions.Add(new UnansweredQuestion(reader.GetString(0), reader.GetInt32(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3)));
                }

                return questions;
            },
            cancellationToken);

    public Task<IReadOnlyList<RecentUnansweredQuestion>> UnansweredSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<RecentUnansweredQuestion>>(
            async connection =>
            {
                await using var command = new NpgsqlCommand(
                    """
                    select text, (select count(*) from unnest(asked) t where t >= @since)::int as times, last_asked, platform
                    from unanswered where last_asked >= @since
                    order by times desc, last_asked desc
                    """,
                    connection);
                command.Parameters.AddWithValue("since", since.ToUniversalTime());
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                var questions = new List<RecentUnansweredQuestion>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    questions.Add(new RecentUnansweredQuestion(reader.GetString(0), reader.GetInt32(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3)));
                }

                return questions.Where(q => q.TimesAsked > 0).ToList();
            },
            cancellationToken);
}
