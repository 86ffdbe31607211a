namespace TalksBot.Core.Knowledge;

/// <summary>
/// Facts and their append-only revisions, with the parties, topics and sources they refer to. Every change is one
/// transaction (a fact, its revision and the announcement for subscribed channels land together, or none of them),
/// and after the commit the store publishes it to the <see cref="KnowledgeChangeFeed"/> so that indexes follow.
/// </summary>
public interface IFactStore
{
    /// <summary>The whole knowledge base in memory, replaced atomically after every commit; reading it never touches the database.</summary>
    KnowledgeSnapshot Snapshot { get; }

    /// <summary>The revisions of a fact, oldest first (empty for an unknown fact).</summary>
    /// <exception cref="KnowledgeStorageException">The database cannot be read right now.</exception>
    Task<IReadOnlyList<FactRevision>> HistoryAsync(string factId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Imports the seed knowledge in one transaction. Idempotent: a seed fact changed in the files replaces the stored
    /// one only if no moderator edited it since (otherwise the conflict is reported and the moderator's version kept).
    /// </summary>
    /// <param name="seed">The knowledge files' content.</param>
    /// <param name="backupBeforeChange">
    /// Where an engine that keeps the knowledge in a file copies it first, should the import change a knowledge base
    /// that already holds facts (the report says whether it did); null for no copy. A server database is backed up with
    /// its own tools and ignores it.
    /// </param>
    /// <param name="cancellationToken">Stops waiting; a transaction that has begun is not interrupted.</param>
    /// <exception cref="KnowledgeStorageException">The database cannot be written right now; nothing was imported.</exception>
    Task<ImportReport> ImportAsync(KnowledgeSet seed, string? backupBeforeChange = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves a fact, its revision and the announcement for subscribed channels in one transaction; a new source the
    /// fact cites goes into the same transaction. Bookkeeping fields (revision, who, when, origin) are set here.
    /// </summary>
    /// <param name="fact">The new content.</param>
    /// <param name="action">What the change is, for the history.</param>
    /// <param name="actor">Who made it.</param>
    /// <param name="reason">Why, when given.</param>
    /// <param name="expectedRevision">The revision the change started from; a different current revision refuses the save (0: a new fact).</param>
    /// <param name="newSource">A source first cited by this change.</param>
    /// <param name="cancellationToken">Stops waiting; a transaction that has begun is not interrupted.</param>
    /// <returns>The fact as saved.</returns>
    /// <exception cref="FactRevisionConflictException">Someone saved the fact since <paramref name="expectedRevision"/>.</exception>
    /// <exception cref="KnowledgeValidationException">The fact breaks a rule of the knowledge base.</exception>
    /// <exception cref="KnowledgeStorageException">The database cannot be written right now; nothing was saved.</exception>
    Task<Fact> SaveAsync(
        Fact fact,
        RevisionAction action,
        Actor actor,
        string? reason = null,
        int? expectedRevision = null,
        Source? newSource = null,
        CancellationToken cancellationToken = default);

    /// <summary>Counts for moderators: revisions in all, those by moderators, and the newest change.</summary>
    /// <exception cref="KnowledgeStorageException">The database cannot be read right now.</exception>
    Task<RevisionSummary> RevisionSummaryAsync(CancellationToken cancellationToken = default);
}

/// <summary>How much the knowledge base has changed: every revision, those made by moderators, and the newest one.</summary>
public sealed record RevisionSummary(int Revisions, int ModeratorChanges, FactRevision? Latest);
