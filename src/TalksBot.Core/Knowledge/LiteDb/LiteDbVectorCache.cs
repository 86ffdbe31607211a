using System.Runtime.InteropServices;
using LiteDB;
using static TalksBot.Core.Knowledge.LiteDb.LiteDbKnowledgeDatabase;

namespace TalksBot.Core.Knowledge.LiteDb;

/// <summary>Sentence vectors in the LiteDB file, as raw little-endian floats keyed by a hash of model and text.</summary>
internal sealed class LiteDbVectorCache(LiteDbKnowledgeDatabase database) : IVectorCache
{
    /// <summary>Above this many keys one scan of the collection beats a lookup per key.</summary>
    private const int ScanAbove = 64;

    public Task<Dictionary<string, float[]>> LoadAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default) =>
        database.RunAsync(db =>
        {
            var collection = db.GetCollection(VectorsCollection);
            var found = new Dictionary<string, float[]>(keys.Count, StringComparer.Ordinal);
            IEnumerable<BsonDocument> documents = keys.Count > ScanAbove
                ? collection.FindAll()
                : keys.Select(k => collection.FindById(k)).OfType<BsonDocument>();
            var wanted = keys as ISet<string> ?? keys.ToHashSet(StringComparer.Ordinal);
            foreach (var document in documents)
            {
                var key = document["_id"].AsString;
                if (wanted.Contains(key))
                {
                    found[key] = MemoryMarshal.Cast<byte, float>(document["v"].AsBinary).ToArray();
                }
            }

            return found;
        }, cancellationToken);

    public Task SaveAsync(IReadOnlyDictionary<string, float[]> vectors, CancellationToken cancellationToken = default) =>
        database.RunAsync(db => database.InTransaction(db, () =>
        {
            var collection = db.GetCollection(VectorsCollection);
            foreach (var (key, vector) in vectors)
            {
                collection.Upsert(new BsonDocument { ["_id"] = key, ["v"] = MemoryMarshal.AsBytes(vector.AsSpan()).ToArray() });
            }

            return vectors.Count;
        }), cancellationToken);
}
