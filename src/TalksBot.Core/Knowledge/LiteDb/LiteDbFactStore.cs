using LiteDB;
using TalksBot.Core.Knowledge.Yaml;
using static TalksBot.Core.Knowledge.LiteDb.LiteDbKnowledgeDatabase;

namespace TalksBot.Core.Knowledge.LiteDb;

/// <summary>Facts, revisions, parties, topics and imports in the LiteDB file; the announcement of a change goes into the outbox in the same transaction.</summary>
internal sealed class LiteDbFactStore(LiteDbKnowledgeDatabase database) : IFactStore
{
    public KnowledgeSnapshot Snapshot => database.Snapshot;

    public Task<IReadOnlyList<FactRevision>> HistoryAsync(string factId, CancellationToken cancellationToken = default) =>
        database.RunAsync<IReadOnlyList<FactRevision>>(
            db => db.GetCollection(RevisionsCollection)
                .Find(Query.EQ("factId", factId))
                .Select(KnowledgeDocuments.ToRevision)
                .OrderBy(r => r.Revision)
                .ToList(),
            cancellationToken);

    public Task<ImportReport> ImportAsync(KnowledgeSet seed, string? backupBeforeChange = null, CancellationToken cancellationToken = default) =>
        database.RunAsync(db =>
        {
            var now = database.Time.GetUtcNow();
            var seedHashes = SeedImport.HashAll(seed.Facts);
            var backedUp = backupBeforeChange is not null && database.Snapshot.Facts.Count > 0 && SeedImport.WouldChange(seed, seedHashes, database.Snapshot);
            if (backedUp)
            {
                database.BackupHoldingLock(db, backupBeforeChange!);
            }

            var (report, wroteFacts) = database.InTransaction(db, () =>
            {
                var referenceChanges =
                    UpsertChanged(db.GetCollection(PartiesCollection), seed.Parties.Select(KnowledgeDocuments.FromParty)) +
                    UpsertChanged(db.GetCollection(TopicsCollection), seed.Topics.Select(KnowledgeDocuments.FromTopic)) +
                    UpsertChanged(db.GetCollection(SourcesCollection), seed.Sources.Select(KnowledgeDocuments.FromSource));
                var facts = db.GetCollection(FactsCollection);
                var plan = SeedImport.Plan(seed.Facts, seedHashes, id => facts.FindById(id) is { } document ? KnowledgeDocuments.ToFact(document) : null, now);
                foreach (var fact in plan.Revised)
                {
                    WriteFactWithRevision(db, fact, RevisionAction.Import, Actor.Seed, reason: null);
                }

                foreach (var fact in plan.SeedHashCaughtUp)
                {
                    facts.Update(KnowledgeDocuments.FromFact(fact));
                }

                var report = new ImportReport(plan.Inserted, plan.Updated, plan.Unchanged, referenceChanges, plan.Conflicts);
                return (report, report.ChangedAnything || plan.SeedHashCaughtUp.Count > 0);
            });

            // A seed hash catching up changes no answer, but the snapshot must carry it like the file does.
            if (wroteFacts)
            {
                database.Publish(LoadSnapshot(db), KnowledgeChangeKind.Everything);
            }

            return report with { BackedUpTo = backedUp ? Path.GetFullPath(backupBeforeChange!) : null };
        }, cancellationToken);

    public Task<Fact> SaveAsync(
        Fact fact,
        RevisionAction action,
        Actor actor,
        string? reason = null,
        int? expectedRevision = null,
        Source? newSource = null,
        CancellationToken cancellationToken = default) =>
        database.RunAsync(db =>
        {
            var snapshot = database.Snapshot;
            if (newSource is not null)
            {
                snapshot = snapshot.WithSource(newSource);
            }

            KnowledgeRules.Validate(fact, snapshot);
            var before = snapshot.FactsById.GetValueOrDefault(fact.Id);
            var saved = KnowledgeRules.NextRevision(fact, before, expectedRevision, actor, database.Time.GetUtcNow());
            database.InTransaction(db, () =>
            {
                if (newSource is not null)
                {
                    db.GetCollection(SourcesCollection).Upsert(KnowledgeDocuments.FromSource(newSource));
                }

                WriteFactWithRevision(db, saved, action, actor, reason);
                LiteDbChangeOutbox.Enqueue(db, saved, action, actor, reason);
                return true;
            });

            database.Publish(snapshot.WithFact(saved), KnowledgeChangeKind.Fact, new FactChange(before, saved, action));
            return saved;
        }, cancellationToken);

    public Task<RevisionSummary> RevisionSummaryAsync(CancellationToken cancellationToken = default) =>
        database.RunAsync(db =>
        {
            var revisions = db.GetCollection(RevisionsCollection);
            var moderatorChanges = revisions.Count(Query.Not("action", YamlNames.Of(RevisionAction.Import)));
            var latest = revisions.Find(Query.All("_id"))
                .Select(KnowledgeDocuments.ToRevision)
                .MaxBy(r => r.When);
            return new RevisionSummary(revisions.Count(), moderatorChanges, latest);
        }, cancellationToken);

    private static void WriteFactWithRevision(LiteDatabase db, Fact fact, RevisionAction action, Actor actor, string? reason)
    {
        db.GetCollection(FactsCollection).Upsert(KnowledgeDocuments.FromFact(fact));
        db.GetCollection(RevisionsCollection).Insert(
            KnowledgeDocuments.FromRevision(new FactRevision(fact.Id, fact.Revision, action, actor.DisplayName, fact.UpdatedAt, reason, fact)
            {
                Platform = actor.Platform,
                UserId = actor.UserId,
            }));
    }

    private static int UpsertChanged(ILiteCollection<BsonDocument> collection, IEnumerable<BsonDocument> documents)
    {
        var changed = 0;
        foreach (var document in documents)
        {
            var existing = collection.FindById(document["_id"]);
            if (existing is null || existing != document)
            {
                collection.Upsert(document);
                changed++;
            }
        }

        return changed;
    }
}
