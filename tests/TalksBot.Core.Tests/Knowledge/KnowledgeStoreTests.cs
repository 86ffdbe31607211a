using LiteDB;
using Microsoft.Extensions.DependencyInjection;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Knowledge.LiteDb;
using TalksBot.Testing;

namespace TalksBot.Core.Tests.Knowledge;

/// <summary>The LiteDB stores behind their interfaces: same-transaction revisions, idempotent import, seed-vs-moderator conflicts, one owner per file.</summary>
public sealed class KnowledgeStoreTests
{
    private static readonly Actor Moderator = new("test", "m1", "mod");

    [Fact]
    public void Import_NewDatabase_StoresEveryFactWithAnImportRevision()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());

        Assert.Equal(2, knowledge.Store.Snapshot.Facts.Count);
        var history = knowledge.Store.History("ru-land");
        var revision = Assert.Single(history);
        Assert.Equal(RevisionAction.Import, revision.Action);
        Assert.Equal("Russia demands all of Donetsk and Luhansk.", revision.Snapshot.Text);
    }

    [Fact]
    public void Import_SameFilesTwice_ChangesNothing()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());

        var second = knowledge.Store.Import(TestKnowledge.Small());

        Assert.Equal((0, 0, 2, 0), (second.FactsInserted, second.FactsUpdated, second.FactsUnchanged, second.ReferenceDataChanged));
        Assert.False(second.ChangedAnything);
        Assert.Single(knowledge.Store.History("ru-land"));
    }

    [Fact]
    public void Import_SeedTextChangedAndNoModeratorEdit_UpdatesFactWithNewRevision()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());
        var changed = TestKnowledge.Small();
        changed = changed with { Facts = changed.Facts.Select(f => f.Id == "ru-land" ? f with { Text = "Russia demands all four regions." } : f).ToList() };

        var report = knowledge.Store.Import(changed);

        Assert.Equal(1, report.FactsUpdated);
        Assert.Equal("Russia demands all four regions.", knowledge.Store.Snapshot.FactsById["ru-land"].Text);
        Assert.Equal([1, 2], knowledge.Store.History("ru-land").Select(r => r.Revision));
    }

    [Fact]
    public void Import_SeedChangedAfterModeratorEdit_KeepsModeratorTextAndReportsConflict()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());
        var fact = knowledge.Store.Snapshot.FactsById["ru-land"];
        knowledge.Store.Save(fact with { Text = "Moderator: Russia demands all of Donbas." }, RevisionAction.Edit, "mod-anna", "newer source", expectedRevision: 1);
        var changedSeed = TestKnowledge.Small();
        changedSeed = changedSeed with { Facts = changedSeed.Facts.Select(f => f.Id == "ru-land" ? f with { Text = "Seed: Russia demands Donetsk." } : f).ToList() };

        var report = knowledge.Store.Import(changedSeed);

        var conflict = Assert.Single(report.Conflicts);
        Assert.Equal("ru-land", conflict.FactId);
        Assert.Contains("mod-anna", conflict.ToString(), StringComparison.Ordinal);
        Assert.Equal("Moderator: Russia demands all of Donbas.", knowledge.Store.Snapshot.FactsById["ru-land"].Text);
    }

    [Fact]
    public void Import_UnchangedSeedAfterModeratorEdit_KeepsEditWithoutConflict()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());
        var fact = knowledge.Store.Snapshot.FactsById["ua-land"];
        knowledge.Store.Save(fact with { Text = "Edited by a moderator." }, RevisionAction.Edit, "mod", null, 1);

        var report = knowledge.Store.Import(TestKnowledge.Small());

        Assert.Empty(report.Conflicts);
        Assert.Equal("Edited by a moderator.", knowledge.Store.Snapshot.FactsById["ua-land"].Text);
    }

    [Fact]
    public void Import_FilesThatCaughtUpWithAnEdit_AreNoConflictAfterTheNextEdit()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());
        var edited = knowledge.Store.Save(knowledge.Store.Snapshot.FactsById["ru-land"] with { Text = "Moderator: Russia demands all of Donbas." }, RevisionAction.Edit, "mod");
        var exported = TestKnowledge.Small();
        exported = exported with { Facts = exported.Facts.Select(f => f.Id == "ru-land" ? f with { Text = edited.Text } : f).ToList() };
        knowledge.Store.Import(exported);
        knowledge.Store.Save(knowledge.Store.Snapshot.FactsById["ru-land"] with { Text = "Moderator again: Russia demands Donbas and more." }, RevisionAction.Edit, "mod");

        var again = knowledge.Store.Import(exported);

        Assert.Empty(again.Conflicts);
        Assert.Equal("Moderator again: Russia demands Donbas and more.", knowledge.Store.Snapshot.FactsById["ru-land"].Text);
    }

    [Fact]
    public void Save_WritesFactAndRevisionTogether()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());
        var fact = knowledge.Store.Snapshot.FactsById["ru-land"];

        var saved = knowledge.Store.Save(fact with { Rank = FactRank.Deprecated }, RevisionAction.Deprecate, "mod", "superseded", 1);

        Assert.Equal(2, saved.Revision);
        var last = knowledge.Store.History("ru-land")[^1];
        Assert.Equal((2, RevisionAction.Deprecate, "mod", "superseded"), (last.Revision, last.Action, last.Who, last.Reason));
        Assert.Equal(FactRank.Deprecated, last.Snapshot.Rank);
    }

    [Fact]
    public async Task Save_RevisionCannotBeWritten_LeavesFactUnchanged()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());
        var fact = knowledge.Store.Snapshot.FactsById["ru-land"];

        // Occupy the id the next revision needs, so its insert fails inside the transaction.
        var database = knowledge.Services.GetRequiredService<LiteDbKnowledgeDatabase>();
        await database.RunAsync(db => db.GetCollection("revisions").Insert(new BsonDocument { ["_id"] = KnowledgeDocuments.RevisionId("ru-land", 2), ["factId"] = "other" }), CancellationToken.None);

        await Assert.ThrowsAnyAsync<LiteException>(() => knowledge.Facts.SaveAsync(fact with { Text = "Changed." }, RevisionAction.Edit, Moderator));

        var stored = await database.RunAsync(db => KnowledgeDocuments.ToFact(db.GetCollection("facts").FindById("ru-land")), CancellationToken.None);
        Assert.Equal("Russia demands all of Donetsk and Luhansk.", stored.Text);
        Assert.Equal(1, stored.Revision);
        Assert.Equal("Russia demands all of Donetsk and Luhansk.", knowledge.Store.Snapshot.FactsById["ru-land"].Text);
    }

    [Fact]
    public void Save_StaleRevision_IsRefusedWithTheCurrentVersion()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());
        var fact = knowledge.Store.Snapshot.FactsById["ru-land"];
        knowledge.Store.Save(fact with { Text = "First edit." }, RevisionAction.Edit, "mod-a", null, 1);

        var conflict = Assert.Throws<FactRevisionConflictException>(() =>
            knowledge.Store.Save(fact with { Text = "Second edit from an old form." }, RevisionAction.Edit, "mod-b", null, 1));

        Assert.Equal("First edit.", conflict.Current.Text);
        Assert.Equal("First edit.", knowledge.Store.Snapshot.FactsById["ru-land"].Text);
    }

    [Theory]
    [InlineData("nowhere", "territory", "ap-1", "Unknown party 'nowhere'")]
    [InlineData("russia", "weather", "ap-1", "Unknown topic 'weather'")]
    [InlineData("russia", "territory", "blog", "Unknown source 'blog'")]
    public void Save_UnknownReference_IsRefused(string party, string topic, string source, string message)
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());
        var fact = TestKnowledge.SmallFact("new-fact", party, topic, "Text.") with { Sources = [new SourceRef(source)] };

        var error = Assert.Throws<KnowledgeValidationException>(() => knowledge.Store.Save(fact, RevisionAction.Create, "mod"));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.False(knowledge.Store.Snapshot.FactsById.ContainsKey("new-fact"));
    }

    [Fact]
    public void Open_SecondOpenerOfSameFile_IsRefusedAndFileStaysIntact()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());

        var error = Assert.Throws<KnowledgeStoreUnavailableException>(() => LiteDbKnowledgeDatabase.Open(knowledge.DatabasePath));

        Assert.Contains("already open in another TalksBot process", error.Message, StringComparison.Ordinal);
        var fact = knowledge.Store.Snapshot.FactsById["ru-land"];
        knowledge.Store.Save(fact with { Text = "Still writable." }, RevisionAction.Edit, "mod");
        Assert.Equal("Still writable.", knowledge.Store.Snapshot.FactsById["ru-land"].Text);
    }

    [Fact]
    public void Open_WhileTheLastHolderIsClosing_WaitsForItInsteadOfRefusing()
    {
        // A store closing just as another opens (an instance restarting, or a forked child of this process that still
        // shares the locked descriptor until it executes its program) is a moment, not another process using the file.
        var path = Path.Combine(Directory.CreateTempSubdirectory("talksbot-test-").FullName, "talksbot.db");
        var first = StoredKnowledge.Open(path);
        first.Import(TestKnowledge.Small());
        // Its own thread, not the pool: with tests running side by side the pool may take longer than the wait to start it.
        var closing = new Thread(() =>
        {
            Thread.Sleep(TimeSpan.FromMilliseconds(100));
            first.Dispose();
        });
        closing.Start();

        using var reopened = StoredKnowledge.Open(path);
        Assert.True(closing.Join(TimeSpan.FromSeconds(10)));

        Assert.Equal(TestKnowledge.Small().Facts.Count, reopened.Snapshot.Facts.Count);
    }

    [Fact]
    public void Open_AfterClose_SeesEverythingSaved()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("talksbot-test-").FullName, "talksbot.db");
        using (var store = StoredKnowledge.Open(path))
        {
            store.Import(TestKnowledge.Small());
            store.Save(store.Snapshot.FactsById["ru-land"] with { Text = "Persisted." }, RevisionAction.Edit, "mod");
        }

        using var reopened = StoredKnowledge.Open(path);

        Assert.Equal("Persisted.", reopened.Snapshot.FactsById["ru-land"].Text);
        Assert.Equal(2, reopened.History("ru-land").Count);
    }

    [Fact]
    public void Open_AfterClose_KeepsAMonthPreciseDateAsAMonth()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("talksbot-test-").FullName, "talksbot.db");
        var month = TestKnowledge.SmallFact("month-fact", "russia", "territory", "Known only to the month.") with
        {
            AsOf = new DateOnly(2025, 12, 1),
            AsOfPrecision = DatePrecision.Month,
        };
        var set = TestKnowledge.Small(month);
        using (var store = StoredKnowledge.Open(path))
        {
            store.Import(set with { Sources = [set.Sources[0] with { Published = new DateOnly(2025, 12, 1), PublishedPrecision = DatePrecision.Month }] });
        }

        using var reopened = StoredKnowledge.Open(path);

        var fact = reopened.Snapshot.FactsById["month-fact"];
        Assert.Equal((new DateOnly(2025, 12, 1), DatePrecision.Month), (fact.AsOf, fact.AsOfPrecision));
        Assert.Equal(DatePrecision.Day, reopened.Snapshot.FactsById["ru-land"].AsOfPrecision);
        Assert.Equal(DatePrecision.Month, reopened.Snapshot.SourcesById["ap-1"].PublishedPrecision);
        Assert.Equal(DatePrecision.Month, reopened.History("month-fact")[^1].Snapshot.AsOfPrecision);
    }

    [Fact]
    public void Open_FileThatIsNotADatabase_GivesClearError()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("talksbot-test-").FullName, "garbage.db");
        File.WriteAllText(path, new string('x', 20000));

        var error = Assert.Throws<KnowledgeStoreUnavailableException>(() => LiteDbKnowledgeDatabase.Open(path));

        Assert.Contains("not a TalksBot knowledge database or is damaged", error.Message, StringComparison.Ordinal);
        Assert.Equal(new string('x', 20000), File.ReadAllText(path));
    }
}
