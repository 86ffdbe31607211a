using static TalksBot.Core.Knowledge.LiteDb.LiteDbKnowledgeDatabase;

namespace TalksBot.Core.Knowledge.LiteDb;

/// <summary>Sources in the LiteDB file (a source first cited by a fact is saved by <see cref="LiteDbFactStore"/>, with the fact).</summary>
internal sealed class LiteDbSourceStore(LiteDbKnowledgeDatabase database) : ISourceStore
{
    public Task SaveAsync(Source source, CancellationToken cancellationToken = default) =>
        database.RunAsync(db =>
        {
            database.InTransaction(db, () => db.GetCollection(SourcesCollection).Upsert(KnowledgeDocuments.FromSource(source)));
            database.Publish(database.Snapshot.WithSource(source), KnowledgeChangeKind.Sources);
        }, cancellationToken);
}
