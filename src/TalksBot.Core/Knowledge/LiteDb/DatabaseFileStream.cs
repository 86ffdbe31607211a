namespace TalksBot.Core.Knowledge.LiteDb;

/// <summary>
/// The database file or its write-ahead log as LiteDB sees it: everything goes to the file, a flush reaches the disk,
/// and a write the storage refuses (disk full, file too large, read-only, I/O error) is remembered, because LiteDB
/// reports it with assorted exception types and its instance is unusable from then on (see
/// <see cref="LiteDbKnowledgeDatabase"/>). Owning the file handles ourselves also lets a failed instance be closed
/// for certain: LiteDB 5 leaks a handle of the log on that path, which would keep a reopened file "in use".
/// </summary>
internal sealed class DatabaseFileStream(Stream file) : PassThroughStream(file)
{
    private const int DiskFullErrno = 28;          // ENOSPC
    private const int QuotaExceededErrno = 122;    // EDQUOT
    private const int FileTooLargeErrno = 27;      // EFBIG
    private const int ReadOnlyErrno = 30;          // EROFS
    private const int WindowsDiskFull = unchecked((int)0x80070070);
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027);
    private const int NoFailure = -1;

    private int _failure = NoFailure;
    private volatile bool _detached;

    /// <summary>Why the storage refused a write through this stream, if it did (the first reason stays).</summary>
    public StorageProblem? Failure => Volatile.Read(ref _failure) is var failure and not NoFailure ? (StorageProblem)failure : null;

    /// <summary>Classifies an exception from writing a file; null when it is not the storage's doing.</summary>
    public static StorageProblem? Classify(Exception exception) => exception switch
    {
        IOException { HResult: DiskFullErrno or QuotaExceededErrno or WindowsDiskFull or WindowsHandleDiskFull } => StorageProblem.DiskFull,
        IOException { HResult: FileTooLargeErrno } => StorageProblem.FileTooLarge,
        IOException { HResult: ReadOnlyErrno } => StorageProblem.ReadOnlyFileSystem,
        IOException => StorageProblem.InputOutputError,
        _ => null,
    };

    public override void Write(byte[] buffer, int offset, int count) => Guarded(() => Inner.Write(buffer, offset, count));

    public override void SetLength(long value) => Guarded(() => Inner.SetLength(value));

    /// <summary>A flush reaches the disk (LiteDB asks a file stream for that; through a wrapper it would only flush buffers).</summary>
    public override void Flush() => Guarded(() =>
    {
        if (Inner is FileStream fileStream)
        {
            fileStream.Flush(flushToDisk: true);
        }
        else
        {
            Inner.Flush();
        }
    });

    /// <summary>
    /// From now on writes go nowhere. For closing an instance a storage failure broke: LiteDB's rollback and dispose
    /// still write bookkeeping (returning pages, a checkpoint) that must not reach the file, and refused, they would leave
    /// LiteDB objects behind whose finalizers throw and end the process.
    /// </summary>
    public void Detach() => _detached = true;

    protected override void Dispose(bool disposing)
    {
        try
        {
            base.Dispose(disposing);
        }
        catch (Exception exception) when (Classify(exception) is not null)
        {
            // Buffered bytes that cannot be written were never acknowledged; the handle is closed all the same.
        }
    }

    /// <summary>
    /// Why writing to the file failed. .NET reports EFBIG (a file size limit) not as an <see cref="IOException"/> but as
    /// an out-of-range length or offset ("Specified file length was too large for the file system"); the lengths and
    /// offsets LiteDB passes are otherwise always in range.
    /// </summary>
    private static StorageProblem? ProblemWriting(Exception exception) =>
        exception is ArgumentOutOfRangeException ? StorageProblem.FileTooLarge : Classify(exception);

    /// <summary>Runs a write to the file, remembering why the storage refused it (the exception goes on to LiteDB as it was).</summary>
    private void Guarded(Action write)
    {
        if (_detached)
        {
            return;
        }

        try
        {
            write();
        }
        catch (Exception exception) when (Remember(ProblemWriting(exception)))
        {
            throw;
        }
    }

    private bool Remember(StorageProblem? problem)
    {
        if (problem is { } known)
        {
            Interlocked.CompareExchange(ref _failure, (int)known, NoFailure);
        }

        // Never catches: the filter only takes note.
        return false;
    }
}
