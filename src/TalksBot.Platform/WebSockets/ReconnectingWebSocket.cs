using Microsoft.Extensions.Logging;
using TalksBot.Core.Health;

namespace TalksBot.Platform.WebSockets;

/// <summary>
/// Keeps one protocol session connected for as long as the host runs: asks the session where to connect, connects (with
/// a time-out), runs the session, closes the connection with a real handshake, and decides what follows from the
/// session's typed <see cref="SessionExit"/> — at once, after an exponential backoff with jitter (reset once a
/// connection lived long enough), or never again. Whatever the session throws drops only that connection.
/// </summary>
/// <remarks>The loop's state (the backoff, the connections draining after a replacement) is owned here and awaited by <see cref="RunAsync"/>.</remarks>
public sealed class ReconnectingWebSocket
{
    private readonly IWebSocketSession _session;
    private readonly ReconnectingWebSocketOptions _options;
    private readonly IWebSocketConnector _connector;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ReconnectBackoff _backoff;
    private readonly List<Task> _draining = [];
    private int _connections;

    public ReconnectingWebSocket(
        IWebSocketSession session,
        ReconnectingWebSocketOptions options,
        IWebSocketConnector connector,
        TimeProvider time,
        ILogger logger,
        ReconnectBackoff? backoff = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(connector);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _session = session;
        _options = options;
        _connector = connector;
        _time = time;
        _logger = logger;
        _backoff = backoff ?? new ReconnectBackoff(options.Backoff);
    }

    /// <summary>Connections opened so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>
    /// Runs until <paramref name="stoppingToken"/> is cancelled (returns null) or a session says
    /// <see cref="SessionExitKind.Stop"/> (returns that exit). Never throws for network or session trouble.
    /// </summary>
    public async Task<SessionExit?> RunAsync(CancellationToken stoppingToken)
    {
        var quickRequests = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var started = _time.GetUtcNow();
                var exit = await RunOnceAsync(stoppingToken).ConfigureAwait(false);
                if (exit is null || stoppingToken.IsCancellationRequested)
                {
                    return null;
                }

                if (exit.Kind == SessionExitKind.Stop)
                {
                    Log.StoppedForGood(_logger, _options.Platform, _options.Name, exit.Reason);
                    return exit;
                }

                var lived = _time.GetUtcNow() - started;
                TimeSpan delay;
                // A requested reconnect goes at once, but a peer that asks again right after each connect must not make
                // the loop spin: from the second quick request in a row it backs off like a lost connection.
                quickRequests = exit.Kind == SessionExitKind.ReconnectNow && lived < _options.QuickRequestedReconnect ? quickRequests + 1 : 0;
                if (exit.Kind == SessionExitKind.ReconnectNow && quickRequests < 2)
                {
                    delay = TimeSpan.Zero;
                    if (lived >= _options.Backoff.StableConnection)
                    {
                        _backoff.Reset();
                    }
                }
                else
                {
                    delay = _backoff.NextDelay(lived);
                }

                Log.Reconnecting(_logger, _options.Platform, _options.Name, exit.Reason, delay.TotalMilliseconds);
                TalksBotMetrics.GatewayReconnect(_options.Platform, exit.Kind == SessionExitKind.ReconnectNow ? "requested" : "lost");
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }

            return null;
        }
        finally
        {
            Task[] draining;
            lock (_draining)
            {
                draining = [.. _draining];
            }

            // Each drain is bounded by its own close time-out; this is a last guard.
            await Task.WhenAll(draining).WaitAsync(_options.ReplacementDrainTimeout + _options.Transport.CloseHandshakeTimeout, _time, CancellationToken.None)
                .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>One connection from start to close; null when the host stopped.</summary>
    private async Task<SessionExit?> RunOnceAsync(CancellationToken stoppingToken)
    {
        Uri uri;
        try
        {
            var target = await _session.PrepareAsync(stoppingToken).ConfigureAwait(false);
            if (target.Exit is { } noConnection)
            {
                return noConnection;
            }

            uri = target.Uri!;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception exception)
        {
            Log.ConnectFailed(_logger, _options.Platform, _options.Name, Describe(exception));
            return SessionExit.ReconnectWithBackoff("preparing the connection failed");
        }

        IWebSocketTransport transport;
        try
        {
            Log.Connecting(_logger, _options.Platform, _options.Name, uri.GetLeftPart(UriPartial.Path));
            transport = await _connector.ConnectAsync(uri, _options.Transport, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception exception)
        {
            Log.ConnectFailed(_logger, _options.Platform, _options.Name, Describe(exception));
            return SessionExit.ReconnectWithBackoff("connecting failed");
        }

        var connection = new SessionConnection(transport, Interlocked.Increment(ref _connections));
        var running = RunSessionAsync(connection, stoppingToken);

        // After the host's stop the session gets StopTimeout to finish; then its connection is closed under it.
        using var stopGuard = stoppingToken.Register(() => _ = CloseAfterStopTimeoutAsync(transport, running));
        var first = await Task.WhenAny(running, connection.ReplacementRequested).ConfigureAwait(false);
        if (first != running && !stoppingToken.IsCancellationRequested)
        {
            var reason = await connection.ReplacementRequested.ConfigureAwait(false);
            Log.Replacing(_logger, _options.Platform, _options.Name, reason);
            lock (_draining)
            {
                _draining.RemoveAll(t => t.IsCompleted);
                _draining.Add(DrainAsync(transport, running));
            }

            return SessionExit.ReconnectNow(reason);
        }

        var exit = await running.ConfigureAwait(false);
        if (exit is null || stoppingToken.IsCancellationRequested)
        {
            await CloseAsync(transport, _options.ShutdownCloseStatus, "shutting down").ConfigureAwait(false);
            return null;
        }

        await CloseAsync(transport, exit.CloseStatus ?? _options.CloseStatus, "reconnecting").ConfigureAwait(false);
        return exit;
    }

    /// <summary>The session's run, with every exception turned into a dropped connection; null when it ended because the host stops.</summary>
    private async Task<SessionExit?> RunSessionAsync(SessionConnection connection, CancellationToken stoppingToken)
    {
        try
        {
            return await _session.RunAsync(connection, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception exception)
        {
            Log.SessionFailed(_logger, _options.Platform, _options.Name, exception.GetType().Name, exception.Message);
            Log.SessionFailedDetail(_logger, _options.Platform, _options.Name, exception);
            var reason = exception is MalformedMessageException ? "malformed message" : "error in the session";
            return SessionExit.ReconnectWithBackoff(reason, _options.FailureCloseStatus);
        }
    }

    private async Task CloseAfterStopTimeoutAsync(IWebSocketTransport transport, Task running)
    {
        await running.WaitAsync(_options.StopTimeout, _time, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!running.IsCompleted)
        {
            await transport.CloseAsync(_options.ShutdownCloseStatus, "shutting down", CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>A replaced connection runs on until the peer closes it, or until the drain time-out.</summary>
    private async Task DrainAsync(IWebSocketTransport transport, Task<SessionExit?> running)
    {
        Task finished = running;
        await finished.WaitAsync(_options.ReplacementDrainTimeout, _time, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await CloseAsync(transport, _options.CloseStatus, "replaced").ConfigureAwait(false);
        await finished.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static async Task CloseAsync(IWebSocketTransport transport, System.Net.WebSockets.WebSocketCloseStatus status, string description)
    {
        try
        {
            await transport.CloseAsync(status, description, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await transport.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string Describe(Exception exception) => $"{exception.GetType().Name}: {exception.Message}";
}
