using System.Globalization;
using LiteDB;
using TalksBot.Core.Knowledge.Yaml;

namespace TalksBot.Core.Knowledge.LiteDb;

/// <summary>Explicit mapping between the knowledge records and LiteDB documents; no reflection, so the file format is ours.</summary>
internal static class KnowledgeDocuments
{
    public static BsonDocument FromParty(Party party) => new()
    {
        ["_id"] = party.Id,
        ["name"] = party.Name,
        ["aliases"] = Strings(party.Aliases),
    };

    public static Party ToParty(BsonDocument doc) =>
        new(doc["_id"].AsString, doc["name"].AsString, Strings(doc["aliases"]));

    public static BsonDocument FromTopic(Topic topic) => new()
    {
        ["_id"] = topic.Id,
        ["title"] = topic.Title,
        ["description"] = topic.Description,
        ["aliases"] = Strings(topic.Aliases),
    };

    public static Topic ToTopic(BsonDocument doc) =>
        new(doc["_id"].AsString, doc["title"].AsString, doc["description"].AsString, Strings(doc["aliases"]));

    public static BsonDocument FromSource(Source source) => new()
    {
        ["_id"] = source.Id,
        ["title"] = source.Title,
        ["publisher"] = source.Publisher,
        ["url"] = source.Url,
        ["published"] = source.Published is { } date ? Date(date) : BsonValue.Null,
        ["publishedPrecision"] = Precision(source.PublishedPrecision),
        ["reliability"] = YamlNames.Of(source.Reliability),
        ["note"] = source.Note,
    };

    public static Source ToSource(BsonDocument doc) => new(
        doc["_id"].AsString,
        doc["title"].AsString,
        doc["publisher"].AsString,
        doc["url"].AsString,
        doc["published"].IsNull ? null : Date(doc["published"].AsString),
        Enum<SourceReliability>(doc["reliability"]),
        NullableString(doc["note"]))
    {
        PublishedPrecision = Precision(doc["publishedPrecision"]),
    };

    public static BsonDocument FromFact(Fact fact) => new()
    {
        ["_id"] = fact.Id,
        ["kind"] = YamlNames.Of(fact.Kind),
        ["party"] = fact.Party,
        ["involves"] = Strings(fact.Involves),
        ["topic"] = fact.Topic,
        ["asOf"] = Date(fact.AsOf),
        ["asOfPrecision"] = Precision(fact.AsOfPrecision),
        ["rank"] = YamlNames.Of(fact.Rank),
        ["supersededBy"] = fact.SupersededBy,
        ["status"] = YamlNames.Of(fact.Status),
        ["retractionReason"] = fact.RetractionReason,
        ["text"] = fact.Text,
        ["sources"] = new BsonArray(fact.Sources.Select(s => new BsonDocument { ["id"] = s.SourceId, ["quote"] = s.Quote })),
        ["revision"] = fact.Revision,
        ["updatedBy"] = fact.UpdatedBy,
        ["updatedAt"] = fact.UpdatedAt.ToString("O", CultureInfo.InvariantCulture),
        ["origin"] = YamlNames.Of(fact.Origin),
        ["seedHash"] = fact.SeedHash,
    };

    public static Fact ToFact(BsonDocument doc) => new()
    {
        Id = doc["_id"].AsString,
        Kind = Enum<FactKind>(doc["kind"]),
        Party = NullableString(doc["party"]),
        Involves = Strings(doc["involves"]),
        Topic = doc["topic"].AsString,
        AsOf = Date(doc["asOf"].AsString),
        AsOfPrecision = Precision(doc["asOfPrecision"]),
        Rank = Enum<FactRank>(doc["rank"]),
        SupersededBy = NullableString(doc["supersededBy"]),
        Status = Enum<FactStatus>(doc["status"]),
        RetractionReason = NullableString(doc["retractionReason"]),
        Text = doc["text"].AsString,
        Sources = doc["sources"].AsArray
            .Select(s => new SourceRef(s["id"].AsString, NullableString(s["quote"])))
            .ToList(),
        Revision = doc["revision"].AsInt32,
        UpdatedBy = doc["updatedBy"].AsString,
        UpdatedAt = DateTimeOffset.Parse(doc["updatedAt"].AsString, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        Origin = Enum<FactOrigin>(doc["origin"]),
        SeedHash = NullableString(doc["seedHash"]),
    };

    public static BsonDocument FromRevision(FactRevision revision) => new()
    {
        ["_id"] = RevisionId(revision.FactId, revision.Revision),
        ["factId"] = revision.FactId,
        ["revision"] = revision.Revision,
        ["action"] = YamlNames.Of(revision.Action),
        ["who"] = revision.Who,
        ["when"] = revision.When.ToString("O", CultureInfo.InvariantCulture),
        ["reason"] = revision.Reason,
        ["platform"] = revision.Platform,
        ["userId"] = revision.UserId,
        ["snapshot"] = FromFact(revision.Snapshot),
    };

    public static FactRevision ToRevision(BsonDocument doc) => new(
        doc["factId"].AsString,
        doc["revision"].AsInt32,
        Enum<RevisionAction>(doc["action"]),
        doc["who"].AsString,
        DateTimeOffset.Parse(doc["when"].AsString, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        NullableString(doc["reason"]),
        ToFact(doc["snapshot"].AsDocument))
    {
        Platform = doc["platform"].IsNull ? "" : doc["platform"].AsString,
        UserId = doc["userId"].IsNull ? "" : doc["userId"].AsString,
    };

    public static string RevisionId(string factId, int revision) =>
        string.Create(CultureInfo.InvariantCulture, $"{factId}@{revision:D6}");

    private static BsonArray Strings(IReadOnlyList<string> values) => new(values.Select(v => new BsonValue(v)));

    private static List<string> Strings(BsonValue value) =>
        value.IsArray ? value.AsArray.Select(v => v.AsString).ToList() : [];

    private static string? NullableString(BsonValue value) => value.IsNull ? null : value.AsString;

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly Date(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// A date's precision is a field of its own (absent for a day), so the date field keeps the form every version of
    /// TalksBot reads, and a database written before precision existed reads as day-precise.
    /// </summary>
    private static BsonValue Precision(DatePrecision precision) =>
        precision == DatePrecision.Day ? BsonValue.Null : YamlNames.Of(precision);

    private static DatePrecision Precision(BsonValue value) =>
        value.IsNull ? DatePrecision.Day : Enum<DatePrecision>(value);

    private static TEnum Enum<TEnum>(BsonValue value)
        where TEnum : struct, Enum =>
        YamlNames.TryParse<TEnum>(value.AsString, out var parsed)
            ? parsed
            : throw new InvalidDataException($"The database holds an unknown {typeof(TEnum).Name} '{value.AsString}'.");
}
