using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;

namespace TalksBot.Slack.Tests.Fakes;

/// <summary>One Socket Mode WebSocket connection to the fake.</summary>
internal sealed class SocketConnection(int number, WebSocket socket, HttpContext httpContext, CancellationTokenSource cancellation) : IDisposable
{
    private int _closeSent;
    private int _ended;
    private int _disconnecting;

    public int Number => number;

    public WebSocket Socket => socket;

    public CancellationToken Token => cancellation.Token;

    /// <summary>Serialises sends: the test controls and the receive loop write concurrently.</summary>
    public SemaphoreSlim SendLock { get; } = new(1, 1);

    public bool CloseSent => Volatile.Read(ref _closeSent) != 0;

    /// <summary>A <c>disconnect</c> was sent: the fake delivers no more envelopes here unless asked by number.</summary>
    public bool Disconnecting => Volatile.Read(ref _disconnecting) != 0;

    /// <summary>The server side of the connection finished (closed, dropped or aborted).</summary>
    public bool IsEnded => Volatile.Read(ref _ended) != 0;

    public bool IsLive => Volatile.Read(ref _ended) == 0 && !CloseSent && socket.State == WebSocketState.Open;

    public bool TryMarkCloseSent() => Interlocked.Exchange(ref _closeSent, 1) == 0;

    public void MarkDisconnecting() => Volatile.Write(ref _disconnecting, 1);

    public void MarkEnded() => Volatile.Write(ref _ended, 1);

    /// <summary>Ends the receive loop after <paramref name="delay"/> if the client has not finished the close handshake.</summary>
    public void EndAfter(TimeSpan delay)
    {
        try
        {
            cancellation.CancelAfter(delay);
        }
        catch (ObjectDisposedException)
        {
            // Already ended.
        }
    }

    /// <summary>Drops the connection without a close frame.</summary>
    public void Abort()
    {
        if (Volatile.Read(ref _ended) != 0)
        {
            return;
        }

        try
        {
            socket.Abort();
            httpContext.Abort();
        }
        catch (ObjectDisposedException)
        {
            // The request already finished.
        }
        catch (InvalidOperationException)
        {
            // The request already finished.
        }
    }

    public void Dispose() => SendLock.Dispose();
}
