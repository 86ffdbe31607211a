using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace TalksBot.Testing;

/// <summary>
/// What the loopback fakes of Discord and Slack share: the server on 127.0.0.1, the errors their own handlers hit,
/// bounded waits for a state, one WebSocket connection's life (accept, converse, record a drop, end), and disposal that
/// aborts connections and stops everything within about two seconds. A fake adds only its protocol.
/// </summary>
/// <typeparam name="TFake">The fake itself, so waits probe it with its own type.</typeparam>
public abstract class LoopbackFake<TFake> : IAsyncDisposable
    where TFake : LoopbackFake<TFake>
{
    private static readonly TimeSpan BackgroundStopTimeout = TimeSpan.FromMilliseconds(500);

    /// <summary>How long one send of the fake may take.</summary>
    private protected static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long the fake waits for the client's side of a close handshake before it drops the connection.</summary>
    private protected static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _shutdown = new();
    private readonly List<Exception> _serverErrors = [];
    private readonly List<Task> _background = [];
    private readonly List<string> _connectUrls = [];
    private int _connectionCount;
    private LoopbackServer? _server;
    private int _disposed;

    public int Port { get; private set; }

    /// <summary>WebSocket connections accepted so far (numbers are 1-based in that order).</summary>
    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    /// <summary>Open WebSocket connections.</summary>
    public int LiveConnectionCount => Snapshot(() => AllConnections().Count(c => c.IsLive));

    /// <summary>Path and query of each accepted WebSocket connect (e.g. <c>/gateway-resume?v=10&amp;encoding=json</c>).</summary>
    public IReadOnlyList<string> ConnectUrls => Snapshot(() => _connectUrls.ToArray());

    /// <summary>Exceptions the fake's own handlers hit (a test can assert this is empty).</summary>
    public IReadOnlyList<Exception> ServerErrors => Snapshot(() => _serverErrors.ToArray());

    /// <summary>Guards the fake's records; held only briefly, never across an await.</summary>
    private protected Lock SyncRoot { get; } = new();

    /// <summary>Cancelled when the fake is disposed.</summary>
    private protected CancellationToken ShutdownToken => _shutdown.Token;

    private protected bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Polls <paramref name="probe"/> until it returns a non-default value (non-null, true, non-zero); throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public Task<T> WaitForAsync<T>(Func<TFake, T?> probe, TimeSpan timeout, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return Polling.WaitForAsync(
            () => probe((TFake)this),
            timeout,
            () => $"{GetType().Name}: waited {timeout.TotalSeconds:0.###} s for {description ?? "a condition"}. {Describe()}",
            EnsureNotDisposed);
    }

    /// <summary>Polls until <paramref name="condition"/> holds; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public Task WaitUntilAsync(Func<TFake, bool> condition, TimeSpan timeout, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return WaitForAsync(fake => condition(fake), timeout, description);
    }

    /// <summary>A one-line state summary used in timeout messages.</summary>
    public abstract string Describe();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _shutdown.CancelAsync().ConfigureAwait(false);
        var connections = Snapshot(AllConnections);
        foreach (var connection in connections)
        {
            connection.Abort();
        }

        try
        {
            await Task.WhenAll(Snapshot(() => _background.ToArray())).WaitAsync(BackgroundStopTimeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // The loops observe the shutdown token; do not hold disposal up for them.
        }

        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var connection in connections)
        {
            connection.Dispose();
        }

        _shutdown.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Every WebSocket connection so far (called under <see cref="SyncRoot"/>).</summary>
    private protected abstract IReadOnlyList<LoopbackWebSocketConnection> AllConnections();

    /// <summary>One HTTP request or WebSocket upgrade; the server records what it throws unexpectedly.</summary>
    private protected abstract Task HandleAsync(HttpContext context);

    /// <summary>Starts <paramref name="fake"/>'s server and then <see cref="OnStarted"/>; a fake that fails to start is disposed.</summary>
    private protected static async Task<TFake> StartAsync(TFake fake)
    {
        ArgumentNullException.ThrowIfNull(fake);
        try
        {
            fake._server = await LoopbackServer.StartAsync(app => app.Run(fake.HandleGuardedAsync)).ConfigureAwait(false);
            fake.Port = fake._server.Port;
            fake.OnStarted();
            return fake;
        }
        catch
        {
            await fake.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Once the port is known: the fake's URLs and background loops.</summary>
    private protected abstract void OnStarted();

    private protected void EnsureNotDisposed() => ObjectDisposedException.ThrowIf(IsDisposed, this);

    private protected void RecordError(Exception ex)
    {
        lock (SyncRoot)
        {
            _serverErrors.Add(ex);
        }
    }

    /// <summary>A loop that runs until the fake is disposed; disposal waits for it briefly.</summary>
    private protected void StartBackground(Task task)
    {
        lock (SyncRoot)
        {
            _background.RemoveAll(t => t.IsCompleted);
            _background.Add(task);
        }
    }

    private protected T Snapshot<T>(Func<T> read)
    {
        lock (SyncRoot)
        {
            return read();
        }
    }

    /// <summary>
    /// Accepts the upgrade and runs one connection: <paramref name="create"/> makes (and registers, under <see cref="SyncRoot"/>) it with the next number, <paramref name="converse"/>
    /// speaks the protocol and says whether the client closed first; a connection that ends otherwise, without a close
    /// frame from this side, is reported to <paramref name="dropped"/>. <paramref name="ended"/> runs last in any case.
    /// </summary>
    private protected async Task RunWebSocketAsync<TConnection>(
        HttpContext context,
        Func<int, WebSocket, CancellationTokenSource, TConnection> create,
        Func<TConnection, Task<bool>> converse,
        Action<TConnection> dropped,
        Action<TConnection>? ended = null)
        where TConnection : LoopbackWebSocketConnection
    {
        ArgumentNullException.ThrowIfNull(context);
        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token, context.RequestAborted);
        var url = context.Request.Path.Value + context.Request.QueryString.Value;
        TConnection connection;
        lock (SyncRoot)
        {
            connection = create(Interlocked.Increment(ref _connectionCount), socket, cancellation);
            _connectUrls.Add(url);
        }

        using var owned = connection;
        var closedByClient = false;
        try
        {
            closedByClient = await converse(connection).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            // Dropped, aborted, timed out or shutting down.
        }
        finally
        {
            if (!closedByClient && !connection.CloseSent && !_shutdown.IsCancellationRequested)
            {
                dropped(connection);
            }

            connection.MarkEnded();
            ended?.Invoke(connection);
        }
    }

    private async Task HandleGuardedAsync(HttpContext context)
    {
        try
        {
            await HandleAsync(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException || _shutdown.IsCancellationRequested)
        {
            // Shutdown or the client went away.
        }
        catch (Exception ex)
        {
            RecordError(ex);
            throw;
        }
    }
}
