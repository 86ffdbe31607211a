using System.Globalization;
using LiteDB;
using static TalksBot.Core.Knowledge.LiteDb.LiteDbKnowledgeDatabase;

namespace TalksBot.Core.Knowledge.LiteDb;

/// <summary>Members' verdicts on answers and the questions the bot could not answer, in the LiteDB file.</summary>
internal sealed class LiteDbFeedbackStore(LiteDbKnowledgeDatabase database) : IFeedbackStore
{
    public Task RecordFeedbackAsync(string factId, bool helpful, string userId, string platform, CancellationToken cancellationToken = default)
    {
        var now = database.Time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        return database.RunAsync(db => database.InTransaction(db, () => db.GetCollection(FeedbackCollection).Upsert(new BsonDocument
        {
            ["_id"] = UnansweredQuestionText.FeedbackKey(platform, userId, factId),
            ["factId"] = factId,
            ["helpful"] = helpful,
            ["userId"] = userId,
            ["platform"] = platform,
            ["when"] = now,
        })), cancellationToken);
    }

    public Task RecordUnansweredAsync(string question, string platform, CancellationToken cancellationToken = default)
    {
        if (UnansweredQuestionText.Prepare(question) is not { } prepared)
        {
            return Task.CompletedTask;
        }

        var (text, key) = prepared;
        var now = database.Time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        return database.RunAsync(db => database.InTransaction(db, () =>
        {
            var collection = db.GetCollection(UnansweredCollection);
            var existing = collection.FindById(key);
            // A document written before ask times were kept has no "asked": its list starts from its last ask.
            var earlier = existing is null ? [] : AskTimes(existing);
            var kept = new BsonArray(earlier.Skip(Math.Max(0, earlier.Count - (IFeedbackStore.MaxKeptAskTimes - 1))));
            kept.Add(now);
            return collection.Upsert(new BsonDocument
            {
                ["_id"] = key,
                ["text"] = text,
                ["count"] = (existing?["count"].AsInt32 ?? 0) + 1,
                ["firstAsked"] = existing?["firstAsked"] ?? now,
                ["lastAsked"] = now,
                ["asked"] = kept,
                ["platform"] = platform,
            });
        }), cancellationToken);
    }

    public Task<IReadOnlyList<FactFeedback>> FeedbackAsync(CancellationToken cancellationToken = default) =>
        database.RunAsync<IReadOnlyList<FactFeedback>>(
            db => db.GetCollection(FeedbackCollection).FindAll()
                .GroupBy(d => d["factId"].AsString)
                .Select(g => new FactFeedback(g.Key, g.Count(d => d["helpful"].AsBoolean), g.Count(d => !d["helpful"].AsBoolean)))
                .OrderByDescending(f => f.NotHelpful)
                .ThenBy(f => f.FactId, StringComparer.Ordinal)
                .ToList(),
            cancellationToken);

    public Task<IReadOnlyList<UnansweredQuestion>> UnansweredAsync(int limit = 20, CancellationToken cancellationToken = default) =>
        database.RunAsync<IReadOnlyList<UnansweredQuestion>>(
            db => db.GetCollection(UnansweredCollection).FindAll()
                .Select(d => new UnansweredQuestion(d["text"].AsString, d["count"].AsInt32, Time(d["lastAsked"]), d["platform"].AsString))
                .OrderByDescending(q => q.Count)
                .ThenByDescending(q => q.LastAsked)
                .Take(limit)
                .ToList(),
            cancellationToken);

    public Task<IReadOnlyList<RecentUnansweredQuestion>> UnansweredSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default) =>
        database.RunAsync<IReadOnlyList<RecentUnansweredQuestion>>(
            db => db.GetCollection(UnansweredCollection).FindAll()
                .Select(d => new RecentUnansweredQuestion(d["text"].AsString, TimesAskedSince(d, since), Time(d["lastAsked"]), d["platform"].AsString))
                .Where(q => q.TimesAsked > 0)
                .OrderByDescending(q => q.TimesAsked)
                .ThenByDescending(q => q.LastAsked)
                .ToList(),
            cancellationToken);

    private static int TimesAskedSince(BsonDocument question, DateTimeOffset since) => AskTimes(question).Count(t => Time(t) >= since);

    /// <summary>When a question was asked, oldest first; only its last ask for a document stored before ask times were kept.</summary>
    private static BsonArray AskTimes(BsonDocument question) =>
        question["asked"] is { IsArray: true } asked ? asked.AsArray : [question["lastAsked"]];

    private static DateTimeOffset Time(BsonValue value) =>
        DateTimeOffset.Parse(value.AsString, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
