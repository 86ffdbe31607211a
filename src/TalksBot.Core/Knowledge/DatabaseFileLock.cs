namespace TalksBot.Core.Knowledge;

/// <summary>An exclusive OS lock on <c>&lt;database&gt;.lock</c>, held while a store is open.</summary>
/// <remarks>
/// LiteDB's direct mode does not lock its file on Linux, and two writers lose acknowledged writes.
/// .NET takes <c>flock(LOCK_EX)</c> for <see cref="FileShare.None"/>, which the kernel releases if the process dies,
/// so a crash never leaves a stale lock behind.
/// </remarks>
internal sealed class DatabaseFileLock : IDisposable
{
    private readonly FileStream _stream;

    private DatabaseFileLock(FileStream stream) => _stream = stream;

    public static DatabaseFileLock Acquire(string databasePath)
    {
        var lockPath = databasePath + ".lock";
        try
        {
            return new DatabaseFileLock(new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException exception)
        {
            throw new KnowledgeStoreUnavailableException(
                $"The knowledge database '{databasePath}' is already open in another TalksBot process. " +
                "Stop that process first, or point Knowledge:DatabasePath at another file.",
                exception);
        }
    }

    public void Dispose() => _stream.Dispose();
}
