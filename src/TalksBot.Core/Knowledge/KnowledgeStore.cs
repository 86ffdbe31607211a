using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using LiteDB;
using TalksBot.Core.Knowledge.Yaml;

namespace TalksBot.Core.Knowledge;

/// <summary>
/// The knowledge base in one LiteDB file: parties, topics, sources, facts and their append-only revisions.
/// Reads come from an in-memory <see cref="KnowledgeSnapshot"/>; every write goes through one lock and one transaction.
/// </summary>
public sealed class KnowledgeStore : IDisposable
{
    private const string PartiesCollection = "parties";
    private const string TopicsCollection = "topics";
    private const string SourcesCollection = "sources";
    private const string FactsCollection = "facts";
    private const string RevisionsCollection = "revisions";
    private const string VectorsCollection = "vectors";
    private const string UnansweredCollection = "unanswered";
    private const string FeedbackCollection = "feedback";
    private const string SubscriptionsCollection = "subscriptions";
    private const string OutboxCollection = "outbox";
    private const int MaxStoredQuestionLength = 500;

    /// <summary>The longest fact id; it has to fit in a platform's button and form ids.</summary>
    public const int MaxFactIdLength = 80;

    private readonly DatabaseFileLock _fileLock;
    private readonly WriteGate _writeGate;
    private readonly LiteDatabase _database;
    private readonly TimeProvider _time;
    private readonly Lock _writeLock = new();
    private volatile KnowledgeSnapshot _snapshot = KnowledgeSnapshot.Empty;
    private bool _disposed;

    private KnowledgeStore(DatabaseFileLock fileLock, LiteDatabase database, TimeProvider time, string path)
    {
        _fileLock = fileLock;
        _writeGate = new WriteGate(path);
        Path = path;
        _database = database;
        _time = time;
        _database.GetCollection(RevisionsCollection).EnsureIndex("factId");
        _snapshot = LoadSnapshot();
    }

    /// <summary>Raised after each saved fact change, outside the write lock.</summary>
    public event EventHandler<FactChange>? FactChanged;

    /// <summary>Raised after an import that changed anything.</summary>
    public event EventHandler<ImportReport>? Imported;

    public KnowledgeSnapshot Snapshot => _snapshot;

    public string Path { get; }

    /// <summary>Opens (or creates) the database file, taking the exclusive lock first.</summary>
    /// <exception cref="KnowledgeStoreUnavailableException">Another process holds the file, or it is not a LiteDB database.</exception>
    public static KnowledgeStore Open(string path, TimeProvider? time = null)
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

        LiteDatabase? database = null;
        try
        {
            database = new LiteDatabase(new ConnectionString { Filename = fullPath, Connection = ConnectionType.Direct });
            return new KnowledgeStore(fileLock, database, time ?? TimeProvider.System, fullPath);
        }
        catch (UnauthorizedAccessException exception)
        {
            database?.Dispose();
            fileLock.Dispose();
            throw new KnowledgeStoreUnavailableException($"TalksBot may not read or write '{fullPath}': {exception.Message}", exception);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // LiteDB reports a foreign or damaged file with assorted exception types; the user needs one clear message.
            database?.Dispose();
            fileLock.Dispose();
            throw new KnowledgeStoreUnavailableException(
                $"The file '{fullPath}' is not a TalksBot knowledge database or is damaged ({exception.Message}). " +
                "Move it aside and start again to rebuild it from knowledge/.",
                exception);
        }
    }

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

    /// <summary>The revisions of a fact, oldest first.</summary>
    public IReadOnlyList<FactRevision> History(string factId) =>
        _database.GetCollection(RevisionsCollection)
            .Find(Query.EQ("factId", factId))
            .Select(KnowledgeDocuments.ToRevision)
            .OrderBy(r => r.Revision)
            .ToList();

    /// <summary>Imports the seed knowledge in one transaction. Idempotent; never overwrites a moderator's edit.</summary>
    /// <param name="seed">The knowledge files' content.</param>
    /// <param name="backupBeforeChange">Where to back the database up first, should the import change a non-empty database.</param>
    public ImportReport Import(KnowledgeSet seed, string? backupBeforeChange = null)
    {
        ImportReport report;
        lock (_writeLock)
        {
            var now = _time.GetUtcNow();
            var seedHashes = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var fact in seed.Facts)
            {
                seedHashes[fact.Id] = SeedHashOf(fact);
            }

            if (backupBeforeChange is not null && _snapshot.Facts.Count > 0 && WouldChange(seed, seedHashes, _snapshot))
            {
                BackupHoldingWriteLock(backupBeforeChange);
            }

            report = InTransaction(() =>
            {
                var referenceChanges =
                    UpsertChanged(PartiesCollection, seed.Parties.Select(KnowledgeDocuments.FromParty)) +
                    UpsertChanged(TopicsCollection, seed.Topics.Select(KnowledgeDocuments.FromTopic)) +
                    UpsertChanged(SourcesCollection, seed.Sources.Select(KnowledgeDocuments.FromSource));
                return ImportFacts(seed.Facts, seedHashes, now) with { ReferenceDataChanged = referenceChanges };
            });

            _snapshot = LoadSnapshot();
        }

        if (report.ChangedAnything)
        {
            Imported?.Invoke(this, report);
        }

        return report;
    }

    /// <summary>Saves a fact and its revision in the same transaction (a moderator known only by name).</summary>
    public Fact Save(Fact fact, RevisionAction action, string who, string? reason = null, int? expectedRevision = null) =>
        Save(fact, action, new Actor("local", who, who), reason, expectedRevision);

    /// <summary>
    /// Saves a fact, its revision and the announcement for subscribed channels in one transaction;
    /// a new source the fact cites goes into the same transaction.
    /// </summary>
    /// <param name="fact">The new content; bookkeeping fields are set here.</param>
    /// <param name="action">What the change is, for the history.</param>
    /// <param name="actor">Who made it.</param>
    /// <param name="reason">Why, when given.</param>
    /// <param name="expectedRevision">The revision the change started from; a different current revision refuses the save.</param>
    /// <param name="newSource">A source first cited by this change.</param>
    /// <exception cref="FactRevisionConflictException">Someone saved the fact since <paramref name="expectedRevision"/>.</exception>
    /// <exception cref="KnowledgeValidationException">The fact breaks a rule of the knowledge base.</exception>
    public Fact Save(Fact fact, RevisionAction action, Actor actor, string? reason = null, int? expectedRevision = null, Source? newSource = null)
    {
        FactChange change;
        lock (_writeLock)
        {
            var snapshot = _snapshot;
            if (newSource is not null)
            {
                snapshot = snapshot.WithSource(newSource);
            }

            Validate(fact, snapshot);
            var before = snapshot.FactsById.GetValueOrDefault(fact.Id);
            if (expectedRevision is { } expected && (before?.Revision ?? 0) != expected)
            {
                throw new FactRevisionConflictException(before ?? fact with { Revision = 0 }, expected);
            }

            var saved = fact with
            {
                Revision = (before?.Revision ?? 0) + 1,
                UpdatedBy = actor.DisplayName,
                UpdatedAt = _time.GetUtcNow(),
                Origin = FactOrigin.Moderator,
                SeedHash = before?.SeedHash,
            };
            InTransaction(() =>
            {
                if (newSource is not null)
                {
                    _database.GetCollection(SourcesCollection).Upsert(KnowledgeDocuments.FromSource(newSource));
                }

                WriteFactWithRevision(saved, action, actor, reason);
                _database.GetCollection(OutboxCollection, BsonAutoId.Int64).Insert(new BsonDocument
                {
                    ["factId"] = saved.Id,
                    ["revision"] = saved.Revision,
                    ["action"] = Yaml.YamlNames.Of(action),
                    ["who"] = actor.DisplayName,
                    ["reason"] = reason,
                    ["when"] = saved.UpdatedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                    ["delivered"] = new BsonArray(),
                });
                return true;
            });

            _snapshot = snapshot.WithFact(saved);
            change = new FactChange(before, saved, action);
        }

        FactChanged?.Invoke(this, change);
        return change.After;
    }

    /// <summary>Fact changes not yet announced to every subscribed channel, oldest first.</summary>
    public IReadOnlyList<PendingNotification> PendingNotifications() =>
        _database.GetCollection(OutboxCollection, BsonAutoId.Int64).FindAll()
            .Select(d => new PendingNotification(
                d["_id"].AsInt64,
                d["factId"].AsString,
                d["revision"].AsInt32,
                Enum.Parse<RevisionAction>(d["action"].AsString, ignoreCase: true),
                d["who"].AsString,
                d["reason"].IsNull ? null : d["reason"].AsString,
                DateTimeOffset.Parse(d["when"].AsString, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind),
                d["delivered"].AsArray.Select(v => v.AsString).ToHashSet(StringComparer.Ordinal)))
            .OrderBy(n => n.Id)
            .ToList();

    /// <summary>Remembers that a subscribed channel was told of a change, so a retry does not tell it twice.</summary>
    public void MarkDelivered(long notificationId, string subscriptionKey) =>
        Write(() =>
        {
            var outbox = _database.GetCollection(OutboxCollection, BsonAutoId.Int64);
            if (outbox.FindById(notificationId) is { } document)
            {
                document["delivered"].AsArray.Add(subscriptionKey);
                outbox.Update(document);
            }
        });

    /// <summary>Forgets a change once every subscribed channel was told (or it is too old to matter).</summary>
    public void CompleteNotification(long notificationId) =>
        Write(() => _database.GetCollection(OutboxCollection, BsonAutoId.Int64).Delete(notificationId));

    /// <summary>Adds a channel to those told of fact changes; false when it was subscribed already.</summary>
    public bool Subscribe(string platform, string channelId, Actor actor) =>
        Write(() =>
        {
            var collection = _database.GetCollection(SubscriptionsCollection);
            var key = new Subscription(platform, channelId, "", default).Key;
            if (collection.FindById(key) is not null)
            {
                return false;
            }

            collection.Insert(new BsonDocument
            {
                ["_id"] = key,
                ["platform"] = platform,
                ["channelId"] = channelId,
                ["addedBy"] = actor.ToString(),
                ["addedAt"] = _time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            });
            return true;
        });

    /// <summary>Stops telling a channel of fact changes; false when it was not subscribed.</summary>
    public bool Unsubscribe(string platform, string channelId) =>
        Write(() => _database.GetCollection(SubscriptionsCollection).Delete(new Subscription(platform, channelId, "", default).Key));

    public IReadOnlyList<Subscription> Subscriptions() =>
        _database.GetCollection(SubscriptionsCollection).FindAll()
            .Select(d => new Subscription(
                d["platform"].AsString,
                d["channelId"].AsString,
                d["addedBy"].AsString,
                DateTimeOffset.Parse(d["addedAt"].AsString, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind)))
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .ToList();

    /// <summary>Counts for moderators: revisions by kind of change, and the newest change.</summary>
    public (int Revisions, int ModeratorChanges, FactRevision? Latest) RevisionSummary()
    {
        var revisions = _database.GetCollection(RevisionsCollection);
        var moderatorChanges = revisions.Count(Query.Not("action", YamlNames.Of(RevisionAction.Import)));
        var latest = revisions.Find(Query.All("_id"))
            .Select(KnowledgeDocuments.ToRevision)
            .MaxBy(r => r.When);
        return (revisions.Count(), moderatorChanges, latest);
    }

    /// <summary>The database's size on disk in bytes (file and write-ahead log), for /kb stats.</summary>
    public long FileSize()
    {
        // Committed changes sit in the write-ahead log until a checkpoint folds them in: count both.
        var log = new FileInfo(LogPathOf(Path));
        return new FileInfo(Path).Length + (log.Exists ? log.Length : 0);
    }

    /// <summary>
    /// Writes a consistent copy of the database to <paramref name="destination"/> (a single file, log folded in):
    /// writes wait meanwhile. Safe while the bot serves members.
    /// </summary>
    public void Backup(string destination)
    {
        lock (_writeLock)
        {
            BackupHoldingWriteLock(destination);
        }
    }

    /// <summary>Cached sentence vectors by key (a hash of model and text); keys without a vector are absent.</summary>
    public Dictionary<string, float[]> LoadVectors(IReadOnlyCollection<string> keys)
    {
        var collection = _database.GetCollection(VectorsCollection);
        var found = new Dictionary<string, float[]>(keys.Count, StringComparer.Ordinal);

        // Many keys: one scan beats thousands of lookups.
        IEnumerable<BsonDocument> documents = keys.Count > 64
            ? collection.FindAll()
            : keys.Select(k => collection.FindById(k)).OfType<BsonDocument>();
        var wanted = keys as ISet<string> ?? keys.ToHashSet(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            var key = document["_id"].AsString;
            if (wanted.Contains(key))
            {
                found[key] = MemoryMarshal.Cast<byte, float>(document["v"].AsBinary).ToArray();
            }
        }

        return found;
    }

    /// <summary>Adds sentence vectors to the cache in one transaction.</summary>
    public void SaveVectors(IReadOnlyDictionary<string, float[]> vectors)
    {
        lock (_writeLock)
        {
            var collection = _database.GetCollection(VectorsCollection);
            InTransaction(() =>
            {
                foreach (var (key, vector) in vectors)
                {
                    collection.Upsert(new BsonDocument { ["_id"] = key, ["v"] = MemoryMarshal.AsBytes(vector.AsSpan()).ToArray() });
                }

                return vectors.Count;
            });
        }
    }

    /// <summary>Counts a question the bot could not answer, for moderators; the same question asked again is counted, not repeated.</summary>
    public void RecordUnanswered(string question, string platform)
    {
        var text = question.Trim();
        if (text.Length == 0)
        {
            return;
        }

        text = text.Length > MaxStoredQuestionLength ? text[..MaxStoredQuestionLength] : text;
        var key = string.Join(' ', text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).TrimEnd('?', '!', '.', ' ');
        var now = _time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        Write(() =>
        {
            var collection = _database.GetCollection(UnansweredCollection);
            var existing = collection.FindById(key);
            collection.Upsert(new BsonDocument
            {
                ["_id"] = key,
                ["text"] = text,
                ["count"] = (existing?["count"].AsInt32 ?? 0) + 1,
                ["firstAsked"] = existing?["firstAsked"] ?? now,
                ["lastAsked"] = now,
                ["platform"] = platform,
            });
        });
    }

    /// <summary>Stores a member's verdict on an answer; a second press by the same member replaces the first.</summary>
    public void RecordFeedback(string factId, bool helpful, string userId, string platform)
    {
        var now = _time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        Write(() =>
        {
            _database.GetCollection(FeedbackCollection).Upsert(new BsonDocument
            {
                ["_id"] = $"{platform}:{userId}:{factId}",
                ["factId"] = factId,
                ["helpful"] = helpful,
                ["userId"] = userId,
                ["platform"] = platform,
                ["when"] = now,
            });
        });
    }

    /// <summary>Helpful and not-helpful counts per fact, most "not helpful" first.</summary>
    public IReadOnlyList<FactFeedback> Feedback() =>
        _database.GetCollection(FeedbackCollection).FindAll()
            .GroupBy(d => d["factId"].AsString)
            .Select(g => new FactFeedback(g.Key, g.Count(d => d["helpful"].AsBoolean), g.Count(d => !d["helpful"].AsBoolean)))
            .OrderByDescending(f => f.NotHelpful)
            .ThenBy(f => f.FactId, StringComparer.Ordinal)
            .ToList();

    /// <summary>The most often asked questions the bot could not answer, most frequent first.</summary>
    public IReadOnlyList<UnansweredQuestion> Unanswered(int limit = 20) =>
        _database.GetCollection(UnansweredCollection).FindAll()
            .Select(d => new UnansweredQuestion(
                d["text"].AsString,
                d["count"].AsInt32,
                DateTimeOffset.Parse(d["lastAsked"].AsString, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind),
                d["platform"].AsString))
            .OrderByDescending(q => q.Count)
            .ThenByDescending(q => q.LastAsked)
            .Take(limit)
            .ToList();

    /// <summary>Adds or replaces a source (moderators cite new pages).</summary>
    public void SaveSource(Source source)
    {
        lock (_writeLock)
        {
            InTransaction(() => _database.GetCollection(SourcesCollection).Upsert(KnowledgeDocuments.FromSource(source)));
            _snapshot = _snapshot.WithSource(source);
        }
    }

    /// <summary>Waits for a write in progress, writes the log into the data file (checkpoint) and closes the file.</summary>
    public void Dispose()
    {
        lock (_writeLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            using var gate = _writeGate.Enter();
            _database.Checkpoint();
        }

        _database.Dispose();
        _fileLock.Dispose();
    }

    /// <summary>True when importing <paramref name="seed"/> would change the database (so a backup is worth taking first).</summary>
    private static bool WouldChange(KnowledgeSet seed, Dictionary<string, string> seedHashes, KnowledgeSnapshot snapshot) =>
        seed.Facts.Any(f => !snapshot.FactsById.TryGetValue(f.Id, out var existing) ||
                (existing.SeedHash != seedHashes[f.Id] && existing.Origin == FactOrigin.Seed))
            || seed.Parties.Any(p => !snapshot.PartiesById.TryGetValue(p.Id, out var existing) || KnowledgeDocuments.FromParty(existing) != KnowledgeDocuments.FromParty(p))
            || seed.Topics.Any(t => !snapshot.TopicsById.TryGetValue(t.Id, out var existing) || KnowledgeDocuments.FromTopic(existing) != KnowledgeDocuments.FromTopic(t))
            || seed.Sources.Any(s => !snapshot.SourcesById.TryGetValue(s.Id, out var existing) || KnowledgeDocuments.FromSource(existing) != KnowledgeDocuments.FromSource(s));

    /// <summary>The hash of a fact's seed content, used to tell a changed seed file from a moderator's edit.</summary>
    internal static string SeedHashOf(Fact fact) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(KnowledgeYamlWriter.FactContent(fact))))[..32];

    /// <summary>Direct access for tests that need to put the file into an unusual state.</summary>
    internal LiteDatabase Database => _database;

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
    private static string LogPathOf(string databasePath) =>
        System.IO.Path.Combine(
            System.IO.Path.GetDirectoryName(databasePath) ?? "",
            System.IO.Path.GetFileNameWithoutExtension(databasePath) + "-log" + System.IO.Path.GetExtension(databasePath));

    private void Write(Action write) => Write(() =>
    {
        write();
        return true;
    });

    private T Write<T>(Func<T> write)
    {
        lock (_writeLock)
        {
            return InTransaction(write);
        }
    }

    /// <summary>Runs writes in one LiteDB transaction (per thread, so callers hold the write lock): all land or none.</summary>
    private T InTransaction<T>(Func<T> write)
    {
        using var gate = _writeGate.Enter();
        _database.BeginTrans();
        try
        {
            var result = write();
            _database.Commit();
            return result;
        }
        catch
        {
            _database.Rollback();
            throw;
        }
    }

    private void BackupHoldingWriteLock(string destination)
    {
        using var gate = _writeGate.Enter();
        _database.Checkpoint();
        CopyConsistently(Path, destination, gateHeld: true);
    }

    private ImportReport ImportFacts(IReadOnlyList<Fact> seedFacts, Dictionary<string, string> seedHashes, DateTimeOffset now)
    {
        var facts = _database.GetCollection(FactsCollection);
        int inserted = 0, updated = 0, unchanged = 0;
        var conflicts = new List<ImportConflict>();
        foreach (var seedFact in seedFacts)
        {
            var seedHash = seedHashes[seedFact.Id];
            var existingDocument = facts.FindById(seedFact.Id);
            var existing = existingDocument is null ? null : KnowledgeDocuments.ToFact(existingDocument);
            if (existing is null)
            {
                WriteFactWithRevision(Stamp(seedFact, 1, seedHash, now), RevisionAction.Import, Actor.Seed, reason: null);
                inserted++;
            }
            else if (existing.SeedHash == seedHash)
            {
                unchanged++;
            }
            else if (SeedHashOf(existing) == seedHash)
            {
                // The files caught up with the database (e.g. a moderator's edit was exported and committed).
                facts.Update(KnowledgeDocuments.FromFact(existing with { SeedHash = seedHash }));
                unchanged++;
            }
            else if (existing.Origin == FactOrigin.Moderator)
            {
                conflicts.Add(new ImportConflict(existing.Id, existing.UpdatedBy, existing.UpdatedAt));
            }
            else
            {
                WriteFactWithRevision(Stamp(seedFact, existing.Revision + 1, seedHash, now), RevisionAction.Import, Actor.Seed, reason: null);
                updated++;
            }
        }

        return new ImportReport(inserted, updated, unchanged, 0, conflicts);
    }

    private static Fact Stamp(Fact seedFact, int revision, string seedHash, DateTimeOffset now) => seedFact with
    {
        Revision = revision,
        UpdatedBy = "seed",
        UpdatedAt = now,
        Origin = FactOrigin.Seed,
        SeedHash = seedHash,
    };

    private void WriteFactWithRevision(Fact fact, RevisionAction action, Actor actor, string? reason)
    {
        _database.GetCollection(FactsCollection).Upsert(KnowledgeDocuments.FromFact(fact));
        _database.GetCollection(RevisionsCollection).Insert(
            KnowledgeDocuments.FromRevision(new FactRevision(fact.Id, fact.Revision, action, actor.DisplayName, fact.UpdatedAt, reason, fact)
            {
                Platform = actor.Platform,
                UserId = actor.UserId,
            }));
    }

    private int UpsertChanged(string collectionName, IEnumerable<BsonDocument> documents)
    {
        var collection = _database.GetCollection(collectionName);
        var changed = 0;
        foreach (var document in documents)
        {
            var existing = collection.FindById(document["_id"]);
            if (existing is null || existing != document)
            {
                collection.Upsert(document);
                changed++;
            }
        }

        return changed;
    }

    private static void Validate(Fact fact, KnowledgeSnapshot snapshot)
    {
        if (fact.Id.Length is 0 or > MaxFactIdLength || !fact.Id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw new KnowledgeValidationException($"A fact id is 1–{MaxFactIdLength} lowercase letters, digits and dashes.");
        }

        if (string.IsNullOrWhiteSpace(fact.Text))
        {
            throw new KnowledgeValidationException("The fact text is empty.");
        }

        if (fact.Text.Length > KnowledgeYamlReader.MaxFactTextLength)
        {
            throw new KnowledgeValidationException($"The fact text has {fact.Text.Length} characters; the limit is {KnowledgeYamlReader.MaxFactTextLength}.");
        }

        foreach (var party in fact.AllParties.Where(p => !snapshot.PartiesById.ContainsKey(p)))
        {
            throw new KnowledgeValidationException($"Unknown party '{party}'.");
        }

        if (!snapshot.TopicsById.ContainsKey(fact.Topic))
        {
            throw new KnowledgeValidationException($"Unknown topic '{fact.Topic}'.");
        }

        if (fact.Sources.Count == 0)
        {
            throw new KnowledgeValidationException("Every fact needs at least one source.");
        }

        foreach (var source in fact.Sources.Where(s => !snapshot.SourcesById.ContainsKey(s.SourceId)))
        {
            throw new KnowledgeValidationException($"Unknown source '{source.SourceId}'.");
        }

        if (fact.SupersededBy is { } replacement && !snapshot.FactsById.ContainsKey(replacement))
        {
            throw new KnowledgeValidationException($"Unknown fact '{replacement}' in superseded-by.");
        }
    }

    private KnowledgeSnapshot LoadSnapshot() => new(new KnowledgeSet(
        _database.GetCollection(PartiesCollection).FindAll().Select(KnowledgeDocuments.ToParty).ToList(),
        _database.GetCollection(TopicsCollection).FindAll().Select(KnowledgeDocuments.ToTopic).ToList(),
        _database.GetCollection(SourcesCollection).FindAll().Select(KnowledgeDocuments.ToSource).ToList(),
        _database.GetCollection(FactsCollection).FindAll().Select(KnowledgeDocuments.ToFact).ToList()));
}
