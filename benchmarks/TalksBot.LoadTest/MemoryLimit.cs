using System.Globalization;

namespace TalksBot.LoadTest;

/// <summary>
/// A memory limit for the bot, the way a container gets one: a cgroup v1 memory group made for the run under
/// <c>/sys/fs/cgroup/memory/</c> (root only), which the bot joins before .NET starts, so the runtime sees the limit as
/// it would in a container. Swap cannot stretch it (none here, and <c>memsw</c> is set to the same value where
/// accounted). Disposing removes the group once the bot has gone.
/// </summary>
internal sealed class MemoryLimit : IDisposable
{
    private const string MemoryControllerRoot = "/sys/fs/cgroup/memory";

    private MemoryLimit(string directory, int megabytes)
    {
        Directory = directory;
        Megabytes = megabytes;
    }

    /// <summary>The group's folder; the bot writes its pid into its <c>cgroup.procs</c>.</summary>
    public string Directory { get; }

    public int Megabytes { get; }

    /// <summary>Makes the group with its limit.</summary>
    /// <exception cref="InvalidOperationException">No writable cgroup v1 memory controller here (not root, or cgroup v2 only).</exception>
    public static MemoryLimit Create(int megabytes)
    {
        if (!File.Exists(Path.Combine(MemoryControllerRoot, "memory.limit_in_bytes")))
        {
            throw new InvalidOperationException($"--memory-limit needs the cgroup v1 memory controller at {MemoryControllerRoot}; it is not here.");
        }

        var directory = Path.Combine(MemoryControllerRoot, $"talksbot-load-{Environment.ProcessId}");
        try
        {
            System.IO.Directory.CreateDirectory(directory);
            var bytes = (megabytes * 1024L * 1024L).ToString(CultureInfo.InvariantCulture);
            File.WriteAllText(Path.Combine(directory, "memory.limit_in_bytes"), bytes);
            var withSwap = Path.Combine(directory, "memory.memsw.limit_in_bytes");
            if (File.Exists(withSwap))
            {
                File.WriteAllText(withSwap, bytes);
            }
        }
        catch (Exception exception) when (exception is UnauthorizedAccessException or IOException)
        {
            throw new InvalidOperationException($"--memory-limit could not make the memory cgroup {directory} ({exception.Message}); run as root.", exception);
        }

        return new MemoryLimit(directory, megabytes);
    }

    /// <summary>The most the group ever used, in MB (the kernel's own high-water mark: page cache included).</summary>
    public double? MaxUsageMegabytes => ReadNumber("memory.max_usage_in_bytes") is { } bytes ? bytes / (1024.0 * 1024.0) : null;

    /// <summary>How many times the group hit its limit (the kernel reclaimed, or killed).</summary>
    public long? LimitHits => ReadNumber("memory.failcnt");

    /// <summary>Processes of the group the OOM killer killed (the <c>oom_kill</c> line of <c>memory.oom_control</c>).</summary>
    public long? OomKills
    {
        get
        {
            var path = Path.Combine(Directory, "memory.oom_control");
            if (!File.Exists(path))
            {
                return null;
            }

            var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("oom_kill ", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line["oom_kill ".Length..], CultureInfo.InvariantCulture);
        }
    }

    /// <summary>
    /// A script for <c>sh -c</c>: the shell moves itself into the group named by <c>TALKSBOT_LOAD_CGROUP</c>, then
    /// becomes its arguments' program (same pid), so everything that program allocates is charged to the group.
    /// </summary>
    public const string JoinThenExec = "echo $$ > \"$TALKSBOT_LOAD_CGROUP/cgroup.procs\" && exec \"$@\"";

    public void Dispose()
    {
        // The group can go only once empty; the bot has been killed by now, give the kernel a moment.
        for (var attempt = 0; attempt < 20; attempt++)
        {
            try
            {
                System.IO.Directory.Delete(Directory);
                return;
            }
            catch (IOException)
            {
                Thread.Sleep(100);
            }
        }
    }

    private long? ReadNumber(string file)
    {
        var path = Path.Combine(Directory, file);
        return File.Exists(path) && long.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}
