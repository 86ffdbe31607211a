using LiteDB;
using Microsoft.Extensions.DependencyInjection;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Knowledge.LiteDb;

namespace TalksBot.Core.Tests.Knowledge;

/// <summary>When unanswered questions were asked: what /kb stale counts for "the last 30 days".</summary>
public sealed class UnansweredQuestionsTests : IDisposable
{
    private readonly TestKnowledge _knowledge = TestKnowledge.With(TestKnowledge.Small());

    private IFeedbackStore Feedback => _knowledge.Services.GetRequiredService<IFeedbackStore>();

    [Fact]
    public async Task UnansweredSince_AskedAtDifferentTimes_CountsOnlyTheAsksSinceThen()
    {
        await Feedback.RecordUnansweredAsync("Will NATO take in Ukraine?", "test");
        await Feedback.RecordUnansweredAsync("Who wins the Eurovision?", "test");
        _knowledge.Time.Advance(TimeSpan.FromDays(40));
        await Feedback.RecordUnansweredAsync("will nato take in ukraine", "discord");
        _knowledge.Time.Advance(TimeSpan.FromDays(1));
        await Feedback.RecordUnansweredAsync("Will NATO take in Ukraine?", "slack");

        var recent = await Feedback.UnansweredSinceAsync(_knowledge.Time.GetUtcNow().AddDays(-30));
        var all = await Feedback.UnansweredAsync();

        var question = Assert.Single(recent);
        Assert.Equal(("Will NATO take in Ukraine?", 2, "slack"), (question.Text, question.TimesAsked, question.Platform));
        Assert.Equal(_knowledge.Time.GetUtcNow(), question.LastAsked);
        Assert.Equal(3, all.Single(q => q.Text == "Will NATO take in Ukraine?").Count);
        Assert.Equal(2, all.Count);
    }

    [Fact]
    public async Task UnansweredSince_DocumentStoredBeforeAskTimesWereKept_CountsItsLastAsk()
    {
        var now = _knowledge.Time.GetUtcNow();
        await StoreOldFormatAsync("who wins the eurovision", count: 5, lastAsked: now.AddDays(-3));
        await StoreOldFormatAsync("what is the best pancake recipe", count: 2, lastAsked: now.AddDays(-45));

        var before = await Feedback.UnansweredSinceAsync(now.AddDays(-30));
        await Feedback.RecordUnansweredAsync("Who wins the Eurovision?", "test");
        var after = await Feedback.UnansweredSinceAsync(now.AddDays(-30));

        var question = Assert.Single(before);
        Assert.Equal(("who wins the eurovision", 1), (question.Text, question.TimesAsked));
        Assert.Equal(2, Assert.Single(after).TimesAsked);
        Assert.Equal(6, (await Feedback.UnansweredAsync()).Single(q => q.Text == "Who wins the Eurovision?").Count);
    }

    [Fact]
    public async Task RecordUnanswered_AskedMoreOftenThanKept_KeepsCountingAndRemembersTheLatestAsks()
    {
        var first = _knowledge.Time.GetUtcNow();
        for (var i = 0; i < IFeedbackStore.MaxKeptAskTimes + 5; i++)
        {
            await Feedback.RecordUnansweredAsync("Who wins the Eurovision?", "test");
            _knowledge.Time.Advance(TimeSpan.FromMinutes(1));
        }

        var recent = Assert.Single(await Feedback.UnansweredSinceAsync(first));
        var lastTen = Assert.Single(await Feedback.UnansweredSinceAsync(_knowledge.Time.GetUtcNow().AddMinutes(-10)));

        Assert.Equal(IFeedbackStore.MaxKeptAskTimes, recent.TimesAsked);
        Assert.Equal(10, lastTen.TimesAsked);
        Assert.Equal(IFeedbackStore.MaxKeptAskTimes + 5, Assert.Single(await Feedback.UnansweredAsync()).Count);
    }

    public void Dispose() => _knowledge.Dispose();

    /// <summary>An unanswered question as TalksBot stored it before it kept ask times: a count, first and last ask.</summary>
    private Task<BsonValue> StoreOldFormatAsync(string text, int count, DateTimeOffset lastAsked) =>
        _knowledge.Services.GetRequiredService<LiteDbKnowledgeDatabase>().RunAsync(
            db => db.GetCollection(LiteDbKnowledgeDatabase.UnansweredCollection).Insert(new BsonDocument
            {
                ["_id"] = text,
                ["text"] = text,
                ["count"] = count,
                ["firstAsked"] = lastAsked.AddDays(-100).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["lastAsked"] = lastAsked.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["platform"] = "test",
            }),
            CancellationToken.None);
}
