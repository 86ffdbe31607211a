using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Moderation;
using TalksBot.Core.Search;

namespace TalksBot.Core.Tests.Knowledge;

/// <summary>
/// Saved changes reach the indexes and the change notifier through the change feed, off the moderator's request: a
/// follower that fails or lags never turns a committed save into an error.
/// </summary>
public sealed class KnowledgeChangeFeedTests
{
    private const string Edit = "/fact edit ru-land text:\"Russia demands a referendum in every occupied region.\"";

    [Fact]
    public async Task FactEdit_WhenAFollowerThrows_IsReportedSaved_AndTheOthersStillFollowIt()
    {
        var logs = new RecordingLoggerProvider();
        using var knowledge = TestKnowledge.With(TestKnowledge.Small(), configure: services =>
        {
            services.AddSingleton<ILoggerProvider>(logs);
            Follow(services, new ThrowingFollower());
        });

        var reply = await knowledge.ModerateAsync(Edit);
        var answer = await knowledge.Queries.AskAsync("Is there a referendum in the occupied regions?");

        Assert.Equal("Saved: ru-land (revision 2)", reply.Cards[0].Title);
        Assert.Equal("ru-land", answer.Results[0].Fact.Id);
        Assert.Contains("referendum", answer.Results[0].Fact.Text, StringComparison.Ordinal);
        var logged = Assert.Single(logs.Entries, e => e.Level == LogLevel.Error && e.Category.EndsWith(nameof(KnowledgeChangeDispatcher), StringComparison.Ordinal));
        Assert.Contains(nameof(ThrowingFollower), logged.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(logged.Exception);
    }

    [Fact]
    public async Task FactEdit_WhileAFollowerHangs_IsReportedSavedWithinASecond()
    {
        var hanging = new HangingFollower();
        using var knowledge = TestKnowledge.With(TestKnowledge.Small(), configure: services => Follow(services, hanging));

        var editing = knowledge.ModerateAsync(Edit);
        await hanging.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // The save waits for the indexes on the bot's clock: a second of it passes, the follower still hangs.
        Assert.True(SpinWait.SpinUntil(
            () =>
            {
                knowledge.Time.Advance(FactEditor.IndexCatchUp);
                return editing.IsCompleted;
            },
            TimeSpan.FromSeconds(30)));
        var reply = await editing;
        hanging.Release.SetResult();
        await knowledge.IndexCaughtUpAsync();

        Assert.Equal("Saved: ru-land (revision 2)", reply.Cards[0].Title);
        Assert.Equal("Russia demands a referendum in every occupied region.", knowledge.Store.Snapshot.FactsById["ru-land"].Text);
    }

    [Fact]
    public async Task WaitForAsync_CompletesOnceEveryFollowerAppliedTheChange_InCommitOrder()
    {
        var recording = new RecordingFollower();
        using var knowledge = TestKnowledge.With(TestKnowledge.Small(), configure: services => Follow(services, recording));
        var fact = knowledge.Store.Snapshot.FactsById["ua-land"];

        for (var i = 1; i <= 5; i++)
        {
            knowledge.Store.Save(fact with { Text = $"Ukraine will not cede land, edit {i}." }, RevisionAction.Edit, "mod");
        }

        var last = knowledge.Changes.LastPublished;
        await knowledge.Changes.WaitForAsync(last).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(knowledge.Changes.LastApplied >= last);
        var sequences = recording.Changes.Select(c => c.Sequence).ToList();
        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(sequences.Distinct(), sequences);
        Assert.Equal("Ukraine will not cede land, edit 5.", recording.Changes.Last(c => c.Fact is not null).Fact!.After.Text);
        Assert.Equal(5, recording.Changes.Count(c => c.Kind == KnowledgeChangeKind.Fact));
    }

    [Fact]
    public async Task SaveSource_IsStoredAndReachesTheAnswersSnapshot()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());
        var source = new Source("reuters-1", "Talks resume", "Reuters", "https://example.org/reuters", new DateOnly(2026, 3, 1), SourceReliability.Normal, null);

        await knowledge.Services.GetRequiredService<ISourceStore>().SaveAsync(source);
        await knowledge.IndexCaughtUpAsync();

        Assert.Equal(source, knowledge.Store.Snapshot.SourcesById["reuters-1"]);
        Assert.Equal(source, knowledge.Queries.Knowledge.SourcesById["reuters-1"]);
    }

    /// <summary>Puts <paramref name="follower"/> first among the followers of the store, before the indexes and the notifier.</summary>
    private static void Follow(IServiceCollection services, IKnowledgeChangeHandler follower) =>
        services.AddSingleton(sp => new KnowledgeChangeDispatcher(
            sp.GetRequiredService<KnowledgeChangeFeed>(),
            [follower, sp.GetRequiredService<FactIndex>(), sp.GetRequiredService<ChangeNotifier>()],
            sp.GetRequiredService<ILogger<KnowledgeChangeDispatcher>>()));

    private sealed class ThrowingFollower : IKnowledgeChangeHandler
    {
        public Task ApplyAsync(IReadOnlyList<KnowledgeChange> changes, CancellationToken cancellationToken) =>
            changes.Any(c => c.Kind == KnowledgeChangeKind.Fact) ? throw new InvalidOperationException("the index broke") : Task.CompletedTask;
    }

    private sealed class HangingFollower : IKnowledgeChangeHandler
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task ApplyAsync(IReadOnlyList<KnowledgeChange> changes, CancellationToken cancellationToken)
        {
            if (changes.Any(c => c.Kind == KnowledgeChangeKind.Fact))
            {
                Entered.TrySetResult();
                await Release.Task.WaitAsync(cancellationToken);
            }
        }
    }

    private sealed class RecordingFollower : IKnowledgeChangeHandler
    {
        public List<KnowledgeChange> Changes { get; } = [];

        public Task ApplyAsync(IReadOnlyList<KnowledgeChange> changes, CancellationToken cancellationToken)
        {
            Changes.AddRange(changes);
            return Task.CompletedTask;
        }
    }
}
