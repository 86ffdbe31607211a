using System.Diagnostics;
using LiteDB;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace TalksBot.Core.Knowledge.LiteDb;

/// <summary>
/// The embedded engine: one LiteDB file owned by this process. It holds the file lock, the write gate, the one lock
/// every read and write of the focused LiteDB stores takes, the transaction helper they share, and the in-memory
/// <see cref="KnowledgeSnapshot"/> they keep current and publish to the <see cref="KnowledgeChangeFeed"/>.
/// </summary>
/// <remarks>
/// <para>
/// LiteDB is synchronous and in-process, so the stores' asynchronous methods run their work on the caller's thread
/// under the lock (a few milliseconds) and return a completed task; a server engine implements the same interfaces
/// truly asynchronously.
/// </para>
/// <para>
/// A write the storage refuses (disk full, file too large, read-only file system) leaves a LiteDB 5 instance
/// unusable: later calls fail with unrelated errors (a <see cref="LockRecursionException"/> on the next checkpoint),
/// even once space is back. So after such a failure the instance is closed and the file reopened from disk (the
/// failed transaction never committed, and the snapshot is re-read should the disk say otherwise); while that is not
/// possible every call fails with a <see cref="KnowledgeStorageException"/>, and each later call tries again.
/// </para>
/// <para>
/// Maintenance only a file engine has stays here rather than behind an interface: the write gate another process's
/// backup waits on, and consistent copies of the file (<see cref="Backup"/>, <see cref="BackupFile"/>).
/// </para>
/// </remarks>
public sealed class LiteDbKnowledgeDatabase : IKnowledgeStorage, IDisposable
{
    internal const string PartiesCollection = "parties";
    internal const string TopicsCollection = "topics";
    internal const string SourcesCollection = "sources";
    internal const string FactsCollection = "facts";
    internal const string RevisionsCollection = "revisions";
    internal const string VectorsCollection = "vectors";
    internal const string UnansweredCollection = "unanswered";
    internal const string FeedbackCollection = "feedback";
    internal const string SubscriptionsCollection = "subscriptions";
    internal const string OutboxCollection = "outbox";

    /// <summary>
    /// LiteDB folds its log into the file after 1,000 pages (8 MB) by itself, inside the commit. We turn that off and
    /// do it after the commit instead, so a checkpoint the disk refuses cannot turn a saved change into an error.
    /// </summary>
    private const long CheckpointLogBytes = 1000 * 8192;

    private readonly DatabaseFileLock _fileLock;
    private readonly WriteGate _writeGate;
    private readonly KnowledgeChangeFeed _changes;
    private readonly ILogger _logger;
    private readonly Func<Stream, Stream> _decorateFile;
    private readonly Lock _lock = new();
    private OpenFile? _open;
    private StorageProblem _lastProblem = StorageProblem.InputOutputError;
    private volatile KnowledgeSnapshot _snapshot = KnowledgeSnapshot.Empty;
    private bool _disposed;

    private LiteDbKnowledgeDatabase(DatabaseFileLock fileLock, string path, TimeProvider time, KnowledgeChangeFeed changes, ILogger logger, Func<Stream, Stream> decorateFile)
    {
        _fileLock = fileLock;
        _writeGate = new WriteGate(path);
        Path = path;
        Time = time;
        _changes = changes;
        _logger = logger;
        _decorateFile = decorateFile;
    }

    /// <summary>The database file's full path.</summary>
    public string Path { get; }

    public string Location => Path;

    /// <summary>The knowledge as last committed; replaced atomically, read without a lock.</summary>
    public KnowledgeSnapshot Snapshot => _snapshot;

    internal TimeProvider Time { get; }

    /// <summary>Opens (or creates) the database file, taking the exclusive lock first.</summary>
    /// <param name="path">The LiteDB file.</param>
    /// <param name="time">The clock for bookkeeping (revision times); the system clock by default.</param>
    /// <param name="changes">Where committed changes are published; a feed nobody follows by default.</param>
    /// <param name="logger">Where storage failures are logged.</param>
    /// <exception cref="KnowledgeStoreUnavailableException">Another process holds the file, it is not a LiteDB database, or it may not be written.</exception>
    public static LiteDbKnowledgeDatabase Open(string path, TimeProvider? time = null, KnowledgeChangeFeed? changes = null, ILogger? logger = null) =>
        Open(path, time, changes, logger, decorateFile: file => file);

    /// <inheritdoc cref="Open(string, TimeProvider?, KnowledgeChangeFeed?, ILogger?)"/>
    /// <param name="path">The LiteDB file.</param>
    /// <param name="time">The clock for bookkeeping.</param>
    /// <param name="changes">Where committed changes are published.</param>
    /// <param name="logger">Where storage failures are logged.</param>
    /// <param name="decorateFile">Wraps each opened file (the database and its log): how tests put a full disk under the real engine.</param>
    internal static LiteDbKnowledgeDatabase Open(string path, TimeProvider? time, KnowledgeChangeFeed? changes, ILogger? logger, Func<Stream, Stream> decorateFile)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var fileLock = DatabaseFileLock.Acquire(fullPath);
        if (!IsEmptyOrLiteDb(fullPath))
        {
            fileLock.Dispose();
            throw new KnowledgeStoreUnavailableException(
                $"The file '{fullPath}' is not a TalksBot knowledge database or is damaged (no LiteDB header). " +
                "It was left untouched; point Knowledge:DatabasePath at another file, or move it aside to rebuild from knowledge/.");
        }

        var database = new LiteDbKnowledgeDatabase(fileLock, fullPath, time ?? TimeProvider.System, changes ?? new KnowledgeChangeFeed(), logger ?? NullLogger.Instance, decorateFile);
        try
        {
            lock (database._lock)
            {
                database._open = database.OpenFiles();
                database._snapshot = LoadSnapshot(database._open.Database);
            }

            return database;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            database.Dispose();
            throw exception switch
            {
                UnauthorizedAccessException => new KnowledgeStoreUnavailableException($"TalksBot may not read or write '{fullPath}': {exception.Message}", exception),
                IOException when DatabaseFileStream.Classify(exception) is { } problem and not StorageProblem.InputOutputError =>
                    new KnowledgeStoreUnavailableException($"TalksBot cannot write '{fullPath}' ({KnowledgeStorageException.Describe(problem)}).", exception),

                // LiteDB reports a foreign or damaged file with assorted exception types; the user needs one clear message.
                _ => new KnowledgeStoreUnavailableException(
                    $"The file '{fullPath}' is not a TalksBot knowledge database or is damaged ({exception.Message}). " +
                    "Move it aside and start again to rebuild it from knowledge/.",
                    exception),
            };
        }
    }

    public Task<long> SizeAsync(CancellationToken cancellationToken = default)
    {
        // Committed changes sit in the write-ahead log until a checkpoint folds them in: count both.
        var log = new FileInfo(LogPathOf(Path));
        return Task.FromResult(new FileInfo(Path).Length + (log.Exists ? log.Length : 0));
    }

    /// <summary>
    /// Writes a consistent copy of the database to <paramref name="destination"/> (a single file, log folded in):
    /// writes wait meanwhile. Safe while the bot serves members.
    /// </summary>
    /// <exception cref="KnowledgeStorageException">The copy (or the checkpoint before it) could not be written.</exception>
    public void Backup(string destination) => Exclusive(database =>
    {
        BackupHoldingLock(database, destination);
        return true;
    });

    /// <summary>
    /// Writes a consistent copy of the database file at <paramref name="databasePath"/> to <paramref name="destination"/>,
    /// whether or not a bot has it open: a running bot's writes pause for the copy (they take the same write gate).
    /// </summary>
    /// <exception cref="KnowledgeStoreUnavailableException">There is no database at that path.</exception>
    public static void BackupFile(string databasePath, string destination)
    {
        var fullPath = System.IO.Path.GetFullPath(databasePath);
        if (!File.Exists(fullPath) || !IsEmptyOrLiteDb(fullPath))
        {
            throw new KnowledgeStoreUnavailableException($"There is no TalksBot knowledge database at '{fullPath}'.");
        }

        DatabaseFileLock? owned = null;
        try
        {
            owned = DatabaseFileLock.Acquire(fullPath);
        }
        catch (KnowledgeStoreUnavailableException)
        {
            // A running bot has it open: copy between two of its writes.
        }

        using (owned)
        {
            CopyConsistently(fullPath, destination, gateHeld: false);
        }
    }

    /// <summary>Waits for a write in progress, writes the log into the data file (checkpoint) and closes the file.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_open is { } open)
            {
                if (open.Failure is null)
                {
                    TryCheckpoint(open, closing: true);
                }

                Close(open);
                _open = null;
            }
        }

        _fileLock.Dispose();
    }

    /// <summary>
    /// Runs <paramref name="work"/> under the lock, on the open database (reopened first if a storage failure closed
    /// it), as a completed task; any exception becomes the task's. A storage failure becomes a
    /// <see cref="KnowledgeStorageException"/>.
    /// </summary>
    internal Task<T> RunAsync<T>(Func<LiteDatabase, T> work, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        try
        {
            return Task.FromResult(Exclusive(work));
        }
        catch (Exception exception)
        {
            return Task.FromException<T>(exception);
        }
    }

    /// <inheritdoc cref="RunAsync{T}"/>
    internal Task RunAsync(Action<LiteDatabase> work, CancellationToken cancellationToken) =>
        RunAsync(database =>
        {
            work(database);
            return true;
        }, cancellationToken);

    /// <summary>Runs writes in one transaction (the caller holds the lock, inside <see cref="RunAsync{T}"/>): all land or none.</summary>
    internal T InTransaction<T>(LiteDatabase database, Func<T> write)
    {
        Debug.Assert(_lock.IsHeldByCurrentThread, "transactions run under the database lock");
        using var gate = _writeGate.Enter();
        database.BeginTrans();
        try
        {
            var result = write();
            database.Commit();
            return result;
        }
        catch when (_open?.Failure is null)
        {
            // An ordinary failure (a broken rule, a duplicate id): undo. After a storage failure the instance is
            // unusable, rollback included; it is closed and reopened instead.
            database.Rollback();
            throw;
        }
    }

    /// <summary>Makes a committed change visible: the new snapshot, published to the feed (the caller holds the lock).</summary>
    internal void Publish(KnowledgeSnapshot snapshot, KnowledgeChangeKind kind, FactChange? fact = null)
    {
        Debug.Assert(_lock.IsHeldByCurrentThread, "changes are published under the database lock");
        _snapshot = snapshot;
        _changes.Publish(kind, snapshot, fact);
    }

    /// <summary>Backs up while the caller holds the lock (an import deciding its own backup).</summary>
    internal void BackupHoldingLock(LiteDatabase database, string destination)
    {
        using var gate = _writeGate.Enter();
        database.Checkpoint();
        CopyConsistently(Path, destination, gateHeld: true);
    }

    internal static KnowledgeSnapshot LoadSnapshot(LiteDatabase database) => new(new KnowledgeSet(
        database.GetCollection(PartiesCollection).FindAll().Select(KnowledgeDocuments.ToParty).ToList(),
        database.GetCollection(TopicsCollection).FindAll().Select(KnowledgeDocuments.ToTopic).ToList(),
        database.GetCollection(SourcesCollection).FindAll().Select(KnowledgeDocuments.ToSource).ToList(),
        database.GetCollection(FactsCollection).FindAll().Select(KnowledgeDocuments.ToFact).ToList()));

    /// <summary>
    /// Copies a database file and its write-ahead log while no write is under way (the caller holds the gate, or it is
    /// taken here), then folds the log into the copy so the result is one self-contained file.
    /// </summary>
    internal static void CopyConsistently(string source, string destination, bool gateHeld)
    {
        var target = System.IO.Path.GetFullPath(destination);
        var directory = System.IO.Path.GetDirectoryName(target);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var temporary = target + ".partial";
        var logSource = LogPathOf(source);
        var logTemporary = LogPathOf(temporary);
        File.Delete(logTemporary);
        using (gateHeld ? null : new WriteGate(source).Enter())
        {
            File.Copy(source, temporary, overwrite: true);
            if (File.Exists(logSource))
            {
                File.Copy(logSource, logTemporary, overwrite: true);
            }
        }

        using (var copy = new LiteDatabase(new ConnectionString { Filename = temporary, Connection = ConnectionType.Direct }))
        {
            // Reading proves the copy opens; the checkpoint folds the log in.
            _ = copy.GetCollection(FactsCollection).Count();
            copy.Checkpoint();
        }

        File.Delete(logTemporary);
        File.Move(temporary, target, overwrite: true);
    }

    /// <summary>LiteDB 5 keeps its write-ahead log beside the file: "talksbot.db" → "talksbot-log.db".</summary>
    internal static string LogPathOf(string databasePath) =>
        System.IO.Path.Combine(
            System.IO.Path.GetDirectoryName(databasePath) ?? "",
            System.IO.Path.GetFileNameWithoutExtension(databasePath) + "-log" + System.IO.Path.GetExtension(databasePath));

    /// <summary>LiteDB "repairs" a foreign file by rewriting it, so anything that is not a LiteDB file is refused before it opens.</summary>
    private static bool IsEmptyOrLiteDb(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length == 0)
        {
            return true;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        Span<byte> header = stackalloc byte[64];
        var read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        return header[..read].IndexOf("This is a LiteDB file"u8) >= 0;
    }

    private T Exclusive<T>(Func<LiteDatabase, T> work)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var open = EnsureOpen();
            T result;
            try
            {
                result = work(open.Database);
            }
            catch (Exception exception) when (open.Failure is { } problem)
            {
                Fail(open, problem, exception);
                throw new KnowledgeStorageException(problem, exception);
            }
            catch (IOException exception) when (DatabaseFileStream.Classify(exception) is { } problem)
            {
                // Not the database's own files (a backup copy that did not fit): the database itself is fine.
                throw new KnowledgeStorageException(problem, exception);
            }

            if (open.Log.Length > CheckpointLogBytes)
            {
                TryCheckpoint(open, closing: false);
            }

            return result;
        }
    }

    /// <summary>The open database; after a storage failure closed it, opens the file again (the caller holds the lock).</summary>
    private OpenFile EnsureOpen()
    {
        if (_open is { } open)
        {
            return open;
        }

        try
        {
            _open = OpenFiles();
            var reloaded = LoadSnapshot(_open.Database);
            if (!SameKnowledge(reloaded, _snapshot))
            {
                // The failed write reached the disk after all: what the disk says is what stands.
                Publish(reloaded, KnowledgeChangeKind.Everything);
            }

            Log.KnowledgeStorageReopened(_logger, Path);
            return _open;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException and not KnowledgeStorageException)
        {
            if (_open is { } partial)
            {
                Close(partial);
                _open = null;
            }

            throw new KnowledgeStorageException(
                exception is IOException && DatabaseFileStream.Classify(exception) is { } problem ? problem : _lastProblem,
                exception);
        }
    }

    /// <summary>Closes an instance a storage failure left unusable, and tries to reopen at once so reads work while the cause lasts.</summary>
    private void Fail(OpenFile open, StorageProblem problem, Exception exception)
    {
        Log.KnowledgeStorageFailed(_logger, Path, KnowledgeStorageException.Describe(problem), exception);
        _lastProblem = problem;
        Close(open);
        _open = null;
        try
        {
            EnsureOpen();
        }
        catch (KnowledgeStorageException)
        {
            // Still not possible: the next call tries again.
        }
    }

    private void TryCheckpoint(OpenFile open, bool closing)
    {
        try
        {
            using var gate = _writeGate.Enter();
            open.Database.Checkpoint();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Every committed change is in the log, which is folded in at the next checkpoint or start: the changes
            // stand, and nothing that called for this checkpoint may fail because of it.
            var problem = open.Failure ?? DatabaseFileStream.Classify(exception) ?? StorageProblem.InputOutputError;
            Log.KnowledgeCheckpointFailed(_logger, Path, KnowledgeStorageException.Describe(problem), exception);
            if (!closing && open.Failure is not null)
            {
                Fail(open, problem, exception);
            }
        }
    }

    private OpenFile OpenFiles()
    {
        DatabaseFileStream? data = null;
        DatabaseFileStream? log = null;
        try
        {
            data = new DatabaseFileStream(_decorateFile(OpenForLiteDb(Path, FileOptions.RandomAccess)));
            log = new DatabaseFileStream(_decorateFile(OpenForLiteDb(LogPathOf(Path), FileOptions.SequentialScan)));
            var database = new LiteDatabase(data, mapper: null, logStream: log);
            var open = new OpenFile(database, data, log);
            try
            {
                database.GetCollection(RevisionsCollection).EnsureIndex("factId");
                if (database.CheckpointSize != 0)
                {
                    database.CheckpointSize = 0;
                }
            }
            catch
            {
                Close(open);
                throw;
            }

            return open;
        }
        catch
        {
            data?.Dispose();
            log?.Dispose();
            DeleteEmptyLog();
            throw;
        }
    }

    /// <summary>
    /// The database file (or its log) for LiteDB. Shared for reading and writing: this process already owns the file
    /// (<see cref="DatabaseFileLock"/>), and a share lock of our own would only get in the way of a reopen.
    /// </summary>
    private static FileStream OpenForLiteDb(string path, FileOptions options) =>
        new(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 8192, options);

    private void Close(OpenFile open)
    {
        if (open.Failure is not null)
        {
            // The broken instance winds down against files that no longer take writes (whatever bookkeeping LiteDB
            // still writes goes nowhere, the file stays as the last commit left it), without the half-done transaction
            // it can no longer finish.
            AbandonedTransactions.Release(open.Database);
            open.Data.Detach();
            open.Log.Detach();
        }

        try
        {
            open.Database.Dispose();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A broken instance may fail to close; its files are closed below all the same.
        }

        open.Data.Dispose();
        open.Log.Dispose();
        DeleteEmptyLog();
    }

    /// <summary>LiteDB removes an empty log when it owns the files; with the files ours, so do we.</summary>
    private void DeleteEmptyLog()
    {
        var log = new FileInfo(LogPathOf(Path));
        if (log is { Exists: true, Length: 0 })
        {
            log.Delete();
        }
    }

    /// <summary>Whether two snapshots hold the same revisions of the same facts and the same reference data.</summary>
    private static bool SameKnowledge(KnowledgeSnapshot a, KnowledgeSnapshot b) =>
        a.Facts.Count == b.Facts.Count &&
        a.Facts.All(f => b.FactsById.TryGetValue(f.Id, out var other) && other.Revision == f.Revision) &&
        a.Sources.SequenceEqual(b.Sources) &&
        a.Parties.Select(p => p.Id).SequenceEqual(b.Parties.Select(p => p.Id)) &&
        a.Topics.Select(t => t.Id).SequenceEqual(b.Topics.Select(t => t.Id));

    /// <summary>One opening of the file: the LiteDB instance and the two files it works on.</summary>
    private sealed record OpenFile(LiteDatabase Database, DatabaseFileStream Data, DatabaseFileStream Log)
    {
        public StorageProblem? Failure => Data.Failure ?? Log.Failure;
    }
}
