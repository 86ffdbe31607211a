using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using TalksBot.Core.Conversations;
using TalksBot.Core.Delivery;
using TalksBot.Core.Knowledge;
using TalksBot.Testing;

namespace TalksBot.Postgres.Tests;

/// <summary>
/// What only a shared store must do: several instances (each its own service provider, as each its own process) on one
/// database see each other's changes, refuse each other's stale edits, announce each change once, claim each delivery
/// once, and migrate the schema once between them.
/// </summary>
[Collection(PostgresCollectionDefinition.Name)]
public sealed class SharedStoreTests(PostgresClusterFixture postgres) : IAsyncDisposable
{
    private static readonly Actor Anna = new("discord", "4242", "Mod Anna");
    private static readonly Actor Boris = new("slack", "U777", "Mod Boris");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 12, 9, 0, 0, TimeSpan.Zero));
    private readonly List<ServiceProvider> _instances = [];

    [Fact]
    public async Task Save_OnOneInstance_ReachesAnotherThroughItsListener_WithTheFactBeforeAndAfter()
    {
        var database = await postgres.CreateDatabaseAsync();
        var a = await StartAsync(database, seed: true);
        var b = await StartAsync(database);
        await StartListenerAsync(b);
        var fact = Facts(a).Snapshot.FactsById["ru-land"];

        var clock = Stopwatch.StartNew();
        await Facts(a).SaveAsync(fact with { Text = "Russia now demands all four regions." }, RevisionAction.Edit, Anna);
        await Polling.WaitForAsync(() => Facts(b).Snapshot.FactsById["ru-land"].Revision == 2, TimeSpan.FromSeconds(10), () => "timed out waiting for instance B to see the edit");
        clock.Stop();

        Assert.Equal("Russia now demands all four regions.", Facts(b).Snapshot.FactsById["ru-land"].Text);
        var change = Assert.Single(TakeChanges(b), c => c.Kind == KnowledgeChangeKind.Fact);
        Assert.Equal(("Russia demands all of Donetsk and Luhansk.", "Russia now demands all four regions.", RevisionAction.Edit), (change.Fact!.Before!.Text, change.Fact.After.Text, change.Fact.Action));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(PostgresChangeListener.SafetyPoll.TotalSeconds), $"arrived after {clock.Elapsed.TotalMilliseconds:F0} ms: by the notification, not the safety poll");
    }

    [Fact]
    public async Task Import_FoundDoneByAnInstanceStartedBeside_LeavesThisOneWithTheWholeKnowledge()
    {
        // Started together (as Docker Compose starts them): B opens the empty database, A imports the seed, then B's
        // import finds nothing left to write. B must not go on to build its indexes from the empty knowledge it opened
        // with, answering "I don't know" until a notification arrives.
        var database = await postgres.CreateDatabaseAsync();
        var b = await StartAsync(database);
        var a = await StartAsync(database, seed: true);

        var report = await Facts(b).ImportAsync(SmallSeed());

        Assert.False(report.ChangedAnything);
        Assert.Equal(Facts(a).Snapshot.Facts.Select(f => (f.Id, f.Revision, f.Text)), Facts(b).Snapshot.Facts.Select(f => (f.Id, f.Revision, f.Text)));
        Assert.Equal(Facts(a).Snapshot.Sources, Facts(b).Snapshot.Sources);
    }

    [Fact]
    public async Task CatchUp_AfterMissingEveryNotification_AppliesEachChangeInOrder()
    {
        var database = await postgres.CreateDatabaseAsync();
        var a = await StartAsync(database, seed: true);
        var b = await StartAsync(database);
        var source = new Source("rt-9", "Kremlin readout", "RT", "https://example.org/rt-9", new DateOnly(2026, 1, 2), SourceReliability.Weak, null);

        // B is not listening: it hears of none of these.
        var first = await Facts(a).SaveAsync(Facts(a).Snapshot.FactsById["ru-land"] with { Text = "One." }, RevisionAction.Edit, Anna);
        await Facts(a).SaveAsync(first with { Text = "Two." }, RevisionAction.Edit, Anna, expectedRevision: 2);
        await Facts(a).SaveAsync(
            SmallFact("ru-new", "russia", "nato", "Moscow wants a written promise on NATO.") with { Sources = [new SourceRef("rt-9")] },
            RevisionAction.Create,
            Anna,
            newSource: source);
        await Instance<ISourceStore>(a).SaveAsync(source with { Title = "Kremlin readout (corrected)" });
        Assert.Equal("Russia demands all of Donetsk and Luhansk.", Facts(b).Snapshot.FactsById["ru-land"].Text);

        await Instance<PostgresKnowledgeDatabase>(b).CatchUpAsync();

        Assert.Equal(("Two.", 3), (Facts(b).Snapshot.FactsById["ru-land"].Text, Facts(b).Snapshot.FactsById["ru-land"].Revision));
        Assert.Equal("Moscow wants a written promise on NATO.", Facts(b).Snapshot.FactsById["ru-new"].Text);
        Assert.Equal("Kremlin readout (corrected)", Facts(b).Snapshot.SourcesById["rt-9"].Title);
        Assert.Equal(Facts(a).Snapshot.Facts.Select(f => (f.Id, f.Revision, f.Text)), Facts(b).Snapshot.Facts.Select(f => (f.Id, f.Revision, f.Text)));
        Assert.Equal(Facts(a).Snapshot.Sources, Facts(b).Snapshot.Sources);

        // The indexes hear of each changed fact once, at its latest revision (a catch-up reads what stands now).
        var facts = TakeChanges(b).Where(c => c.Kind == KnowledgeChangeKind.Fact).Select(c => (c.Fact!.After.Id, c.Fact.After.Revision)).ToList();
        Assert.Equal([("ru-land", 3), ("ru-new", 1)], facts);
    }

    [Fact]
    public async Task Save_FromAStaleRevisionOnAnotherInstance_IsRefusedWithTheFirstModeratorsText()
    {
        var database = await postgres.CreateDatabaseAsync();
        var a = await StartAsync(database, seed: true);
        var b = await StartAsync(database);
        var fact = Facts(b).Snapshot.FactsById["ua-land"];

        await Facts(a).SaveAsync(fact with { Text = "Anna's wording." }, RevisionAction.Edit, Anna, expectedRevision: 1);
        var refused = await Assert.ThrowsAsync<FactRevisionConflictException>(() =>
            Facts(b).SaveAsync(fact with { Text = "Boris's wording." }, RevisionAction.Edit, Boris, expectedRevision: 1));

        Assert.Equal(("Anna's wording.", 2, "Mod Anna"), (refused.Current.Text, refused.Current.Revision, refused.Current.UpdatedBy));
        Assert.Equal([1, 2], (await Facts(b).HistoryAsync("ua-land")).Select(r => r.Revision));
    }

    [Fact]
    public async Task Pending_ClaimedByOneInstance_IsNotHandedToAnother_UntilReleasedOrExpired()
    {
        var database = await postgres.CreateDatabaseAsync();
        var a = await StartAsync(database, seed: true);
        var b = await StartAsync(database);
        var c = await StartAsync(database);
        await Facts(a).SaveAsync(Facts(a).Snapshot.FactsById["ru-land"] with { Text = "Edited." }, RevisionAction.Edit, Anna);
        await Facts(a).SaveAsync(Facts(a).Snapshot.FactsById["ua-land"] with { Text = "Edited too." }, RevisionAction.Edit, Anna);

        var claims = await Task.WhenAll(Instance<IChangeOutbox>(a).PendingAsync(), Instance<IChangeOutbox>(b).PendingAsync());

        // Claimed at the same moment, each announcement went to exactly one of them.
        Assert.Equal(2, claims.Sum(c => c.Count));
        Assert.Empty(claims[0].Select(p => p.Id).Intersect(claims[1].Select(p => p.Id)));
        Assert.Empty(await Instance<IChangeOutbox>(c).PendingAsync());

        // An instance that dies keeps its claim until it expires; then another takes over.
        _time.Advance(PostgresChangeOutbox.ClaimFor + TimeSpan.FromSeconds(1));
        Assert.Equal(2, (await Instance<IChangeOutbox>(c).PendingAsync()).Count);
        await StopAsync(c);
        Assert.Equal(2, (await Instance<IChangeOutbox>(b).PendingAsync()).Count);
    }

    [Fact]
    public async Task TryClaim_SameDeliveryOnTwoInstances_OneActsOnIt()
    {
        var database = await postgres.CreateDatabaseAsync();
        var a = await StartAsync(database);
        var b = await StartAsync(database);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Instance<IDeliveryLog>(i % 2 == 0 ? a : b).TryClaimAsync("discord:interaction:1300000000000000077", TimeSpan.FromMinutes(15), CancellationToken.None).AsTask()));

        Assert.Equal(1, results.Count(r => r));
    }

    [Fact]
    public async Task ConversationMemory_QuestionAskedOnOneInstance_IsTheFollowUpsContextOnAnother_UntilItExpires()
    {
        var database = await postgres.CreateDatabaseAsync();
        var a = await StartAsync(database);
        var b = await StartAsync(database);

        await Instance<IConversationMemory>(a).RememberAsync("slack:T1:C1:1700000000.000100", "Does Russia still demand Crimea?", TimeSpan.FromMinutes(30), CancellationToken.None);

        Assert.IsType<PostgresConversationMemory>(Instance<IConversationMemory>(b));
        Assert.Equal("Does Russia still demand Crimea?", await Instance<IConversationMemory>(b).LastQuestionAsync("slack:T1:C1:1700000000.000100", CancellationToken.None));
        Assert.Null(await Instance<IConversationMemory>(b).LastQuestionAsync("slack:T1:C1:1700000000.000200", CancellationToken.None));
        _time.Advance(TimeSpan.FromMinutes(31));
        Assert.Null(await Instance<IConversationMemory>(b).LastQuestionAsync("slack:T1:C1:1700000000.000100", CancellationToken.None));
    }

    [Fact]
    public async Task Open_ByThreeInstancesAtOnce_MigratesOnce()
    {
        var database = await postgres.CreateDatabaseAsync();

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => StartAsync(database))));

        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*)::int, max(version) from schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal((PostgresSchema.CurrentVersion, PostgresSchema.CurrentVersion), (reader.GetInt32(0), reader.GetInt32(1)));
    }

    [Fact]
    public async Task Open_DatabaseMigratedByANewerRelease_IsRefusedAndLeftUntouched()
    {
        var database = await postgres.CreateDatabaseAsync();
        await StopAsync(await StartAsync(database));
        await ExecuteAsync(database, $"insert into schema_migrations (version) values ({PostgresSchema.CurrentVersion + 1})");

        var refused = Assert.Throws<KnowledgeStoreUnavailableException>(() => PostgresKnowledgeDatabase.Open(database));

        Assert.Contains($"schema version {PostgresSchema.CurrentVersion + 1}, newer than this TalksBot knows ({PostgresSchema.CurrentVersion})", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "Knowledge:ConnectionString is not set")]
    [InlineData("Host=127.0.0.1;Port=1;Database=talksbot;Username=talksbot;Password=s3cret-pw;Timeout=2", "cannot use the knowledge database at PostgreSQL 127.0.0.1:1/talksbot")]
    [InlineData("Hots=nowhere", "not a valid PostgreSQL connection string")]
    public void Open_WithoutAUsableServer_SaysWhatIsWrong_NeverThePassword(string? connectionString, string expected)
    {
        var refused = Assert.Throws<KnowledgeStoreUnavailableException>(() => PostgresKnowledgeDatabase.Open(connectionString));

        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", refused.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_LiteDbFile_CopiesEverythingAndVerifies_AndRefusesATargetThatHoldsKnowledge()
    {
        var directory = Directory.CreateTempSubdirectory("talksbot-migrate-").FullName;
        try
        {
            var file = Path.Combine(directory, "talksbot.db");
            using (var lite = StoredKnowledge.Open(file))
            {
                lite.Import(SmallSeed());
                lite.Save(lite.Snapshot.FactsById["ru-land"] with { Text = "Edited in the file." }, RevisionAction.Edit, "Mod Anna", "newer source");
                lite.Subscribe("discord", "1200000000000000002", Anna);
                lite.RecordFeedback("ru-land", helpful: false, "u1", "discord");
                lite.RecordUnanswered("Who won the 2026 election?", "slack");
            }

            var target = await postgres.CreateDatabaseAsync();
            var report = await LiteDbToPostgresMigration.RunAsync(file, target);
            var again = await Assert.ThrowsAsync<KnowledgeStoreUnavailableException>(() => LiteDbToPostgresMigration.RunAsync(file, target));

            Assert.True(report.Verified);
            Assert.Contains(("revisions", 3), report.Copied);
            Assert.Contains("already holds 2 facts", again.Message, StringComparison.Ordinal);
            var shared = await StartAsync(target);
            Assert.Equal("Edited in the file.", Facts(shared).Snapshot.FactsById["ru-land"].Text);
            Assert.Equal(["Mod Anna"], (await Facts(shared).HistoryAsync("ru-land")).Skip(1).Select(r => r.Who));
            Assert.Equal("discord:1200000000000000002", Assert.Single(await Instance<ISubscriptionStore>(shared).ListAsync()).Key);
            Assert.Equal(new FactFeedback("ru-land", 0, 1), Assert.Single(await Instance<IFeedbackStore>(shared).FeedbackAsync()));
            Assert.Equal("Who won the 2026 election?", Assert.Single(await Instance<IFeedbackStore>(shared).UnansweredAsync()).Text);
            Assert.Equal("ru-land", Assert.Single(await Instance<IChangeOutbox>(shared).PendingAsync()).FactId);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var listener in Stoppers)
        {
            await listener.StopAsync(CancellationToken.None);
            listener.Dispose();
        }

        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }
    }

    private static KnowledgeSet SmallSeed() => new(
        [new Party("russia", "Russia", ["Kremlin"]), new Party("ukraine", "Ukraine", ["Kyiv"])],
        [new Topic("territory", "Territory", "Who gets which land.", []), new Topic("nato", "NATO", "Membership and neutrality.", [])],
        [new Source("ap-1", "Where things stand", "AP", "https://example.org/ap", new DateOnly(2025, 12, 15), SourceReliability.Normal, null)],
        [
            SmallFact("ru-land", "russia", "territory", "Russia demands all of Donetsk and Luhansk."),
            SmallFact("ua-land", "ukraine", "territory", "Ukraine will not formally cede occupied land."),
        ]);

    private static Fact SmallFact(string id, string party, string topic, string text) => new()
    {
        Id = id,
        Kind = FactKind.Position,
        Party = party,
        Topic = topic,
        AsOf = new DateOnly(2025, 12, 15),
        Text = text,
        Sources = [new SourceRef("ap-1")],
    };

    private static IFactStore Facts(ServiceProvider instance) => instance.GetRequiredService<IFactStore>();

    private static T Instance<T>(ServiceProvider instance)
        where T : notnull => instance.GetRequiredService<T>();

    private static List<KnowledgeChange> TakeChanges(ServiceProvider instance)
    {
        var changes = new List<KnowledgeChange>();
        while (instance.GetRequiredService<KnowledgeChangeFeed>().Reader.TryRead(out var change))
        {
            changes.Add(change);
        }

        return changes;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>One instance on the database (the stores opened, nothing listening yet); with <paramref name="seed"/>, the small seed imported.</summary>
    private async Task<ServiceProvider> StartAsync(string connectionString, bool seed = false)
    {
        var services = StoredKnowledge.Compose(
            Path.Combine(Path.GetTempPath(), "talksbot-shared-unused.db"),
            embeddings: false,
            new Dictionary<string, string?> { ["Knowledge:Store"] = "Postgres", ["Knowledge:ConnectionString"] = connectionString });
        services.AddSingleton<TimeProvider>(_time);
        services.AddTalksBotPostgres();
        var instance = services.BuildServiceProvider();
        lock (_instances)
        {
            _instances.Add(instance);
        }

        // Opening the stores opens the database (and migrates it), as a starting process does.
        _ = Facts(instance).Snapshot;
        if (seed)
        {
            await Facts(instance).ImportAsync(SmallSeed());
        }

        TakeChanges(instance);
        return instance;
    }

    private List<PostgresChangeListener> Stoppers { get; } = [];

    private async Task StartListenerAsync(ServiceProvider instance)
    {
        // The listener as the host starts it (the rest of the host is not needed here); it stops with the instance.
        var listener = ActivatorUtilities.CreateInstance<PostgresChangeListener>(instance);
        await listener.StartAsync(CancellationToken.None);
        Stoppers.Add(listener);
        var ready = instance.GetRequiredService<Core.Health.ReadinessRegistry>();
        await Polling.WaitForAsync(() => ready.Report().Components.Any(c => c.Name == "database" && c.Ready), TimeSpan.FromSeconds(10), () => "timed out waiting for the listener to connect");
    }

    private async Task StopAsync(ServiceProvider instance)
    {
        lock (_instances)
        {
            _instances.Remove(instance);
        }

        await instance.DisposeAsync();
    }
}
