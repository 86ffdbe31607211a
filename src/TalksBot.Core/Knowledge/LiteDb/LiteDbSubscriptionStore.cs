using System.Globalization;
using LiteDB;
using static TalksBot.Core.Knowledge.LiteDb.LiteDbKnowledgeDatabase;

namespace TalksBot.Core.Knowledge.LiteDb;

/// <summary>
/// Subscribed channels in the LiteDB file: those told of fact changes, or (with another collection) those that get the
/// inbox digest.
/// </summary>
internal sealed class LiteDbSubscriptionStore(LiteDbKnowledgeDatabase database, string collectionName) : ISubscriptionStore
{
    public LiteDbSubscriptionStore(LiteDbKnowledgeDatabase database)
        : this(database, SubscriptionsCollection)
    {
    }

    public Task<bool> SubscribeAsync(string platform, string channelId, Actor actor, CancellationToken cancellationToken = default) =>
        database.RunAsync(db => database.InTransaction(db, () =>
        {
            var collection = db.GetCollection(collectionName);
            var key = new Subscription(platform, channelId, "", default).Key;
            if (collection.FindById(key) is not null)
            {
                return false;
            }

            collection.Insert(new BsonDocument
            {
                ["_id"] = key,
                ["platform"] = platform,
                ["channelId"] = channelId,
                ["addedBy"] = actor.ToString(),
                ["addedAt"] = database.Time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
            });
            return true;
        }), cancellationToken);

    public Task<bool> UnsubscribeAsync(string platform, string channelId, CancellationToken cancellationToken = default) =>
        database.RunAsync(
            db => database.InTransaction(db, () => db.GetCollection(collectionName).Delete(new Subscription(platform, channelId, "", default).Key)),
            cancellationToken);

    public Task<IReadOnlyList<Subscription>> ListAsync(CancellationToken cancellationToken = default) =>
        database.RunAsync<IReadOnlyList<Subscription>>(
            db => db.GetCollection(collectionName).FindAll()
                .Select(d => new Subscription(
                    d["platform"].AsString,
                    d["channelId"].AsString,
                    d["addedBy"].AsString,
                    DateTimeOffset.Parse(d["addedAt"].AsString, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)))
                .OrderBy(s => s.Key, StringComparer.Ordinal)
                .ToList(),
            cancellationToken);
}
