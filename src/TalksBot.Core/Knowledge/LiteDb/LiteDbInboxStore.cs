using LiteDB;
using TalksBot.Core.Intake;

namespace TalksBot.Core.Knowledge.LiteDb;

/// <summary>The news inbox in the LiteDB file: candidates (as JSON documents), their story keys, feed states and digest channels.</summary>
internal sealed class LiteDbInboxStore(LiteDbKnowledgeDatabase database) : IInboxStore
{
    private const string Candidates = "inbox";
    private const string Keys = "inbox_keys";
    private const string Feeds = "inbox_feeds";
    private const string Digest = "inbox_digest";

    /// <summary>The digest's channels are subscriptions like the fact-change ones, in a collection of their own.</summary>
    private readonly LiteDbSubscriptionStore _digest = new(database, Digest);

    public Task<InboxCandidate?> FindByStoryAsync(IReadOnlyCollection<string> storyKeys, CancellationToken cancellationToken = default) =>
        database.RunAsync(db =>
        {
            foreach (var key in storyKeys)
            {
                if (db.GetCollection(Keys).FindById(key) is { } found && db.GetCollection(Candidates).FindById(found["candidate"].AsString) is { } document)
                {
                    return InboxJson.ReadCandidate(document["json"].AsString);
                }
            }

            return null;
        }, cancellationToken);

    public Task<InboxCandidate?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        database.RunAsync(db => db.GetCollection(Candidates).FindById(id) is { } document ? InboxJson.ReadCandidate(document["json"].AsString) : null, cancellationToken);

    public Task SaveAsync(InboxCandidate candidate, CancellationToken cancellationToken = default) =>
        database.RunAsync(db => database.InTransaction(db, () =>
        {
            db.GetCollection(Candidates).Upsert(new BsonDocument
            {
                ["_id"] = candidate.Id,
                ["status"] = candidate.Status.ToString(),
                ["foundAt"] = candidate.FoundAt.UtcTicks,
                ["json"] = InboxJson.Write(candidate),
            });
            foreach (var key in candidate.StoryKeys)
            {
                db.GetCollection(Keys).Upsert(new BsonDocument { ["_id"] = key, ["candidate"] = candidate.Id });
            }

            return true;
        }), cancellationToken);

    public Task<IReadOnlyList<InboxCandidate>> OpenAsync(int limit, CancellationToken cancellationToken = default) =>
        database.RunAsync<IReadOnlyList<InboxCandidate>>(
            db => InboxOrder.MostRelevantNewestFirst(
                    db.GetCollection(Candidates).Find(Query.EQ("status", nameof(CandidateStatus.Open))).Select(d => InboxJson.ReadCandidate(d["json"].AsString)))
                .Take(limit)
                .ToList(),
            cancellationToken);

    public Task<IReadOnlyList<InboxCandidate>> FoundSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default) =>
        database.RunAsync<IReadOnlyList<InboxCandidate>>(
            db => db.GetCollection(Candidates).Find(Query.GTE("foundAt", since.UtcTicks)).Select(d => InboxJson.ReadCandidate(d["json"].AsString)).ToList(),
            cancellationToken);

    public Task<InboxCounts> CountsAsync(CancellationToken cancellationToken = default) =>
        database.RunAsync(db =>
        {
            var byStatus = db.GetCollection(Candidates).FindAll().GroupBy(d => d["status"].AsString).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var feeds = db.GetCollection(Feeds).FindAll().Where(d => d["json"].IsString).Select(d => InboxJson.ReadFeedState(d["json"].AsString)).ToList();
            return InboxCounts.From(byStatus, feeds);
        }, cancellationToken);

    public Task<FeedState?> FeedStateAsync(string url, CancellationToken cancellationToken = default) =>
        database.RunAsync(db => db.GetCollection(Feeds).FindById(url) is { } document && document["json"].IsString ? InboxJson.ReadFeedState(document["json"].AsString) : null, cancellationToken);

    public Task SaveFeedStateAsync(FeedState state, CancellationToken cancellationToken = default) =>
        database.RunAsync(db => database.InTransaction(db, () =>
        {
            var collection = db.GetCollection(Feeds);
            var document = collection.FindById(state.Url) ?? new BsonDocument { ["_id"] = state.Url };
            document["json"] = InboxJson.Write(state);
            collection.Upsert(document);
            return true;
        }), cancellationToken);

    public Task<bool> TryLeaseFeedAsync(string url, string owner, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        database.RunAsync(db => database.InTransaction(db, () =>
        {
            var collection = db.GetCollection(Feeds);
            var document = collection.FindById(url) ?? new BsonDocument { ["_id"] = url };
            var now = database.Time.GetUtcNow().UtcTicks;
            if (document["leaseOwner"].IsString && document["leaseOwner"].AsString != owner && document["leaseUntil"].AsInt64 > now)
            {
                return false;
            }

            document["leaseOwner"] = owner;
            document["leaseUntil"] = until.UtcTicks;
            collection.Upsert(document);
            return true;
        }), cancellationToken);

    public Task<bool> SubscribeDigestAsync(string platform, string channelId, Actor actor, CancellationToken cancellationToken = default) =>
        _digest.SubscribeAsync(platform, channelId, actor, cancellationToken);

    public Task<bool> UnsubscribeDigestAsync(string platform, string channelId, CancellationToken cancellationToken = default) =>
        _digest.UnsubscribeAsync(platform, channelId, cancellationToken);

    public Task<IReadOnlyList<Subscription>> DigestChannelsAsync(CancellationToken cancellationToken = default) =>
        _digest.ListAsync(cancellationToken);
}
