namespace TalksBot.Core.Knowledge;

/// <summary>The database cannot be opened: held by another process, or not a TalksBot database.</summary>
public sealed class KnowledgeStoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A change refers to something the knowledge base does not have, or breaks one of its rules.</summary>
public sealed class KnowledgeValidationException(string message) : Exception(message);

/// <summary>A fact was saved by someone else since the revision a change started from.</summary>
public sealed class FactRevisionConflictException(Fact current, int expectedRevision)
    : Exception($"Fact '{current.Id}' is at revision {current.Revision} (by {current.UpdatedBy}), not {expectedRevision}: someone saved in between.")
{
    public Fact Current { get; } = current;

    public int ExpectedRevision { get; } = expectedRevision;
}

/// <summary>Why the storage under the knowledge base refused a write.</summary>
public enum StorageProblem
{
    /// <summary>No space left on the device (ENOSPC), or the disk quota is used up.</summary>
    DiskFull,

    /// <summary>The file would grow past the largest size allowed (EFBIG, e.g. a <c>ulimit -f</c>).</summary>
    FileTooLarge,

    /// <summary>The file system is mounted read-only (EROFS).</summary>
    ReadOnlyFileSystem,

    /// <summary>Any other input/output error of the device.</summary>
    InputOutputError,

    /// <summary>The database server cannot be reached (down, restarting, or the network to it is broken).</summary>
    DatabaseUnreachable,
}

/// <summary>
/// The storage under the knowledge base cannot be written (or, after such a failure, read) right now: nothing of the
/// change was saved. Answers keep working from the in-memory snapshot; the store retries the storage with the next
/// change, so writes work again once the cause is gone.
/// </summary>
public sealed class KnowledgeStorageException(StorageProblem problem, Exception? inner = null)
    : Exception($"The knowledge base cannot be written right now ({Describe(problem)}).", inner)
{
    public StorageProblem Problem { get; } = problem;

    /// <summary>The problem in the words an operator knows ("disk full", "read-only file system").</summary>
    public static string Describe(StorageProblem problem) => problem switch
    {
        StorageProblem.DiskFull => "disk full",
        StorageProblem.FileTooLarge => "file too large",
        StorageProblem.ReadOnlyFileSystem => "read-only file system",
        StorageProblem.DatabaseUnreachable => "the database server cannot be reached",
        _ => "input/output error",
    };
}
