namespace TalksBot.Platform.WebSockets;

/// <summary>
/// A platform's protocol over one connection at a time (the Discord gateway shard, a Socket Mode slot). It knows only
/// its protocol's messages; the <see cref="ReconnectingWebSocket"/> owns sockets, close handshakes and backoff, and
/// calls <see cref="PrepareAsync"/> then <see cref="RunAsync"/> again for every connection.
/// </summary>
public interface IWebSocketSession
{
    /// <summary>
    /// Before each connection: where to connect (Discord: the gateway or resume URL; Slack: <c>apps.connections.open</c>),
    /// or <see cref="ConnectTarget.DoNotConnect"/>. An exception here counts as a failed attempt (backoff).
    /// </summary>
    Task<ConnectTarget> PrepareAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Speaks the protocol over <paramref name="connection"/> until it ends, and says what should follow. When
    /// <paramref name="cancellationToken"/> is cancelled (the host stops) finish what is in hand and return (or throw
    /// <see cref="OperationCanceledException"/>); the loop then closes with its shutdown code. Any other exception —
    /// a malformed message, a null where a value was required, a bug in handling one frame — drops the connection and
    /// reconnects with backoff; it never reaches the host.
    /// </summary>
    Task<SessionExit> RunAsync(SessionConnection connection, CancellationToken cancellationToken);
}

/// <summary>One connection as handed to <see cref="IWebSocketSession.RunAsync"/>.</summary>
public sealed class SessionConnection
{
    private readonly TaskCompletionSource<string> _replacement = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SessionConnection(IWebSocketTransport transport, int number)
    {
        ArgumentNullException.ThrowIfNull(transport);
        Transport = transport;
        Number = number;
    }

    /// <summary>Receive, send, close: the only way to the socket.</summary>
    public IWebSocketTransport Transport { get; }

    /// <summary>1 for the loop's first connection, then 2, 3, … (for logs).</summary>
    public int Number { get; }

    /// <summary>Completes with the reason once <see cref="RequestReplacement"/> was called.</summary>
    public Task<string> ReplacementRequested => _replacement.Task;

    /// <summary>
    /// Asks the loop to open the next connection now while this one keeps running (Slack's <c>disconnect</c>: connect
    /// anew before the old socket closes). <see cref="IWebSocketSession.RunAsync"/> goes on until the peer closes; its
    /// exit is then only logged, and it is closed after <see cref="ReconnectingWebSocketOptions.ReplacementDrainTimeout"/>
    /// at the latest. The session must cope with two of its connections running at once.
    /// </summary>
    public void RequestReplacement(string reason) => _replacement.TrySetResult(reason);
}
