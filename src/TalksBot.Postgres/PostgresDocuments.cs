using LiteDB;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Knowledge.LiteDb;

namespace TalksBot.Postgres;

/// <summary>
/// Knowledge records as <c>jsonb</c> documents: the same explicit mapping the LiteDB file uses
/// (<see cref="KnowledgeDocuments"/>), written as JSON. One mapping for both engines means a field added to a fact
/// reaches both, and <c>migrate</c> copies documents as they are.
/// </summary>
internal static class PostgresDocuments
{
    public static string Json(BsonDocument document) => JsonSerializer.Serialize(document);

    public static BsonDocument Document(string json) => JsonSerializer.Deserialize(json).AsDocument;

    public static string FromFact(Fact fact) => Json(KnowledgeDocuments.FromFact(fact));

    public static Fact ToFact(string json) => KnowledgeDocuments.ToFact(Document(json));

    public static string FromRevision(FactRevision revision) => Json(KnowledgeDocuments.FromRevision(revision));

    public static FactRevision ToRevision(string json) => KnowledgeDocuments.ToRevision(Document(json));

    public static string FromSource(Source source) => Json(KnowledgeDocuments.FromSource(source));

    public static Source ToSource(string json) => KnowledgeDocuments.ToSource(Document(json));

    public static string FromParty(Party party) => Json(KnowledgeDocuments.FromParty(party));

    public static Party ToParty(string json) => KnowledgeDocuments.ToParty(Document(json));

    public static string FromTopic(Topic topic) => Json(KnowledgeDocuments.FromTopic(topic));

    public static Topic ToTopic(string json) => KnowledgeDocuments.ToTopic(Document(json));
}
