using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace TalksBot.Testing;

/// <summary>
/// A PostgreSQL server for tests. By default a throwaway cluster started from the installed server binaries in a temp
/// directory, on a free 127.0.0.1 port (as the <c>postgres</c> user when the tests run as root, since PostgreSQL refuses
/// root), stopped and removed on dispose. If <c>TALKSBOT_TEST_POSTGRES</c> holds a connection string, that server is
/// used instead and dispose drops only the databases this object created. Each test takes its own database from
/// <see cref="CreateDatabaseAsync"/>. Linked into the test projects that need it.
/// </summary>
internal sealed partial class PostgresCluster : IAsyncDisposable
{
    public const string ServerVariable = "TALKSBOT_TEST_POSTGRES";
    public const string BinariesVariable = "TALKSBOT_POSTGRES_BIN";

    private const string DebianBinaries = "/usr/lib/postgresql/15/bin";
    private const string SuperUser = "postgres";

    private readonly LocalServer? _local;
    private readonly NpgsqlDataSource _admin;
    private readonly ConcurrentQueue<string> _createdDatabases = new();
    private readonly EventHandler _stopOnProcessExit;
    private int _disposed;

    private PostgresCluster(string connectionString, LocalServer? local)
    {
        ConnectionString = connectionString;
        _local = local;
        _admin = NpgsqlDataSource.Create(connectionString);
        // A test run that ends without disposing (a crash in a fixture, a runner that exits early) must not leave a
        // server running: stop it when the process exits. Best effort; a killed process runs no handler.
        _stopOnProcessExit = (_, _) => _local?.StopAndRemoveBehindExitingProcess();
        AppDomain.CurrentDomain.ProcessExit += _stopOnProcessExit;
    }

    /// <summary>Connection string to the server's <c>postgres</c> database, as its superuser.</summary>
    public string ConnectionString { get; }

    /// <summary>The throwaway cluster's directory (data, socket, log); null when an existing server is used.</summary>
    public string? WorkingDirectory => _local?.Directory;

    /// <summary>
    /// Uses the server in <c>TALKSBOT_TEST_POSTGRES</c> if set; otherwise starts a throwaway cluster, or throws saying
    /// what to install when the PostgreSQL server binaries are missing.
    /// </summary>
    public static Task<PostgresCluster> StartAsync(CancellationToken cancellationToken = default) =>
        StartAsync(Environment.GetEnvironmentVariable, FreeLoopbackPort, cancellationToken);

    /// <summary>
    /// <see cref="StartAsync(CancellationToken)"/> with the environment read through <paramref name="environment"/> and
    /// ports from <paramref name="choosePort"/>, so tests need not change the process's own environment.
    /// </summary>
    internal static async Task<PostgresCluster> StartAsync(Func<string, string?> environment, Func<int> choosePort, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(choosePort);
        var existing = environment(ServerVariable);
        if (!string.IsNullOrWhiteSpace(existing))
        {
            return await UseExistingServerAsync(existing, cancellationToken).ConfigureAwait(false);
        }

        var binaries = await FindBinariesAsync(environment, cancellationToken).ConfigureAwait(false);
        var local = await LocalServer.StartAsync(binaries, choosePort, cancellationToken).ConfigureAwait(false);
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = IPAddress.Loopback.ToString(),
            Port = local.Port,
            Username = SuperUser,
            Database = SuperUser,
            IncludeErrorDetail = true,
        }.ConnectionString;
        return new PostgresCluster(connectionString, local);
    }

    /// <summary>A port on 127.0.0.1 that was free a moment ago (the OS picked it).</summary>
    internal static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Creates an empty database with a unique name and returns a connection string to it. Safe to call in parallel.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var name = "kb_" + Guid.NewGuid().ToString("N");
        await using (var connection = await _admin.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            // With fsync off, copying the template's files (PostgreSQL 15's FILE_COPY) takes a few milliseconds where
            // the default WAL_LOG strategy takes tens. The name is ours (letters and digits), so it can be spliced in.
            var strategy = connection.PostgreSqlVersion.Major >= 15 ? " STRATEGY = FILE_COPY" : "";
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"{strategy}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        _createdDatabases.Enqueue(name);
        return ConnectionStringTo(name);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= _stopOnProcessExit;
        try
        {
            foreach (var name in _createdDatabases)
            {
                using var connection = new NpgsqlConnection(ConnectionStringTo(name));
                NpgsqlConnection.ClearPool(connection);
            }

            if (_local is null)
            {
                foreach (var name in _createdDatabases)
                {
                    // FORCE ends the sessions a test left open (PostgreSQL 13 and later).
                    await using var drop = _admin.CreateCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                    await drop.ExecuteNonQueryAsync().ConfigureAwait(false);
                }
            }
        }
        finally
        {
            await _admin.DisposeAsync().ConfigureAwait(false);
            if (_local is not null)
            {
                await _local.StopAndRemoveAsync().ConfigureAwait(false);
            }
        }
    }

    private string ConnectionStringTo(string database) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Database = database }.ConnectionString;

    private static async Task<PostgresCluster> UseExistingServerAsync(string connectionString, CancellationToken cancellationToken)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"{ServerVariable} does not hold a valid Npgsql connection string: {e.Message}", e);
        }

        var cluster = new PostgresCluster(builder.ConnectionString, local: null);
        try
        {
            await using var connection = await cluster._admin.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            // Never the password: the server, port and user are enough to see what is wrong.
            throw new InvalidOperationException(
                $"{ServerVariable} points at Host={builder.Host};Port={builder.Port};Username={builder.Username}, which did not accept a connection: {e.Message}", e);
        }

        return cluster;
    }

    private static async Task<string> FindBinariesAsync(Func<string, string?> environment, CancellationToken cancellationToken)
    {
        var configured = environment(BinariesVariable);
        var candidates = new List<string>();
        if (!string.IsNullOrWhiteSpace(configured))
        {
            // An explicit folder is the only place looked at: falling back elsewhere would hide a wrong setting.
            candidates.Add(configured);
        }
        else
        {
            candidates.Add(DebianBinaries);
            if (await PgConfigBinDirectoryAsync(environment, cancellationToken).ConfigureAwait(false) is { } fromPgConfig)
            {
                candidates.Add(fromPgConfig);
            }
        }

        return candidates.FirstOrDefault(LocalServer.HasBinaries) ?? throw new InvalidOperationException(
            $"The PostgreSQL tests need a PostgreSQL server, and none was found: no initdb, pg_ctl and postgres in {string.Join(" or ", candidates)}. "
            + "Install the Debian package postgresql-15 (apt-get install postgresql-15), "
            + $"or set {BinariesVariable} to the folder holding those programs, "
            + $"or set {ServerVariable} to the connection string of an existing PostgreSQL server on which the tests may create and drop databases.");
    }

    /// <summary><c>pg_config --bindir</c> when pg_config is on the PATH; null otherwise.</summary>
    private static async Task<string?> PgConfigBinDirectoryAsync(Func<string, string?> environment, CancellationToken cancellationToken)
    {
        var pgConfig = (environment("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "pg_config"))
            .FirstOrDefault(File.Exists);
        if (pgConfig is null)
        {
            return null;
        }

        var run = await ToolRun.RunAsync(new ProcessStartInfo(pgConfig) { ArgumentList = { "--bindir" } }, ToolRun.QuickTimeout, cancellationToken).ConfigureAwait(false);
        return run.ExitCode == 0 && run.Output.Trim() is { Length: > 0 } folder ? folder : null;
    }

    /// <summary>The throwaway cluster: its directory, port and the server tools run on it.</summary>
    private sealed partial class LocalServer
    {
        private const int PortAttempts = 5;
        private const int LogTailLines = 40;
        private const string Runuser = "/usr/sbin/runuser";
        private static readonly TimeSpan ServerWait = TimeSpan.FromSeconds(30);
        private static readonly TimeSpan ToolTimeout = ServerWait + TimeSpan.FromSeconds(30);
        private static readonly string[] Programs = ["initdb", "pg_ctl", "postgres"];

        private readonly string _binaries;
        private readonly bool _runAsPostgres;

        private LocalServer(string binaries, string directory, bool runAsPostgres)
        {
            _binaries = binaries;
            Directory = directory;
            _runAsPostgres = runAsPostgres;
        }

        public string Directory { get; }

        public int Port { get; private set; }

        private string DataDirectory => Path.Combine(Directory, "data");

        private string LogFile => Path.Combine(Directory, "log");

        public static bool HasBinaries(string folder) => Programs.All(program => File.Exists(Path.Combine(folder, program)));

        public static async Task<LocalServer> StartAsync(string binaries, Func<int> choosePort, CancellationToken cancellationToken)
        {
            var directory = System.IO.Directory.CreateTempSubdirectory("talksbot-pg-").FullName;
            var server = new LocalServer(binaries, directory, Environment.IsPrivilegedProcess);
            try
            {
                await server.StartAsync(choosePort, cancellationToken).ConfigureAwait(false);
                return server;
            }
            catch
            {
                await server.RemoveAfterFailedStartAsync().ConfigureAwait(false);
                throw;
            }
        }

        private async Task StartAsync(Func<int> choosePort, CancellationToken cancellationToken)
        {
            // pg_ctl hands the data directory, the log and -o's options to /bin/sh; a plain path needs no quoting.
            if (!PlainPath().IsMatch(Directory))
            {
                throw new InvalidOperationException($"The temp directory {Directory} has characters pg_ctl's shell would interpret; point TMPDIR at a plain path.");
            }

            if (_runAsPostgres)
            {
                var chown = new ProcessStartInfo("chown") { ArgumentList = { SuperUser, Directory } };
                (await ToolRun.RunAsync(chown, ToolRun.QuickTimeout, cancellationToken).ConfigureAwait(false)).ThrowIfFailed();
            }

            (await RunToolAsync("initdb", ["-D", DataDirectory, "-U", SuperUser, "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C"], cancellationToken)
                .ConfigureAwait(false)).ThrowIfFailed(LogTail());

            for (var attempt = 1; ; attempt++)
            {
                // The port was free when chosen; another process may take it before the server binds it.
                var port = choosePort();
                var logLength = File.Exists(LogFile) ? new FileInfo(LogFile).Length : 0;
                var options = string.Create(CultureInfo.InvariantCulture,
                    $"-p {port} -k {Directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200");
                var start = await RunToolAsync("pg_ctl", ["-D", DataDirectory, "-o", options, "-l", LogFile, "-w", "-t", WaitSeconds, "start"], cancellationToken)
                    .ConfigureAwait(false);
                if (start.ExitCode == 0)
                {
                    Port = port;
                    return;
                }

                if (attempt < PortAttempts && ReadLog(logLength).Contains("Address already in use", StringComparison.Ordinal))
                {
                    continue;
                }

                start.ThrowIfFailed(LogTail());
            }
        }

        /// <summary>Stops the server (immediately: its data is thrown away) and deletes the directory.</summary>
        public async Task StopAndRemoveAsync()
        {
            var stop = await StopAsync(CancellationToken.None).ConfigureAwait(false);
            if (stop.ExitCode != 0 && File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                // Still running: keep the directory (and its log) for whoever looks into it.
                stop.ThrowIfFailed(LogTail());
            }

            System.IO.Directory.Delete(Directory, recursive: true);
        }

        /// <summary>Stops the server if a failed start left it running, and deletes the directory; the start's own error is what matters.</summary>
        private async Task RemoveAfterFailedStartAsync()
        {
            try
            {
                if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
                {
                    await StopAsync(CancellationToken.None).ConfigureAwait(false);
                }

                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException or UnauthorizedAccessException)
            {
                // Best effort: the exception being thrown says what went wrong.
            }
        }

        /// <summary>
        /// For a process that is exiting without having disposed: the test host is killed a moment after its exit
        /// handlers start, too soon to wait for the server to stop, so a detached shell stops it and then deletes the
        /// directory. The script is a constant; the directory and the command reach it as arguments, never as text.
        /// </summary>
        public void StopAndRemoveBehindExitingProcess()
        {
            const string Script = "directory=$1; shift; \"$@\" >/dev/null 2>&1; [ -e \"$directory/data/postmaster.pid\" ] || rm -rf -- \"$directory\"";
            var stop = ToolStartInfo("pg_ctl", StopArguments);
            var shell = CleanStartInfo(["/bin/sh", "-c", Script, "sh", Directory, stop.FileName, .. stop.ArgumentList], "/");
            try
            {
                using var detached = Process.Start(shell);
                detached?.WaitForExit(ToolTimeout);
            }
            catch (Win32Exception)
            {
                // Best effort: the process is ending anyway.
            }
        }

        private static string WaitSeconds => ((int)ServerWait.TotalSeconds).ToString(CultureInfo.InvariantCulture);

        private string[] StopArguments => ["-D", DataDirectory, "-m", "immediate", "-w", "-t", WaitSeconds, "stop"];

        private Task<ToolRun> StopAsync(CancellationToken cancellationToken) => RunToolAsync("pg_ctl", StopArguments, cancellationToken);

        private Task<ToolRun> RunToolAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
            ToolRun.RunAsync(ToolStartInfo(program, arguments), ToolTimeout, cancellationToken);

        /// <summary>A server tool with its arguments, as <c>postgres</c> when we are root, in the cluster's directory.</summary>
        private ProcessStartInfo ToolStartInfo(string program, IReadOnlyList<string> arguments)
        {
            var path = Path.Combine(_binaries, program);
            string[] command = _runAsPostgres
                ? [File.Exists(Runuser) ? Runuser : "runuser", "-u", SuperUser, "--", path, .. arguments]
                : [path, .. arguments];
            return CleanStartInfo(command, Directory);
        }

        private static ProcessStartInfo CleanStartInfo(string[] command, string workingDirectory)
        {
            var startInfo = new ProcessStartInfo(command[0]) { WorkingDirectory = workingDirectory, UseShellExecute = false };
            foreach (var argument in command.Skip(1))
            {
                startInfo.ArgumentList.Add(argument);
            }

            // PGPORT, PGDATA and friends in the developer's shell must not steer the throwaway cluster.
            foreach (var name in startInfo.Environment.Keys.Where(name => name.StartsWith("PG", StringComparison.Ordinal)).ToList())
            {
                startInfo.Environment.Remove(name);
            }

            return startInfo;
        }

        private string ReadLog(long from)
        {
            if (!File.Exists(LogFile))
            {
                return "";
            }

            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.Seek(Math.Min(from, stream.Length), SeekOrigin.Begin);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return reader.ReadToEnd();
        }

        private string LogTail()
        {
            var lines = ReadLog(0).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return $"--- last lines of {LogFile} ---\n" + string.Join('\n', lines.TakeLast(LogTailLines));
        }

        [GeneratedRegex("^[A-Za-z0-9/._-]+$")]
        private static partial Regex PlainPath();
    }

    /// <summary>A finished run of a program: its exit code and its stdout and stderr, interleaved.</summary>
    private sealed record ToolRun(string Command, int ExitCode, string Output)
    {
        public static readonly TimeSpan QuickTimeout = TimeSpan.FromSeconds(15);

        public static async Task<ToolRun> RunAsync(ProcessStartInfo startInfo, TimeSpan timeout, CancellationToken cancellationToken)
        {
            startInfo.UseShellExecute = false;
            startInfo.RedirectStandardOutput = true;
            startInfo.RedirectStandardError = true;
            var command = string.Join(' ', startInfo.ArgumentList.Prepend(startInfo.FileName));
            var output = new StringBuilder();
            void Collect(object sender, DataReceivedEventArgs line)
            {
                if (line.Data is not null)
                {
                    lock (output)
                    {
                        output.AppendLine(line.Data);
                    }
                }
            }

            using var process = new Process { StartInfo = startInfo };
            process.OutputDataReceived += Collect;
            process.ErrorDataReceived += Collect;
            try
            {
                process.Start();
            }
            catch (Win32Exception e)
            {
                throw new InvalidOperationException($"Could not run {command}: {e.Message}", e);
            }

            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // It exited meanwhile.
                }

                cancellationToken.ThrowIfCancellationRequested();
                throw new TimeoutException($"{command} did not finish within {timeout.TotalSeconds} s. Its output:\n{Text(output)}");
            }

            return new ToolRun(command, process.ExitCode, Text(output));
        }

        public void ThrowIfFailed(string details = "")
        {
            if (ExitCode != 0)
            {
                throw new InvalidOperationException($"{Command} failed with exit code {ExitCode}. Its output:\n{Output}\n{details}");
            }
        }

        private static string Text(StringBuilder output)
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }
}
