using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using TalksBot.Core.Knowledge;
using TalksBot.Postgres;
using TalksBot.Testing;

namespace TalksBot.Benchmarks;

/// <summary>
/// A moderator's save on each engine (the real knowledge, lexical search), and on PostgreSQL the time until a second
/// instance on the same database has it: the change-propagation delay (NOTIFY, catch-up by sequence, new snapshot).
/// The PostgreSQL runs start a throwaway server from the installed binaries (as the tests do), or use
/// <c>TALKSBOT_TEST_POSTGRES</c>'s.
/// </summary>
[Config(typeof(AskLatencyConfig))]
public class SharedStoreBenchmarks
{
    private const string FactId = "person-kushner";
    private static readonly Actor Moderator = new("bench", "m1", "Bench Moderator");
    private string _runDirectory = "";
    private PostgresCluster? _cluster;
    private BenchmarkKnowledge? _writer;
    private BenchmarkKnowledge? _reader;
    private IDisposable? _listener;
    private TaskCompletionSource _arrived = NewSignal();
    private int _edit;

    [GlobalSetup(Target = nameof(SaveLiteDb))]
    public void SetupLiteDb()
    {
        _runDirectory = BenchmarkData.NewRunDirectory();
        _writer = BenchmarkKnowledge.Start(Path.Combine(_runDirectory, "talksbot.db"), embeddings: false, import: BenchmarkData.Real);
        Warm();
    }

    [GlobalSetup(Targets = [nameof(SavePostgres), nameof(SaveUntilAnotherInstanceHasItPostgres)])]
    public void SetupPostgres()
    {
        _runDirectory = BenchmarkData.NewRunDirectory();
        _cluster = PostgresCluster.StartAsync().GetAwaiter().GetResult();
        var database = _cluster.CreateDatabaseAsync().GetAwaiter().GetResult();
        var unused = Path.Combine(_runDirectory, "unused.db");
        _writer = BenchmarkKnowledge.Start(unused, embeddings: false, import: BenchmarkData.Real, postgres: database);
        _reader = BenchmarkKnowledge.Start(unused, embeddings: false, postgres: database);
        var readerDatabase = _reader.Services.GetRequiredService<PostgresKnowledgeDatabase>();
        readerDatabase.ChangeArrived += _ => _arrived.TrySetResult();
        var listener = ActivatorUtilities.CreateInstance<PostgresChangeListener>(_reader.Services);
        listener.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        _listener = listener;
        Warm();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_listener is PostgresChangeListener listener)
        {
            listener.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
            listener.Dispose();
        }

        _reader?.Dispose();
        _writer?.Dispose();
        _cluster?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_runDirectory, recursive: true);
    }

    /// <summary>The store's part of a moderator's edit on the LiteDB file: fact, revision, announcement, new snapshot.</summary>
    [Benchmark]
    public Task<Fact> SaveLiteDb() => SaveAsync();

    /// <summary>The same on PostgreSQL: one transaction (locked row, revision, outbox, change row, NOTIFY) over loopback.</summary>
    [Benchmark]
    public Task<Fact> SavePostgres() => SaveAsync();

    /// <summary>Save on one instance until another instance's snapshot holds it: the change-propagation delay, end to end.</summary>
    [Benchmark]
    public async Task SaveUntilAnotherInstanceHasItPostgres()
    {
        _arrived = NewSignal();
        var saved = await SaveAsync().ConfigureAwait(false);
        await _arrived.Task.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        if (_reader!.Facts.Snapshot.FactsById[FactId].Revision != saved.Revision)
        {
            throw new InvalidOperationException("The other instance did not get the edit.");
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Task<Fact> SaveAsync()
    {
        var fact = _writer!.Facts.Snapshot.FactsById[FactId];
        return _writer.Facts.SaveAsync(
            fact with { Text = $"Jared Kushner, edit {++_edit}: the president's son-in-law joined the US team for the talks in Moscow." },
            RevisionAction.Edit,
            Moderator,
            "benchmark");
    }

    private void Warm()
    {
        for (var i = 0; i < 20; i++)
        {
            SaveAsync().GetAwaiter().GetResult();
        }
    }
}
