using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace TalksBot.Core.Knowledge;

/// <summary>An exclusive OS lock on the database file itself, held while a store is open.</summary>
/// <remarks>
/// LiteDB's direct mode does not lock its file on Linux, and two writers lose acknowledged writes. The lock belongs to
/// the file, not to a path, so a second opener is refused however it reaches the file: a hard link, a symlink, a
/// symlinked directory or another spelling of the path. On Linux it is an open-file-description lock
/// (<c>fcntl F_OFD_SETLK</c>) on the first byte of the database: unlike <see cref="FileStream.Lock"/> (a POSIX record
/// lock, dropped as soon as LiteDB closes any of its own handles to the file) it belongs to our handle alone, and unlike
/// <see cref="FileShare.None"/> or <c>flock</c> it does not conflict with LiteDB's own opens. The rest of the file's
/// bytes stay free for other coordination. The kernel releases it when the process dies, so a crash never leaves a
/// stale lock behind. A lock found taken is tried again for <see cref="HeldBriefly"/> before the open is refused: a child
/// process forked by this one (a test host starting PostgreSQL, a tool) shares the descriptor until it executes its
/// program, and an instance being restarted may still be exiting. Elsewhere (or on a kernel without OFD locks) the lock falls back to
/// <c>&lt;database&gt;.lock</c> beside the file a symlink points to; there a hard link still gets around it.
/// </remarks>
internal sealed class DatabaseFileLock : IDisposable
{
    private readonly FileStream _stream;

    private DatabaseFileLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the lock on the database at <paramref name="databasePath"/>, creating an empty file if there is none.</summary>
    /// <exception cref="KnowledgeStoreUnavailableException">Another process (or store) holds it, or the file may not be opened.</exception>
    public static DatabaseFileLock Acquire(string databasePath)
    {
        try
        {
            return OperatingSystem.IsLinux() && Environment.Is64BitProcess ? AcquireOnFile(databasePath) : AcquireBeside(databasePath);
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new KnowledgeStoreUnavailableException($"TalksBot may not read or write '{databasePath}': {exception.Message}", exception);
        }
        catch (IOException exception)
        {
            throw InUse(databasePath, exception);
        }
    }

    public void Dispose() => _stream.Dispose();

    private static DatabaseFileLock AcquireOnFile(string databasePath)
    {
        var giveUpAt = Environment.TickCount64 + (long)HeldBriefly.TotalMilliseconds;
        while (true)
        {
            if (TryAcquireOnFile(databasePath) is { } taken)
            {
                return taken;
            }

            if (Environment.TickCount64 >= giveUpAt)
            {
                throw InUse(databasePath, null);
            }

            Thread.Sleep(RetryInterval);
        }
    }

    /// <summary>The lock on the file, or null while another open file description holds it.</summary>
    private static DatabaseFileLock? TryAcquireOnFile(string databasePath)
    {
        var stream = new FileStream(databasePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        int error;
        try
        {
            var range = new FileLockRange { Type = WriteLock, Whence = SeekSet, Start = 0, Length = 1 };
            if (SetOpenFileDescriptionLock(stream.SafeFileHandle, OfdSetLock, ref range) == 0)
            {
                return new DatabaseFileLock(stream);
            }

            error = Marshal.GetLastPInvokeError();
        }
        catch
        {
            stream.Dispose();
            throw;
        }

        stream.Dispose();

        // Any other error means no OFD locks here (a kernel older than 3.15): fall back to the lock file.
        return error is ErrorTryAgain or ErrorAccessDenied ? null : AcquireBeside(databasePath);
    }

    /// <summary>The portable fallback: <c>flock</c> (or a Windows share mode) on a lock file beside the real file.</summary>
    private static DatabaseFileLock AcquireBeside(string databasePath)
    {
        var target = new FileInfo(databasePath).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? databasePath;
        return new DatabaseFileLock(new FileStream(target + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
    }

    private static KnowledgeStoreUnavailableException InUse(string databasePath, Exception? inner) => new(
        $"The knowledge database '{databasePath}' is already open in another TalksBot process (the file is in use by another process, " +
        "perhaps through another path or link to it). Stop that process first, or point Knowledge:DatabasePath at another file.",
        inner);

    /// <summary>How long a taken lock is waited for: far longer than a fork takes to reach exec, far shorter than a user waits.</summary>
    internal static readonly TimeSpan HeldBriefly = TimeSpan.FromMilliseconds(750);

    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(25);

    private const int OfdSetLock = 37; // F_OFD_SETLK
    private const short WriteLock = 1; // F_WRLCK
    private const short SeekSet = 0;
    private const int ErrorAccessDenied = 13; // EACCES
    private const int ErrorTryAgain = 11; // EAGAIN

    /// <summary><c>struct flock</c> as Linux lays it out for 64-bit processes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct FileLockRange
    {
        public short Type;
        public short Whence;
        public long Start;
        public long Length;
        public int ProcessId;
    }

    [DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static extern int SetOpenFileDescriptionLock(SafeFileHandle handle, int command, ref FileLockRange range);
}
