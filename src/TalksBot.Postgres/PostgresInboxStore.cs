using Npgsql;
using NpgsqlTypes;
using TalksBot.Core.Intake;
using TalksBot.Core.Knowledge;

namespace TalksBot.Postgres;

/// <summary>The news inbox shared by every instance: candidates as JSON documents, story keys, feed states with leases, digest channels.</summary>
internal sealed class PostgresInboxStore(PostgresKnowledgeDatabase database) : IInboxStore
{
    /// <summary>The digest's channels are subscriptions like the fact-change ones, in a table of the same columns.</summary>
    private readonly PostgresSubscriptionStore _digest = new(database, "inbox_digest");

    public Task<InboxCandidate?> FindByStoryAsync(IReadOnlyCollection<string> storyKeys, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async connection =>
            {
                await using var command = new NpgsqlCommand(
                    "select i.doc::text from inbox_keys k join inbox i on i.id = k.candidate_id where k.key = any(@keys) limit 1", connection);
                command.Parameters.AddWithValue("keys", storyKeys.ToArray());
                return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string json ? InboxJson.ReadCandidate(json) : null;
            },
            cancellationToken);

    public Task<InboxCandidate?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async connection =>
            {
                await using var command = new NpgsqlCommand("select doc::text from inbox where id = @id", connection);
                command.Parameters.AddWithValue("id", id);
                return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string json ? InboxJson.ReadCandidate(json) : null;
            },
            cancellationToken);

    public Task SaveAsync(InboxCandidate candidate, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            async (connection, transaction) =>
            {
                await using var command = new NpgsqlCommand(
                    """
                    insert into inbox (id, status, found_at, doc) values (@id, @status, @found, @doc)
                    on conflict (id) do update set status = excluded.status, doc = excluded.doc;
                    insert into inbox_keys (key, candidate_id) select unnest(@keys), @id on conflict (key) do nothing;
                    """,
                    connection,
                    transaction);
                command.Parameters.AddWithValue("id", candidate.Id);
                command.Parameters.AddWithValue("status", candidate.Status.ToString());
                command.Parameters.AddWithValue("found", candidate.FoundAt.ToUniversalTime());
                command.Parameters.Add(new NpgsqlParameter("doc", NpgsqlDbType.Jsonb) { Value = InboxJson.Write(candidate) });
                command.Parameters.AddWithValue("keys", candidate.StoryKeys.ToArray());
                return await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            },
            cancellationToken);

    public async Task<IReadOnlyList<InboxCandidate>> OpenAsync(int limit, CancellationToken cancellationToken = default) =>
        InboxOrder.MostRelevantNewestFirst(await CandidatesAsync("status = 'Open'", null, cancellationToken).ConfigureAwait(false)).Take(limit).ToList();

    public Task<IReadOnlyList<InboxCandidate>> FoundSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default) =>
        CandidatesAsync("found_at >= @since", since, cancellationToken);

    public Task<InboxCounts> CountsAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async connection =>
            {
                var byStatus = new Dictionary<string, int>(StringComparer.Ordinal);
                await using (var command = new NpgsqlCommand("select status, count(*)::int from inbox group by status", connection))
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        byStatus[reader.GetString(0)] = reader.GetInt32(1);
                    }
                }

                var feeds = new List<FeedState>();
                await using (var command = new NpgsqlCommand("select doc::text from inbox_feeds where doc is not null", connection))
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        feeds.Add(InboxJson.ReadFeedState(reader.GetString(0)));
                    }
                }

                return InboxCounts.From(byStatus, feeds);
            },
            cancellationToken);

    public Task<FeedState?> FeedStateAsync(string url, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async connection =>
            {
                await using var command = new NpgsqlCommand("select doc::text from inbox_feeds where url = @url", connection);
                command.Parameters.AddWithValue("url", url);
                return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string json ? InboxJson.ReadFeedState(json) : null;
            },
            cancellationToken);

    public Task SaveFeedStateAsync(FeedState state, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            async (connection, transaction) =>
            {
                await using var command = new NpgsqlCommand(
                    "insert into inbox_feeds (url, doc) values (@url, @doc) on conflict (url) do update set doc = excluded.doc", connection, transaction);
                command.Parameters.AddWithValue("url", state.Url);
                command.Parameters.Add(new NpgsqlParameter("doc", NpgsqlDbType.Jsonb) { Value = InboxJson.Write(state) });
                return await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            },
            cancellationToken);

    public Task<bool> TryLeaseFeedAsync(string url, string owner, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            async (connection, transaction) =>
            {
                // One statement decides: no row, our own lease, or an expired one is taken; a live lease of another owner is not.
                await using var command = new NpgsqlCommand(
                    """
                    insert into inbox_feeds (url, lease_owner, lease_until) values (@url, @owner, @until)
                    on conflict (url) do update set lease_owner = excluded.lease_owner, lease_until = excluded.lease_until
                    where inbox_feeds.lease_owner is null or inbox_feeds.lease_owner = @owner or inbox_feeds.lease_until <= @now
                    returning 1
                    """,
                    connection,
                    transaction);
                command.Parameters.AddWithValue("url", url);
                command.Parameters.AddWithValue("owner", owner);
                command.Parameters.AddWithValue("until", until.ToUniversalTime());
                command.Parameters.AddWithValue("now", database.Time.GetUtcNow().ToUniversalTime());
                return await command.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false) is not null;
            },
            cancellationToken);

    public Task<bool> SubscribeDigestAsync(string platform, string channelId, Actor actor, CancellationToken cancellationToken = default) =>
        _digest.SubscribeAsync(platform, channelId, actor, cancellationToken);

    public Task<bool> UnsubscribeDigestAsync(string platform, string channelId, CancellationToken cancellationToken = default) =>
        _digest.UnsubscribeAsync(platform, channelId, cancellationToken);

    public Task<IReadOnlyList<Subscription>> DigestChannelsAsync(CancellationToken cancellationToken = default) =>
        _digest.ListAsync(cancellationToken);

    private Task<IReadOnlyList<InboxCandidate>> CandidatesAsync(string where, DateTimeOffset? since, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<InboxCandidate>>(
            async connection =>
            {
                await using var command = new NpgsqlCommand($"select doc::text from inbox where {where}", connection);
                if (since is { } value)
                {
                    command.Parameters.AddWithValue("since", value.ToUniversalTime());
                }

                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                var candidates = new List<InboxCandidate>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    candidates.Add(InboxJson.ReadCandidate(reader.GetString(0)));
                }

                return candidates;
            },
            cancellationToken);
}
