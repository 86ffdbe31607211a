using System.Globalization;
using LiteDB;
using static TalksBot.Core.Knowledge.LiteDb.LiteDbKnowledgeDatabase;

namespace TalksBot.Core.Knowledge.LiteDb;

/// <summary>Members' verdicts on answers and the questions the bot could not answer, in the LiteDB file.</summary>
internal sealed class LiteDbFeedbackStore(LiteDbKnowledgeDatabase database) : IFeedbackStore
{
    private const int MaxStoredQuestionLength = 500;

    public Task RecordFeedbackAsync(string factId, bool helpful, string userId, string platform, CancellationToken cancellationToken = default)
    {
        var now = database.Time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        return database.RunAsync(db => database.InTransaction(db, () => db.GetCollection(FeedbackCollection).Upsert(new BsonDocument
        {
            ["_id"] = $"{platform}:{userId}:{factId}",
            ["factId"] = factId,
            ["helpful"] = helpful,
            ["userId"] = userId,
            ["platform"] = platform,
            ["when"] = now,
        })), cancellationToken);
    }

    public Task RecordUnansweredAsync(string question, string platform, CancellationToken cancellationToken = default)
    {
        var text = question.Trim();
        if (text.Length == 0)
        {
            return Task.CompletedTask;
        }

        text = text.Length > MaxStoredQuestionLength ? text[..MaxStoredQuestionLength] : text;
        var key = string.Join(' ', text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).TrimEnd('?', '!', '.', ' ');
        var now = database.Time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        return database.RunAsync(db => database.InTransaction(db, () =>
        {
            var collection = db.GetCollection(UnansweredCollection);
            var existing = collection.FindById(key);
            return collection.Upsert(new BsonDocument
            {
                ["_id"] = key,
                ["text"] = text,
                ["count"] = (existing?["count"].AsInt32 ?? 0) + 1,
                ["firstAsked"] = existing?["firstAsked"] ?? now,
                ["lastAsked"] = now,
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
                .Select(d => new UnansweredQuestion(
                    d["text"].AsString,
                    d["count"].AsInt32,
                    DateTimeOffset.Parse(d["lastAsked"].AsString, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                    d["platform"].AsString))
                .OrderByDescending(q => q.Count)
                .ThenByDescending(q => q.LastAsked)
                .Take(limit)
                .ToList(),
            cancellationToken);
}
