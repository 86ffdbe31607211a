using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TalksBot.Core.Delivery;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Knowledge.Yaml;
using TalksBot.Testing;

namespace TalksBot.Postgres.Tests.Contract;

/// <summary>
/// What every knowledge engine does, whatever it stores the knowledge in: revisions, restore, conflicts, import
/// idempotence, export byte-stability, the outbox, subscriptions, feedback, unanswered questions, the vector cache and
/// the delivery log. Each engine runs these tests through a subclass that says how to make an empty knowledge base and
/// how to point Core at it; the tests see only Core's store interfaces, never an engine's types.
/// </summary>
/// <remarks>
/// A session is Core composed as in production over one knowledge base, with a fake clock shared by every session of a
/// test (so time goes on across a restart). Disposing a session is the process stopping; opening the same knowledge
/// base again is the process restarting. Nothing is started in the background (no index, no change notifier), so the
/// outbox keeps what a save queued and the change feed keeps what a store published until a test takes it.
/// </remarks>
public abstract class KnowledgeStoreContract
{
    /// <summary>A moderator on Discord, as the history shows them.</summary>
    protected static readonly Actor Moderator = new("discord", "4242", "Mod Anna");

    /// <summary>A second moderator, on Slack.</summary>
    protected static readonly Actor OtherModerator = new("slack", "U777", "Mod Boris");

    private static readonly Lazy<KnowledgeSet> RepositoryKnowledge = new(() => KnowledgeYamlReader.ReadDirectory(RepositoryPaths.Knowledge));

    /// <summary>The clock of every session of one test: it is not the machine's, and it goes on across a restart.</summary>
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 12, 9, 0, 0, TimeSpan.Zero));

    /// <summary>A new, empty knowledge base of this engine: a database file path, or a connection string.</summary>
    protected abstract Task<string> NewKnowledgeBaseAsync();

    /// <summary>Configuration that points Core at it (merged over StoredKnowledge.Compose's defaults).</summary>
    protected abstract IDictionary<string, string?> SettingsFor(string knowledgeBase);

    /// <summary>Registers the engine's stores after AddTalksBotCore (nothing for LiteDB, the default).</summary>
    protected abstract void AddEngine(IServiceCollection services);

    /// <summary>
    /// Starts Core over <paramref name="knowledgeBase"/>, as a bot process does: <c>Knowledge:DatabasePath</c> is the
    /// knowledge base unless <see cref="SettingsFor"/> says otherwise, the clock is <see cref="Time"/>, and the stores
    /// are opened before this returns (so a knowledge base that cannot be opened fails here).
    /// </summary>
    protected Task<KnowledgeSession> OpenAsync(string knowledgeBase)
    {
        var services = StoredKnowledge.Compose(knowledgeBase, embeddings: false, SettingsFor(knowledgeBase));

        // AddTalksBotCore adds the system clock with AddSingleton (not TryAdd): the last registration is the one resolved.
        services.AddSingleton<TimeProvider>(Time);
        AddEngine(services);
        var provider = services.BuildServiceProvider();
        try
        {
            var session = new KnowledgeSession(knowledgeBase, provider);
            _ = session.Facts.Snapshot;
            return Task.FromResult(session);
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }

    /// <summary>A session over a new, empty knowledge base.</summary>
    protected async Task<KnowledgeSession> OpenNewAsync() => await OpenAsync(await NewKnowledgeBaseAsync());

    /// <summary>A session over a new knowledge base with <see cref="SmallSeed"/> imported (revision 1 of each fact), its feed emptied.</summary>
    protected async Task<KnowledgeSession> OpenSeededAsync(params Fact[] extraFacts)
    {
        var session = await OpenNewAsync();
        try
        {
            await session.Facts.ImportAsync(SmallSeed(extraFacts));
            session.TakePublishedChanges();
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops <paramref name="session"/>'s process and starts a new one over the same knowledge base.</summary>
    protected async Task<KnowledgeSession> RestartAsync(KnowledgeSession session)
    {
        await session.DisposeAsync();
        return await OpenAsync(session.KnowledgeBase);
    }

    /// <summary>Two parties, two topics, one source and two facts: enough for every store behaviour.</summary>
    protected static KnowledgeSet SmallSeed(params Fact[] extraFacts) => new(
        [new Party("russia", "Russia", ["Kremlin", "Moscow"]), new Party("ukraine", "Ukraine", ["Kyiv", "Zelenskyy"])],
        [new Topic("territory", "Territory", "Who gets which land.", ["land"]), new Topic("nato", "NATO", "Membership and neutrality.", ["alliance"])],
        [new Source("ap-1", "Where things stand", "AP", "https://example.org/ap", new DateOnly(2025, 12, 15), SourceReliability.Normal, null)],
        [
            SmallFact("ru-land", "russia", "territory", "Russia demands all of Donetsk and Luhansk."),
            SmallFact("ua-land", "ukraine", "territory", "Ukraine will not formally cede occupied land."),
            .. extraFacts,
        ]);

    /// <summary>A fact citing the seed's one source.</summary>
    protected static Fact SmallFact(string id, string? party, string topic, string text) => new()
    {
        Id = id,
        Kind = FactKind.Position,
        Party = party,
        Topic = topic,
        AsOf = new DateOnly(2025, 12, 15),
        Text = text,
        Sources = [new SourceRef("ap-1")],
    };

    [Fact]
    public async Task Import_NewKnowledgeBase_StoresEveryFactWithAnImportRevision()
    {
        await using var session = await OpenNewAsync();

        var report = await session.Facts.ImportAsync(SmallSeed());

        Assert.Equal((2, 0, 0, 5), (report.FactsInserted, report.FactsUpdated, report.FactsUnchanged, report.ReferenceDataChanged));
        Assert.Empty(report.Conflicts);
        Assert.Equal(["ru-land", "ua-land"], session.Snapshot.Facts.Select(f => f.Id));
        foreach (var fact in session.Snapshot.Facts)
        {
            Assert.Equal((1, "seed", Time.GetUtcNow(), FactOrigin.Seed), (fact.Revision, fact.UpdatedBy, fact.UpdatedAt, fact.Origin));
            var revision = Assert.Single(await session.Facts.HistoryAsync(fact.Id));
            Assert.Equal((1, RevisionAction.Import, "seed", Time.GetUtcNow(), null), (revision.Revision, revision.Action, revision.Who, revision.When, revision.Reason));
            Assert.Equal(fact.Text, revision.Snapshot.Text);
        }

        // Seed files are not news: subscribed channels hear of moderators' changes only.
        Assert.Empty(await session.Outbox.PendingAsync());
    }

    [Fact]
    public async Task Import_SameSeedTwice_ChangesNothing()
    {
        await using var session = await OpenSeededAsync();
        Time.Advance(TimeSpan.FromHours(1));

        var second = await session.Facts.ImportAsync(SmallSeed());

        Assert.Equal((0, 0, 2, 0), (second.FactsInserted, second.FactsUpdated, second.FactsUnchanged, second.ReferenceDataChanged));
        Assert.False(second.ChangedAnything);
        Assert.Single(await session.Facts.HistoryAsync("ru-land"));
        Assert.Equal(Time.GetUtcNow() - TimeSpan.FromHours(1), session.Snapshot.FactsById["ru-land"].UpdatedAt);
        Assert.Equal(2, (await session.Facts.RevisionSummaryAsync()).Revisions);
        Assert.Empty(session.TakePublishedChanges());
    }

    [Fact]
    public async Task Import_SeedChangedWithoutModeratorEdit_UpdatesTheFactWithANewRevision()
    {
        await using var session = await OpenSeededAsync();
        Time.Advance(TimeSpan.FromDays(1));

        var report = await session.Facts.ImportAsync(WithText(SmallSeed(), "ru-land", "Russia demands all four regions."));

        Assert.Equal((0, 1, 1), (report.FactsInserted, report.FactsUpdated, report.FactsUnchanged));
        var fact = session.Snapshot.FactsById["ru-land"];
        Assert.Equal(("Russia demands all four regions.", 2, FactOrigin.Seed, Time.GetUtcNow()), (fact.Text, fact.Revision, fact.Origin, fact.UpdatedAt));
        var history = await session.Facts.HistoryAsync("ru-land");
        Assert.Equal([(1, RevisionAction.Import), (2, RevisionAction.Import)], history.Select(r => (r.Revision, r.Action)));
        Assert.Equal("Russia demands all four regions.", history[^1].Snapshot.Text);
    }

    [Fact]
    public async Task Import_SeedChangedAfterModeratorEdit_KeepsTheModeratorTextAndReportsTheConflict()
    {
        await using var session = await OpenSeededAsync();
        Time.Advance(TimeSpan.FromHours(2));
        var edited = await session.Facts.SaveAsync(session.Snapshot.FactsById["ru-land"] with { Text = "Moderator: Russia demands all of Donbas." }, RevisionAction.Edit, Moderator, "newer source", expectedRevision: 1);
        Time.Advance(TimeSpan.FromHours(2));

        var report = await session.Facts.ImportAsync(WithText(SmallSeed(), "ru-land", "Seed: Russia demands Donetsk."));

        var conflict = Assert.Single(report.Conflicts);
        Assert.Equal(("ru-land", "Mod Anna", edited.UpdatedAt), (conflict.FactId, conflict.EditedBy, conflict.EditedAt));
        Assert.Equal("Moderator: Russia demands all of Donbas.", session.Snapshot.FactsById["ru-land"].Text);
        Assert.Equal(2, (await session.Facts.HistoryAsync("ru-land")).Count);

        await using var restarted = await RestartAsync(session);
        Assert.Equal("Moderator: Russia demands all of Donbas.", restarted.Snapshot.FactsById["ru-land"].Text);
    }

    [Fact]
    public async Task Import_UnchangedSeedAfterModeratorEdit_KeepsTheEditWithoutConflict()
    {
        await using var session = await OpenSeededAsync();
        await session.Facts.SaveAsync(session.Snapshot.FactsById["ua-land"] with { Text = "Edited by a moderator." }, RevisionAction.Edit, Moderator, expectedRevision: 1);

        var report = await session.Facts.ImportAsync(SmallSeed());

        Assert.Empty(report.Conflicts);
        Assert.False(report.ChangedAnything);
        Assert.Equal("Edited by a moderator.", session.Snapshot.FactsById["ua-land"].Text);
    }

    [Fact]
    public async Task Import_FilesThatCaughtUpWithAnEdit_AreNoConflictAfterARestartAndTheNextEdit()
    {
        await using var session = await OpenSeededAsync();
        var edited = await session.Facts.SaveAsync(session.Snapshot.FactsById["ru-land"] with { Text = "Moderator: Russia demands all of Donbas." }, RevisionAction.Edit, Moderator);
        var exported = WithText(SmallSeed(), "ru-land", edited.Text);
        var caughtUp = await session.Facts.ImportAsync(exported);
        await using var restarted = await RestartAsync(session);
        await restarted.Facts.SaveAsync(restarted.Snapshot.FactsById["ru-land"] with { Text = "Moderator again: Russia demands Donbas and more." }, RevisionAction.Edit, Moderator);

        var again = await restarted.Facts.ImportAsync(exported);

        Assert.Equal((0, 0, 2), (caughtUp.FactsInserted, caughtUp.FactsUpdated, caughtUp.FactsUnchanged));
        Assert.Empty(again.Conflicts);
        Assert.Equal("Moderator again: Russia demands Donbas and more.", restarted.Snapshot.FactsById["ru-land"].Text);
        Assert.Equal(3, (await restarted.Facts.HistoryAsync("ru-land")).Count);
    }

    [Fact]
    public async Task Save_Edits_WriteFactAndRevisionTogether_WithWhoWhenAndWhyInOrder()
    {
        await using var session = await OpenSeededAsync();
        var seeded = Time.GetUtcNow();
        Time.Advance(TimeSpan.FromMinutes(5));
        var first = await session.Facts.SaveAsync(session.Snapshot.FactsById["ru-land"] with { Text = "First edit." }, RevisionAction.Edit, Moderator, "newer source", expectedRevision: 1);
        Time.Advance(TimeSpan.FromMinutes(5));

        var second = await session.Facts.SaveAsync(first with { Rank = FactRank.Deprecated }, RevisionAction.Deprecate, OtherModerator, reason: null, expectedRevision: 2);

        Assert.Equal((2, "Mod Anna", seeded.AddMinutes(5), FactOrigin.Moderator), (first.Revision, first.UpdatedBy, first.UpdatedAt, first.Origin));
        Assert.Equal((3, "Mod Boris", Time.GetUtcNow()), (second.Revision, second.UpdatedBy, second.UpdatedAt));
        var stored = session.Snapshot.FactsById["ru-land"];
        Assert.Equal((3, FactRank.Deprecated, "First edit."), (stored.Revision, stored.Rank, stored.Text));
        var history = await session.Facts.HistoryAsync("ru-land");
        Assert.Equal(
            [
                (1, RevisionAction.Import, "seed", seeded, null, "seed", "seed"),
                (2, RevisionAction.Edit, "Mod Anna", seeded.AddMinutes(5), "newer source", "discord", "4242"),
                (3, RevisionAction.Deprecate, "Mod Boris", seeded.AddMinutes(10), (string?)null, "slack", "U777"),
            ],
            history.Select(r => (r.Revision, r.Action, r.Who, r.When, r.Reason, r.Platform, r.UserId)));
        Assert.Equal(["Russia demands all of Donetsk and Luhansk.", "First edit.", "First edit."], history.Select(r => r.Snapshot.Text));
        Assert.Equal([FactRank.Normal, FactRank.Normal, FactRank.Deprecated], history.Select(r => r.Snapshot.Rank));
        Assert.Empty(await session.Facts.HistoryAsync("no-such-fact"));
    }

    [Fact]
    public async Task Save_StaleExpectedRevision_IsRefusedWithTheCurrentFact_AndNothingIsWritten()
    {
        await using var session = await OpenSeededAsync();
        var form = session.Snapshot.FactsById["ru-land"];
        await session.Facts.SaveAsync(form with { Text = "First edit." }, RevisionAction.Edit, Moderator, expectedRevision: 1);
        session.TakePublishedChanges();

        var conflict = await Assert.ThrowsAsync<FactRevisionConflictException>(() =>
            session.Facts.SaveAsync(form with { Text = "Second edit from an old form." }, RevisionAction.Edit, OtherModerator, expectedRevision: 1));

        Assert.Equal(("First edit.", 2, "Mod Anna", 1), (conflict.Current.Text, conflict.Current.Revision, conflict.Current.UpdatedBy, conflict.ExpectedRevision));
        Assert.Equal("First edit.", session.Snapshot.FactsById["ru-land"].Text);
        Assert.Equal(2, (await session.Facts.HistoryAsync("ru-land")).Count);
        Assert.Single(await session.Outbox.PendingAsync());
        Assert.Empty(session.TakePublishedChanges());
        await using var restarted = await RestartAsync(session);
        Assert.Equal(("First edit.", 2), (restarted.Snapshot.FactsById["ru-land"].Text, restarted.Snapshot.FactsById["ru-land"].Revision));
    }

    [Fact]
    public async Task Save_NewFactUnderATakenId_IsRefusedAsAConflict()
    {
        await using var session = await OpenSeededAsync();

        var conflict = await Assert.ThrowsAsync<FactRevisionConflictException>(() =>
            session.Facts.SaveAsync(SmallFact("ru-land", "russia", "nato", "A different fact under the same id."), RevisionAction.Create, Moderator, expectedRevision: 0));

        Assert.Equal(("Russia demands all of Donetsk and Luhansk.", 1), (conflict.Current.Text, conflict.Current.Revision));
        Assert.Single(await session.Facts.HistoryAsync("ru-land"));
    }

    [Fact]
    public async Task Save_ConcurrentEditsFromTheSameRevision_OneIsSaved_TheOthersConflict()
    {
        await using var session = await OpenSeededAsync();
        var form = session.Snapshot.FactsById["ru-land"];
        using var start = new ManualResetEventSlim();

        var edits = Enumerable.Range(1, 8).Select(i => Task.Run(async () =>
        {
            start.Wait();
            try
            {
                return (Saved: await session.Facts.SaveAsync(form with { Text = $"Edit number {i}." }, RevisionAction.Edit, Moderator, expectedRevision: 1), Refused: (Exception?)null);
            }
            catch (Exception exception)
            {
                return (Saved: (Fact?)null, Refused: exception);
            }
        })).ToList();
        start.Set();
        var outcomes = await Task.WhenAll(edits);

        var saved = Assert.Single(outcomes, o => o.Saved is not null).Saved!;
        Assert.All(outcomes.Where(o => o.Saved is null), o => Assert.IsType<FactRevisionConflictException>(o.Refused));
        Assert.Equal((2, saved.Text), (session.Snapshot.FactsById["ru-land"].Revision, session.Snapshot.FactsById["ru-land"].Text));
        Assert.Equal([1, 2], (await session.Facts.HistoryAsync("ru-land")).Select(r => r.Revision));
        Assert.Single(await session.Outbox.PendingAsync());
    }

    [Theory]
    [InlineData("nowhere", "territory", "ap-1", "Unknown party 'nowhere'")]
    [InlineData("russia", "weather", "ap-1", "Unknown topic 'weather'")]
    [InlineData("russia", "territory", "blog", "Unknown source 'blog'")]
    public async Task Save_UnknownReference_IsRefused_AndNothingIsWritten(string party, string topic, string source, string message)
    {
        await using var session = await OpenSeededAsync();
        var fact = SmallFact("new-fact", party, topic, "Text.") with { Sources = [new SourceRef(source)] };

        var error = await Assert.ThrowsAsync<KnowledgeValidationException>(() => session.Facts.SaveAsync(fact, RevisionAction.Create, Moderator, expectedRevision: 0));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.False(session.Snapshot.FactsById.ContainsKey("new-fact"));
        Assert.Empty(await session.Facts.HistoryAsync("new-fact"));
        Assert.Empty(await session.Outbox.PendingAsync());
        Assert.Empty(session.TakePublishedChanges());
        await using var restarted = await RestartAsync(session);
        Assert.False(restarted.Snapshot.FactsById.ContainsKey("new-fact"));
    }

    [Fact]
    public async Task Save_CitingANewSource_StoresTheSourceWithTheFact()
    {
        await using var session = await OpenSeededAsync();
        var reuters = new Source("reuters-1", "Talks resume", "Reuters", "https://example.org/reuters", new DateOnly(2026, 3, 1), SourceReliability.Weak, "paywalled");
        var fact = SmallFact("ru-nato", "russia", "nato", "Russia wants a written promise that NATO will not expand.") with { Sources = [new SourceRef("reuters-1", "no expansion")] };

        var saved = await session.Facts.SaveAsync(fact, RevisionAction.Create, Moderator, expectedRevision: 0, newSource: reuters);

        Assert.Equal(1, saved.Revision);
        Assert.Equal(reuters, session.Snapshot.SourcesById["reuters-1"]);
        var change = Assert.Single(session.TakePublishedChanges());
        Assert.Equal(reuters, change.Snapshot.SourcesById["reuters-1"]);
        await using var restarted = await RestartAsync(session);
        Assert.Equal(reuters, restarted.Snapshot.SourcesById["reuters-1"]);
        Assert.Equal([new SourceRef("reuters-1", "no expansion")], restarted.Snapshot.FactsById["ru-nato"].Sources);
        Assert.Equal(RevisionAction.Create, Assert.Single(await restarted.Facts.HistoryAsync("ru-nato")).Action);
    }

    [Fact]
    public async Task SaveSource_NewSource_IsStoredAndPublished()
    {
        await using var session = await OpenSeededAsync();
        var source = new Source("tass-1", "Kremlin comments", "TASS", "https://example.org/tass", new DateOnly(2026, 2, 1), SourceReliability.StateMedia, null)
        {
            PublishedPrecision = DatePrecision.Month,
        };

        await session.Sources.SaveAsync(source);

        Assert.Equal(source, session.Snapshot.SourcesById["tass-1"]);
        var change = Assert.Single(session.TakePublishedChanges());
        Assert.Equal(KnowledgeChangeKind.Sources, change.Kind);
        Assert.Equal(source, change.Snapshot.SourcesById["tass-1"]);
        await using var restarted = await RestartAsync(session);
        Assert.Equal(source, restarted.Snapshot.SourcesById["tass-1"]);
    }

    [Fact]
    public async Task Save_RestoreOfRevisionOne_MakesRevisionThreeWithRevisionOnesText()
    {
        await using var session = await OpenSeededAsync();
        await session.Facts.SaveAsync(session.Snapshot.FactsById["ru-land"] with { Text = "A wrong edit.", AsOf = new DateOnly(2026, 1, 5) }, RevisionAction.Edit, Moderator, expectedRevision: 1);
        var history = await session.Facts.HistoryAsync("ru-land");
        var old = history[0].Snapshot;

        // What /fact restore revision:1 saves: the old content on top of the current fact.
        var restored = await session.Facts.SaveAsync(
            session.Snapshot.FactsById["ru-land"] with { Text = old.Text, AsOf = old.AsOf, Sources = old.Sources },
            RevisionAction.Restore,
            OtherModerator,
            "restored revision 1",
            expectedRevision: 2);

        Assert.Equal((3, "Russia demands all of Donetsk and Luhansk.", new DateOnly(2025, 12, 15)), (restored.Revision, restored.Text, restored.AsOf));
        await using var restarted = await RestartAsync(session);
        Assert.Equal("Russia demands all of Donetsk and Luhansk.", restarted.Snapshot.FactsById["ru-land"].Text);
        var after = await restarted.Facts.HistoryAsync("ru-land");
        Assert.Equal(
            [(1, RevisionAction.Import, "Russia demands all of Donetsk and Luhansk."), (2, RevisionAction.Edit, "A wrong edit."), (3, RevisionAction.Restore, "Russia demands all of Donetsk and Luhansk.")],
            after.Select(r => (r.Revision, r.Action, r.Snapshot.Text)));
        Assert.Equal("restored revision 1", after[^1].Reason);
    }

    [Fact]
    public async Task Save_Retract_KeepsTheFactRetractedWithItsReason()
    {
        await using var session = await OpenSeededAsync();
        var fact = session.Snapshot.FactsById["ru-land"];

        await session.Facts.SaveAsync(fact with { Status = FactStatus.Retracted, RetractionReason = "misquoted" }, RevisionAction.Retract, Moderator, "misquoted", expectedRevision: 1);

        await using var restarted = await RestartAsync(session);
        var retracted = restarted.Snapshot.FactsById["ru-land"];
        Assert.Equal((FactStatus.Retracted, "misquoted", false, 2), (retracted.Status, retracted.RetractionReason, retracted.IsCurrent, retracted.Revision));
        var last = (await restarted.Facts.HistoryAsync("ru-land"))[^1];
        Assert.Equal((RevisionAction.Retract, "misquoted", FactStatus.Retracted), (last.Action, last.Reason, last.Snapshot.Status));
    }

    [Fact]
    public async Task RevisionSummary_AfterImportAndEdits_CountsRevisionsModeratorChangesAndTheNewest()
    {
        await using var session = await OpenSeededAsync();
        Time.Advance(TimeSpan.FromMinutes(1));
        await session.Facts.SaveAsync(session.Snapshot.FactsById["ru-land"] with { Text = "Edit one." }, RevisionAction.Edit, Moderator);
        Time.Advance(TimeSpan.FromMinutes(1));
        await session.Facts.SaveAsync(session.Snapshot.FactsById["ua-land"] with { Text = "Edit two." }, RevisionAction.Edit, OtherModerator, "clearer");

        var summary = await session.Facts.RevisionSummaryAsync();

        Assert.Equal((4, 2), (summary.Revisions, summary.ModeratorChanges));
        Assert.NotNull(summary.Latest);
        Assert.Equal(("ua-land", 2, "Mod Boris", Time.GetUtcNow(), "Edit two."), (summary.Latest.FactId, summary.Latest.Revision, summary.Latest.Who, summary.Latest.When, summary.Latest.Snapshot.Text));
    }

    [Fact]
    public async Task RevisionSummary_EmptyKnowledgeBase_HasNothing()
    {
        await using var session = await OpenNewAsync();

        var summary = await session.Facts.RevisionSummaryAsync();

        Assert.Equal((0, 0), (summary.Revisions, summary.ModeratorChanges));
        Assert.Null(summary.Latest);
        Assert.Empty(session.Snapshot.Facts);
    }

    [Fact]
    public async Task Reopen_AfterRestart_KeepsFactsRevisionsSourcesAndMonthPreciseDates()
    {
        var month = SmallFact("month-fact", null, "territory", "Known only to the month: “curly” — €90bn.\nSecond line.") with
        {
            Kind = FactKind.Event,
            Involves = ["russia", "ukraine"],
            AsOf = new DateOnly(2025, 12, 1),
            AsOfPrecision = DatePrecision.Month,
            Rank = FactRank.Preferred,
            Sources = [new SourceRef("ap-1", "a quote: with # and \"marks\""), new SourceRef("ap-1")],
        };
        var seed = SmallSeed(month);
        seed = seed with { Sources = [seed.Sources[0] with { Published = new DateOnly(2025, 12, 1), PublishedPrecision = DatePrecision.Month, Note = "retrieved copy" }] };
        await using var session = await OpenNewAsync();
        await session.Facts.ImportAsync(seed);
        Time.Advance(TimeSpan.FromMinutes(3));
        await session.Facts.SaveAsync(session.Snapshot.FactsById["ua-land"] with { Rank = FactRank.Deprecated, SupersededBy = "month-fact" }, RevisionAction.Deprecate, Moderator, "merged");
        var before = session.Snapshot;
        var historyBefore = await HistoriesAsync(session, before);

        await using var restarted = await RestartAsync(session);

        var after = restarted.Snapshot;
        Assert.Equal(KnowledgeYamlWriter.RenderFiles(before.ToSet()), KnowledgeYamlWriter.RenderFiles(after.ToSet()));
        Assert.Equal(before.Facts.Select(Bookkeeping), after.Facts.Select(Bookkeeping));
        Assert.Equal(historyBefore, await HistoriesAsync(restarted, after));
        var fact = after.FactsById["month-fact"];
        Assert.Equal((new DateOnly(2025, 12, 1), DatePrecision.Month), (fact.AsOf, fact.AsOfPrecision));
        Assert.Equal(DatePrecision.Day, after.FactsById["ru-land"].AsOfPrecision);
        Assert.Equal(DatePrecision.Month, after.SourcesById["ap-1"].PublishedPrecision);
        Assert.Equal(DatePrecision.Month, (await restarted.Facts.HistoryAsync("month-fact"))[^1].Snapshot.AsOfPrecision);
        Assert.Equal(before.AsOf, after.AsOf);
    }

    [Fact]
    public async Task Reopen_AfterRestart_KeepsSubscriptionsFeedbackQuestionsAnnouncementsAndVectors()
    {
        await using var session = await OpenSeededAsync();
        await session.Subscriptions.SubscribeAsync("discord", "123", Moderator);
        await session.Feedback.RecordFeedbackAsync("ru-land", helpful: false, "u1", "discord");
        await session.Feedback.RecordUnansweredAsync("Who wins the Eurovision?", "slack");
        var saved = await session.Facts.SaveAsync(session.Snapshot.FactsById["ru-land"] with { Text = "Edited." }, RevisionAction.Edit, Moderator, "why not");
        var pending = Assert.Single(await session.Outbox.PendingAsync());
        await session.Outbox.MarkDeliveredAsync(pending.Id, "discord:123");
        var vector = Vector(seed: 7);
        await session.Vectors.SaveAsync(new Dictionary<string, float[]> { ["model-a:hash-1"] = vector });
        var asked = Time.GetUtcNow();
        Time.Advance(TimeSpan.FromHours(1));

        await using var restarted = await RestartAsync(session);

        var subscription = Assert.Single(await restarted.Subscriptions.ListAsync());
        Assert.Equal(("discord:123", Moderator.ToString(), asked), (subscription.Key, subscription.AddedBy, subscription.AddedAt));
        Assert.Equal([new FactFeedback("ru-land", 0, 1)], await restarted.Feedback.FeedbackAsync());
        var question = Assert.Single(await restarted.Feedback.UnansweredAsync());
        Assert.Equal(("Who wins the Eurovision?", 1, asked, "slack"), (question.Text, question.Count, question.LastAsked, question.Platform));
        Assert.Single(await restarted.Feedback.UnansweredSinceAsync(asked));
        var announcement = Assert.Single(await restarted.Outbox.PendingAsync());
        Assert.Equal(
            (pending.Id, "ru-land", saved.Revision, RevisionAction.Edit, "Mod Anna", "why not", saved.UpdatedAt),
            (announcement.Id, announcement.FactId, announcement.Revision, announcement.Action, announcement.Who, announcement.Reason, announcement.When));
        Assert.Equal(["discord:123"], announcement.DeliveredTo);
        Assert.Equal(Bits(vector), Bits((await restarted.Vectors.LoadAsync(["model-a:hash-1"]))["model-a:hash-1"]));
    }

    [Fact]
    public async Task Import_ChangingTheKnowledge_PublishesOneChangeOfEverything_AndAnUnchangedImportNone()
    {
        await using var session = await OpenNewAsync();

        await session.Facts.ImportAsync(SmallSeed());
        var first = session.TakePublishedChanges();
        await session.Facts.ImportAsync(SmallSeed());
        var second = session.TakePublishedChanges();

        var change = Assert.Single(first);
        Assert.Equal((KnowledgeChangeKind.Everything, null), (change.Kind, change.Fact));
        Assert.Equal(["ru-land", "ua-land"], change.Snapshot.Facts.Select(f => f.Id));
        Assert.Empty(second);
    }

    [Fact]
    public async Task Save_EachCommittedSave_IsPublishedOnce_WithTheFactBeforeAndAfter()
    {
        await using var session = await OpenSeededAsync();
        var seeded = session.Snapshot.FactsById["ru-land"];

        var edited = await session.Facts.SaveAsync(seeded with { Text = "Edited." }, RevisionAction.Edit, Moderator, expectedRevision: 1);
        var created = await session.Facts.SaveAsync(SmallFact("ru-nato", "russia", "nato", "Russia wants neutrality."), RevisionAction.Create, Moderator, expectedRevision: 0);
        var changes = session.TakePublishedChanges();

        Assert.Equal(2, changes.Count);
        Assert.True(changes[0].Sequence < changes[1].Sequence);
        Assert.All(changes, c => Assert.Equal(KnowledgeChangeKind.Fact, c.Kind));
        var edit = changes[0].Fact!;
        Assert.Equal((RevisionAction.Edit, 1, "Russia demands all of Donetsk and Luhansk.", 2, "Edited."), (edit.Action, edit.Before?.Revision, edit.Before?.Text, edit.After.Revision, edit.After.Text));
        Assert.Equal("Edited.", changes[0].Snapshot.FactsById["ru-land"].Text);
        var create = changes[1].Fact!;
        Assert.Equal((RevisionAction.Create, null, created.Text), (create.Action, create.Before, create.After.Text));
        Assert.Equal((edited.Text, created.Text), (changes[1].Snapshot.FactsById["ru-land"].Text, changes[1].Snapshot.FactsById["ru-nato"].Text));
        Assert.Equal(changes[1].Sequence, session.Changes.LastPublished);
    }

    [Fact]
    public async Task Subscribe_SameChannelTwice_SecondIsFalse_AndTheChannelIsListedOnce()
    {
        await using var session = await OpenNewAsync();

        Assert.True(await session.Subscriptions.SubscribeAsync("slack", "C0CHANGES", Moderator));
        Time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(await session.Subscriptions.SubscribeAsync("slack", "C0CHANGES", OtherModerator));

        var subscription = Assert.Single(await session.Subscriptions.ListAsync());
        Assert.Equal(("slack", "C0CHANGES", Moderator.ToString(), Time.GetUtcNow().AddMinutes(-1)), (subscription.Platform, subscription.ChannelId, subscription.AddedBy, subscription.AddedAt));
    }

    [Fact]
    public async Task Unsubscribe_UnknownChannel_IsFalse_AndAKnownOneIsRemoved()
    {
        await using var session = await OpenNewAsync();
        await session.Subscriptions.SubscribeAsync("discord", "100", Moderator);

        Assert.False(await session.Subscriptions.UnsubscribeAsync("discord", "999"));
        Assert.False(await session.Subscriptions.UnsubscribeAsync("slack", "100"));
        Assert.True(await session.Subscriptions.UnsubscribeAsync("discord", "100"));

        Assert.Empty(await session.Subscriptions.ListAsync());
        Assert.False(await session.Subscriptions.UnsubscribeAsync("discord", "100"));
    }

    [Fact]
    public async Task ListSubscriptions_SeveralChannels_AreOrderedByKey()
    {
        await using var session = await OpenNewAsync();
        foreach (var (platform, channel) in new[] { ("slack", "C2"), ("discord", "9"), ("discord", "10"), ("console", "local") })
        {
            await session.Subscriptions.SubscribeAsync(platform, channel, Moderator);
        }

        var keys = (await session.Subscriptions.ListAsync()).Select(s => s.Key);

        Assert.Equal(["console:local", "discord:10", "discord:9", "slack:C2"], keys);
    }

    [Fact]
    public async Task Save_Edit_QueuesOnePendingAnnouncement()
    {
        await using var session = await OpenSeededAsync();

        var saved = await session.Facts.SaveAsync(session.Snapshot.FactsById["ru-land"] with { Text = "Edited." }, RevisionAction.Edit, Moderator, "newer source", expectedRevision: 1);

        var pending = Assert.Single(await session.Outbox.PendingAsync());
        Assert.Equal(
            ("ru-land", 2, RevisionAction.Edit, "Mod Anna", "newer source", saved.UpdatedAt),
            (pending.FactId, pending.Revision, pending.Action, pending.Who, pending.Reason, pending.When));
        Assert.Empty(pending.DeliveredTo);
    }

    [Fact]
    public async Task PendingAnnouncements_SeveralSaves_AreOldestFirst()
    {
        await using var session = await OpenSeededAsync();

        await session.Facts.SaveAsync(session.Snapshot.FactsById["ua-land"] with { Text = "First." }, RevisionAction.Edit, Moderator);
        Time.Advance(TimeSpan.FromSeconds(1));
        await session.Facts.SaveAsync(session.Snapshot.FactsById["ru-land"] with { Text = "Second." }, RevisionAction.Edit, Moderator);
        Time.Advance(TimeSpan.FromSeconds(1));
        await session.Facts.SaveAsync(session.Snapshot.FactsById["ua-land"] with { Text = "Third." }, RevisionAction.Edit, Moderator);

        var pending = await session.Outbox.PendingAsync();
        Assert.Equal([("ua-land", 2), ("ru-land", 2), ("ua-land", 3)], pending.Select(p => (p.FactId, p.Revision)));
        Assert.Equal(pending.Select(p => p.Id).Order(), pending.Select(p => p.Id));
    }

    [Fact]
    public async Task MarkDelivered_ThenRestart_RemembersWhichChannelsWereTold()
    {
        await using var session = await OpenSeededAsync();
        await session.Facts.SaveAsync(session.Snapshot.FactsById["ru-land"] with { Text = "Edited." }, RevisionAction.Edit, Moderator);
        var pending = Assert.Single(await session.Outbox.PendingAsync());

        await session.Outbox.MarkDeliveredAsync(pending.Id, "discord:1");
        await session.Outbox.MarkDeliveredAsync(pending.Id, "slack:C1");
        await using var restarted = await RestartAsync(session);

        var after = Assert.Single(await restarted.Outbox.PendingAsync());
        Assert.Equal(pending.Id, after.Id);
        Assert.Equal(["discord:1", "slack:C1"], after.DeliveredTo.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Complete_DeliveredAnnouncement_LeavesThePendingList()
    {
        await using var session = await OpenSeededAsync();
        await session.Facts.SaveAsync(session.Snapshot.FactsById["ru-land"] with { Text = "Edited." }, RevisionAction.Edit, Moderator);
        await session.Facts.SaveAsync(session.Snapshot.FactsById["ua-land"] with { Text = "Edited too." }, RevisionAction.Edit, Moderator);
        var pending = await session.Outbox.PendingAsync();

        await session.Outbox.CompleteAsync(pending[0].Id);

        Assert.Equal([pending[1].Id], (await session.Outbox.PendingAsync()).Select(p => p.Id));
        await using var restarted = await RestartAsync(session);
        Assert.Equal(["ua-land"], (await restarted.Outbox.PendingAsync()).Select(p => p.FactId));
        await restarted.Facts.SaveAsync(restarted.Snapshot.FactsById["ru-land"] with { Text = "Edited again." }, RevisionAction.Edit, Moderator);
        var after = await restarted.Outbox.PendingAsync();
        Assert.Equal([("ua-land", 2), ("ru-land", 3)], after.Select(p => (p.FactId, p.Revision)));
        Assert.True(after[0].Id < after[1].Id);
    }

    [Fact]
    public async Task RecordFeedback_SecondPressBySameMember_ReplacesTheFirst()
    {
        await using var session = await OpenSeededAsync();

        await session.Feedback.RecordFeedbackAsync("ru-land", helpful: true, "u1", "discord");
        await session.Feedback.RecordFeedbackAsync("ru-land", helpful: false, "u1", "discord");
        await session.Feedback.RecordFeedbackAsync("ru-land", helpful: true, "u2", "discord");
        await session.Feedback.RecordFeedbackAsync("ru-land", helpful: true, "u1", "slack");

        Assert.Equal([new FactFeedback("ru-land", 2, 1)], await session.Feedback.FeedbackAsync());
    }

    [Fact]
    public async Task Feedback_OnSeveralFacts_MostNotHelpfulFirst()
    {
        await using var session = await OpenSeededAsync();
        await session.Feedback.RecordFeedbackAsync("ru-land", helpful: true, "u1", "discord");
        await session.Feedback.RecordFeedbackAsync("ua-land", helpful: false, "u1", "discord");
        await session.Feedback.RecordFeedbackAsync("ua-land", helpful: false, "u2", "discord");
        await session.Feedback.RecordFeedbackAsync("ru-land", helpful: false, "u3", "discord");
        await session.Feedback.RecordFeedbackAsync("ua-land", helpful: false, "u3", "slack");

        var feedback = await session.Feedback.FeedbackAsync();

        Assert.Equal([new FactFeedback("ua-land", 0, 3), new FactFeedback("ru-land", 1, 1)], feedback);
    }

    [Fact]
    public async Task RecordUnanswered_SameQuestionAgain_IsCountedNotRepeated()
    {
        await using var session = await OpenNewAsync();

        await session.Feedback.RecordUnansweredAsync("Will NATO take in Ukraine?", "discord");
        Time.Advance(TimeSpan.FromMinutes(1));
        await session.Feedback.RecordUnansweredAsync("Who wins the Eurovision?", "discord");
        Time.Advance(TimeSpan.FromMinutes(1));
        await session.Feedback.RecordUnansweredAsync("  will   NATO take in ukraine  ", "slack");
        Time.Advance(TimeSpan.FromMinutes(1));
        await session.Feedback.RecordUnansweredAsync("WILL NATO TAKE IN UKRAINE!", "slack");
        await session.Feedback.RecordUnansweredAsync("   ", "slack");

        var questions = await session.Feedback.UnansweredAsync();

        Assert.Equal(
            [("WILL NATO TAKE IN UKRAINE!", 3, Time.GetUtcNow(), "slack"), ("Who wins the Eurovision?", 1, Time.GetUtcNow().AddMinutes(-2), "discord")],
            questions.Select(q => (q.Text, q.Count, q.LastAsked, q.Platform)));
        Assert.Equal(["WILL NATO TAKE IN UKRAINE!"], (await session.Feedback.UnansweredAsync(limit: 1)).Select(q => q.Text));
    }

    [Fact]
    public async Task UnansweredSince_AskedAtDifferentTimes_CountsOnlyTheAsksInTheWindow()
    {
        await using var session = await OpenNewAsync();
        await session.Feedback.RecordUnansweredAsync("Will NATO take in Ukraine?", "test");
        await session.Feedback.RecordUnansweredAsync("Who wins the Eurovision?", "test");
        Time.Advance(TimeSpan.FromDays(40));
        await session.Feedback.RecordUnansweredAsync("will nato take in ukraine", "discord");
        var windowStart = Time.GetUtcNow();
        Time.Advance(TimeSpan.FromDays(1));
        await session.Feedback.RecordUnansweredAsync("Will NATO take in Ukraine?", "slack");
        await session.Feedback.RecordUnansweredAsync("What about Crimea?", "slack");
        await session.Feedback.RecordUnansweredAsync("What about Crimea", "slack");
        await session.Feedback.RecordUnansweredAsync("what about crimea?", "slack");

        var month = await session.Feedback.UnansweredSinceAsync(Time.GetUtcNow().AddDays(-30));
        var fromAnAsk = await session.Feedback.UnansweredSinceAsync(windowStart);
        var future = await session.Feedback.UnansweredSinceAsync(Time.GetUtcNow().AddSeconds(1));

        Assert.Equal([("what about crimea?", 3), ("Will NATO take in Ukraine?", 2)], month.Select(q => (q.Text, q.TimesAsked)));
        Assert.Equal(Time.GetUtcNow(), month[1].LastAsked);
        Assert.Equal("slack", month[1].Platform);
        Assert.Equal(month.Select(q => (q.Text, q.TimesAsked)), fromAnAsk.Select(q => (q.Text, q.TimesAsked)));
        Assert.Empty(future);
        Assert.Equal(3, (await session.Feedback.UnansweredAsync()).Single(q => q.Text == "Will NATO take in Ukraine?").Count);
    }

    [Fact]
    public async Task RecordUnanswered_AskedMoreOftenThanKept_KeepsCountingAndRemembersTheLatestAsks()
    {
        await using var session = await OpenNewAsync();
        var first = Time.GetUtcNow();
        for (var i = 0; i < IFeedbackStore.MaxKeptAskTimes + 5; i++)
        {
            await session.Feedback.RecordUnansweredAsync("Who wins the Eurovision?", "test");
            Time.Advance(TimeSpan.FromMinutes(1));
        }

        var recent = Assert.Single(await session.Feedback.UnansweredSinceAsync(first));
        var lastTen = Assert.Single(await session.Feedback.UnansweredSinceAsync(Time.GetUtcNow().AddMinutes(-10)));

        Assert.Equal(IFeedbackStore.MaxKeptAskTimes, recent.TimesAsked);
        Assert.Equal(10, lastTen.TimesAsked);
        Assert.Equal(IFeedbackStore.MaxKeptAskTimes + 5, Assert.Single(await session.Feedback.UnansweredAsync()).Count);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(100)]
    public async Task VectorCache_SavedVectors_LoadBackExactly_AndAbsentKeysAreAbsent(int saved)
    {
        await using var session = await OpenNewAsync();
        var vectors = Enumerable.Range(0, saved).ToDictionary(i => $"model:{i:x32}", i => Vector(i));
        vectors["model:extremes"] = [0f, -0f, 1e-30f, -3.4e38f, 0.1f, -1f / 3f];

        await session.Vectors.SaveAsync(vectors);
        var asked = vectors.Keys.Append("model:never-saved").Append("other-model:0").ToList();
        var loaded = await session.Vectors.LoadAsync(asked);

        Assert.Equal(vectors.Keys.Order(StringComparer.Ordinal), loaded.Keys.Order(StringComparer.Ordinal));
        Assert.All(vectors, v => Assert.Equal(Bits(v.Value), Bits(loaded[v.Key])));
        Assert.Empty(await session.Vectors.LoadAsync(["model:never-saved"]));
        Assert.Empty(await session.Vectors.LoadAsync([]));
    }

    [Fact]
    public async Task TryClaim_SameKey_WinsOnce_WhileTheClaimLives_AndAgainOnceItHasPassed()
    {
        await using var session = await OpenNewAsync();
        var lifetime = TimeSpan.FromMinutes(15);

        Assert.True(await session.Deliveries.TryClaimAsync("discord:interaction:1", lifetime, CancellationToken.None));
        Assert.False(await session.Deliveries.TryClaimAsync("discord:interaction:1", lifetime, CancellationToken.None));
        Assert.True(await session.Deliveries.TryClaimAsync("slack:trigger:1", lifetime, CancellationToken.None));
        Time.Advance(lifetime - TimeSpan.FromSeconds(1));
        Assert.False(await session.Deliveries.TryClaimAsync("discord:interaction:1", lifetime, CancellationToken.None));
        Time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(await session.Deliveries.TryClaimAsync("discord:interaction:1", lifetime, CancellationToken.None));
        Assert.False(await session.Deliveries.TryClaimAsync("discord:interaction:1", lifetime, CancellationToken.None));
    }

    [Fact]
    public async Task TryClaim_ConcurrentClaimsOfOneKey_ExactlyOneWins()
    {
        await using var session = await OpenNewAsync();
        const int Keys = 20;
        var wins = new int[Keys];
        using var start = new ManualResetEventSlim();

        var claimers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            for (var key = 0; key < Keys; key++)
            {
                if (await session.Deliveries.TryClaimAsync($"slack:envelope:{key}", TimeSpan.FromMinutes(5), CancellationToken.None))
                {
                    Interlocked.Increment(ref wins[key]);
                }
            }
        })).ToList();
        start.Set();
        await Task.WhenAll(claimers);

        Assert.All(wins, w => Assert.Equal(1, w));
    }

    [Fact]
    public async Task Storage_Location_NamesTheKnowledgeBaseWithoutAPassword()
    {
        await using var session = await OpenSeededAsync();

        var location = session.Storage.Location;

        Assert.False(string.IsNullOrWhiteSpace(location));
        Assert.DoesNotContain("password", location, StringComparison.OrdinalIgnoreCase);
        if (PasswordIn(session.KnowledgeBase) is { Length: > 0 } password)
        {
            Assert.DoesNotContain(password, location, StringComparison.Ordinal);
        }

        Assert.True(await session.Storage.SizeAsync() > 0);
    }

    private static TalksBot.Core.Intake.InboxCandidate Candidate(string id, string headline, DateOnly date, double relevance, DateTimeOffset found, params string[] keys) => new()
    {
        Id = id,
        Headline = headline,
        Sources = [new TalksBot.Core.Intake.CandidateSource("Wire", headline, "https://news.example/" + id, null)],
        Date = date,
        Relevance = relevance,
        PartyId = "russia",
        TopicId = "territory",
        Nearest = [new TalksBot.Core.Intake.NearFact("ru-land", true, 0.7)],
        FoundAt = found,
        StoryKeys = keys,
    };

    [Fact]
    public async Task Inbox_Candidates_AreFoundByStoryKey_ListedNewestAndMostRelevantFirst_AndADismissalOutlivesARestart()
    {
        await using var session = await OpenSeededAsync();
        var now = Time.GetUtcNow();
        await session.Inbox.SaveAsync(Candidate("n00000001", "Older story", new DateOnly(2026, 11, 28), 0.9, now, "link:news.example/a"));
        await session.Inbox.SaveAsync(Candidate("n00000002", "Newer, less relevant", new DateOnly(2026, 11, 29), 0.4, now, "link:news.example/b"));
        await session.Inbox.SaveAsync(Candidate("n00000003", "Newer, more relevant", new DateOnly(2026, 11, 29), 0.8, now, "link:news.example/c"));
        var dismissed = (await session.Inbox.FindAsync("n00000002"))! with { Status = TalksBot.Core.Intake.CandidateStatus.Dismissed, Reason = "not about the talks", DecidedBy = "Mod Anna" };
        await session.Inbox.SaveAsync(dismissed);

        await using var restarted = await RestartAsync(session);

        Assert.Equal(["n00000003", "n00000001"], (await restarted.Inbox.OpenAsync(10)).Select(c => c.Id));
        var again = await restarted.Inbox.FindByStoryAsync(["link:news.example/zzz", "link:news.example/b"]);
        Assert.Equal((TalksBot.Core.Intake.CandidateStatus.Dismissed, "not about the talks"), (again!.Status, again.Reason));
        Assert.Null(await restarted.Inbox.FindByStoryAsync(["link:news.example/never"]));
        var counts = await restarted.Inbox.CountsAsync();
        Assert.Equal((2, 1), (counts.Open, counts.Dismissed));
    }

    [Fact]
    public async Task Inbox_FeedLease_IsHeldByOneOwnerUntilItExpires_AndFeedStateSurvivesARestart()
    {
        await using var session = await OpenSeededAsync();
        var now = Time.GetUtcNow();
        const string Feed = "https://feeds.example/world.xml";

        Assert.True(await session.Inbox.TryLeaseFeedAsync(Feed, "instance-a", now.AddMinutes(2)));
        Assert.False(await session.Inbox.TryLeaseFeedAsync(Feed, "instance-b", now.AddMinutes(2)));
        Assert.True(await session.Inbox.TryLeaseFeedAsync(Feed, "instance-a", now.AddMinutes(3)));
        await session.Inbox.SaveFeedStateAsync(new TalksBot.Core.Intake.FeedState(Feed) { ETag = "\"v2\"", ItemsFetched = 12, Errors = 1, ConsecutiveFailures = 1 });
        Time.Advance(TimeSpan.FromMinutes(4));
        Assert.True(await session.Inbox.TryLeaseFeedAsync(Feed, "instance-b", Time.GetUtcNow().AddMinutes(2)));

        await using var restarted = await RestartAsync(session);

        Assert.Equal("\"v2\"", (await restarted.Inbox.FeedStateAsync(Feed))!.ETag);
        var counts = await restarted.Inbox.CountsAsync();
        Assert.Equal((1, 1, 12L, 1L), (counts.Feeds, counts.FailingFeeds, counts.ItemsFetched, counts.FeedErrors));
    }

    [Fact]
    public async Task Inbox_DigestChannels_AreAddedOnceAndRemoved()
    {
        await using var session = await OpenSeededAsync();

        Assert.True(await session.Inbox.SubscribeDigestAsync("slack", "C42", Moderator));
        Assert.False(await session.Inbox.SubscribeDigestAsync("slack", "C42", Moderator));
        Assert.Equal(["slack:C42"], (await session.Inbox.DigestChannelsAsync()).Select(s => s.Key));
        Assert.True(await session.Inbox.UnsubscribeDigestAsync("slack", "C42"));
        Assert.Empty(await session.Inbox.DigestChannelsAsync());
    }

    [Fact]
    public async Task Export_OfTheImportedRepositoryKnowledge_ReproducesTheFilesByteForByte_AfterARestart()
    {
        var exportDirectory = Directory.CreateTempSubdirectory("talksbot-contract-export-").FullName;
        try
        {
            await using var session = await OpenNewAsync();
            await session.Facts.ImportAsync(RepositoryKnowledge.Value);
            await using var restarted = await RestartAsync(session);

            var first = Path.Combine(exportDirectory, "first");
            var files = restarted.Loader.Export(first);
            var second = Path.Combine(exportDirectory, "second");
            restarted.Loader.Export(second);

            var originals = Directory.EnumerateFiles(RepositoryPaths.Knowledge, "*.yaml", SearchOption.AllDirectories)
                .Select(path => Path.GetRelativePath(RepositoryPaths.Knowledge, path).Replace('\\', '/'))
                .Where(KnowledgeLayout.IsKnowledgeFile)
                .Order(StringComparer.Ordinal)
                .ToList();
            Assert.Equal(originals, files.Order(StringComparer.Ordinal));
            foreach (var file in originals)
            {
                var exported = File.ReadAllBytes(Path.Combine(first, file));
                Assert.True(File.ReadAllBytes(Path.Combine(RepositoryPaths.Knowledge, file)).SequenceEqual(exported), $"{file} differs after import, restart and export");
                Assert.True(File.ReadAllBytes(Path.Combine(second, file)).SequenceEqual(exported), $"{file} differs between two exports");
            }
        }
        finally
        {
            Directory.Delete(exportDirectory, recursive: true);
        }
    }

    /// <summary>The seed with one fact's text changed, as a knowledge file edited by hand.</summary>
    private static KnowledgeSet WithText(KnowledgeSet seed, string factId, string text) =>
        seed with { Facts = seed.Facts.Select(f => f.Id == factId ? f with { Text = text } : f).ToList() };

    /// <summary>What the store sets on a fact, beside its content.</summary>
    private static (string, int, string, DateTimeOffset, FactOrigin, string?) Bookkeeping(Fact fact) =>
        (fact.Id, fact.Revision, fact.UpdatedBy, fact.UpdatedAt, fact.Origin, fact.SeedHash);

    /// <summary>Every revision of every fact, as comparable values (content as its canonical YAML).</summary>
    private static async Task<List<(string, int, RevisionAction, string, DateTimeOffset, string?, string, string, string, (string, int, string, DateTimeOffset, FactOrigin, string?))>> HistoriesAsync(
        KnowledgeSession session, KnowledgeSnapshot snapshot)
    {
        var revisions = new List<(string, int, RevisionAction, string, DateTimeOffset, string?, string, string, string, (string, int, string, DateTimeOffset, FactOrigin, string?))>();
        foreach (var fact in snapshot.Facts)
        {
            foreach (var r in await session.Facts.HistoryAsync(fact.Id))
            {
                revisions.Add((r.FactId, r.Revision, r.Action, r.Who, r.When, r.Reason, r.Platform, r.UserId, KnowledgeYamlWriter.FactContent(r.Snapshot), Bookkeeping(r.Snapshot)));
            }
        }

        return revisions;
    }

    /// <summary>A sentence vector's worth of floats (384, as MiniLM), different for each seed, the same on every run.</summary>
    private static float[] Vector(int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, 384).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
    }

    /// <summary>A vector's exact bits, so "equal" means bit for bit (-0 is not 0).</summary>
    private static int[] Bits(float[] vector) => vector.Select(BitConverter.SingleToInt32Bits).ToArray();

    /// <summary>The password of a connection string; null for a file path.</summary>
    private static string? PasswordIn(string knowledgeBase)
    {
        if (!knowledgeBase.Contains('=', StringComparison.Ordinal))
        {
            return null;
        }

        var builder = new DbConnectionStringBuilder { ConnectionString = knowledgeBase };
        return builder.TryGetValue("Password", out var password) ? password?.ToString() : null;
    }

    /// <summary>One process's view of a knowledge base: Core's stores over it, until disposed (the process stopped).</summary>
    protected sealed class KnowledgeSession(string knowledgeBase, ServiceProvider services) : IAsyncDisposable
    {
        /// <summary>What <see cref="NewKnowledgeBaseAsync"/> returned: open it again to restart.</summary>
        public string KnowledgeBase => knowledgeBase;

        public IServiceProvider Services => services;

        public IFactStore Facts => services.GetRequiredService<IFactStore>();

        public KnowledgeSnapshot Snapshot => Facts.Snapshot;

        public ISourceStore Sources => services.GetRequiredService<ISourceStore>();

        public IChangeOutbox Outbox => services.GetRequiredService<IChangeOutbox>();

        public ISubscriptionStore Subscriptions => services.GetRequiredService<ISubscriptionStore>();

        public IFeedbackStore Feedback => services.GetRequiredService<IFeedbackStore>();

        public IVectorCache Vectors => services.GetRequiredService<IVectorCache>();

        public IKnowledgeStorage Storage => services.GetRequiredService<IKnowledgeStorage>();

        public IDeliveryLog Deliveries => services.GetRequiredService<IDeliveryLog>();

        public TalksBot.Core.Intake.IInboxStore Inbox => services.GetRequiredService<TalksBot.Core.Intake.IInboxStore>();

        public KnowledgeChangeFeed Changes => services.GetRequiredService<KnowledgeChangeFeed>();

        /// <summary>Imports and exports the knowledge files, as the CLI's import and export verbs do.</summary>
        public KnowledgeLoader Loader => services.GetRequiredService<KnowledgeLoader>();

        /// <summary>
        /// The changes the stores published since the last call, in order. Nothing else reads the feed in a session
        /// (the dispatcher that hands changes to the indexes is never started), so each change is seen here once.
        /// </summary>
        public IReadOnlyList<KnowledgeChange> TakePublishedChanges()
        {
            var changes = new List<KnowledgeChange>();
            while (Changes.Reader.TryRead(out var change))
            {
                changes.Add(change);
            }

            return changes;
        }

        public ValueTask DisposeAsync() => services.DisposeAsync();
    }
}
