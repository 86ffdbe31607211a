using System.Globalization;
using LiteDB;
using TalksBot.Core.Knowledge.Yaml;
using static TalksBot.Core.Knowledge.LiteDb.LiteDbKnowledgeDatabase;

namespace TalksBot.Core.Knowledge.LiteDb;

/// <summary>The announcements of fact changes waiting in the LiteDB file; <see cref="LiteDbFactStore"/> enqueues them in the change's transaction.</summary>
internal sealed class LiteDbChangeOutbox(LiteDbKnowledgeDatabase database) : IChangeOutbox
{
    public Task<IReadOnlyList<PendingNotification>> PendingAsync(CancellationToken cancellationToken = default) =>
        database.RunAsync<IReadOnlyList<PendingNotification>>(
            db => Outbox(db).FindAll()
                .Select(d => new PendingNotification(
                    d["_id"].AsInt64,
                    d["factId"].AsString,
                    d["revision"].AsInt32,
                    Enum.Parse<RevisionAction>(d["action"].AsString, ignoreCase: true),
                    d["who"].AsString,
                    d["reason"].IsNull ? null : d["reason"].AsString,
                    DateTimeOffset.Parse(d["when"].AsString, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                    d["delivered"].AsArray.Select(v => v.AsString).ToHashSet(StringComparer.Ordinal)))
                .OrderBy(n => n.Id)
                .ToList(),
            cancellationToken);

    public Task MarkDeliveredAsync(long notificationId, string subscriptionKey, CancellationToken cancellationToken = default) =>
        database.RunAsync(db => database.InTransaction(db, () =>
        {
            var outbox = Outbox(db);
            if (outbox.FindById(notificationId) is { } document)
            {
                document["delivered"].AsArray.Add(subscriptionKey);
                outbox.Update(document);
            }

            return true;
        }), cancellationToken);

    public Task CompleteAsync(long notificationId, CancellationToken cancellationToken = default) =>
        database.RunAsync(db => database.InTransaction(db, () => Outbox(db).Delete(notificationId)), cancellationToken);

    /// <summary>Queues the announcement of a saved change (inside the caller's transaction).</summary>
    internal static void Enqueue(LiteDatabase db, Fact saved, RevisionAction action, Actor actor, string? reason) =>
        Outbox(db).Insert(new BsonDocument
        {
            ["factId"] = saved.Id,
            ["revision"] = saved.Revision,
            ["action"] = YamlNames.Of(action),
            ["who"] = actor.DisplayName,
            ["reason"] = reason,
            ["when"] = saved.UpdatedAt.ToString("O", CultureInfo.InvariantCulture),
            ["delivered"] = new BsonArray(),
        });

    private static ILiteCollection<BsonDocument> Outbox(LiteDatabase db) => db.GetCollection(OutboxCollection, BsonAutoId.Int64);
}
