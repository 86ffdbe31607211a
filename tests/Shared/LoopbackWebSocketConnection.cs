using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace TalksBot.Testing;

/// <summary>
/// The server side of one WebSocket connection in a loopback fake: its number, one send at a time, the close
/// handshake from either side, and abort. The fakes derive their connection types (with protocol state) from it.
/// </summary>
internal class LoopbackWebSocketConnection(int number, WebSocket socket, HttpContext httpContext, CancellationTokenSource cancellation) : IDisposable
{
    private int _closeSent;
    private int _ended;

    public int Number => number;

    public WebSocket Socket => socket;

    public CancellationToken Token => cancellation.Token;

    /// <summary>Serialises sends: the receive loop and test controls write concurrently.</summary>
    public SemaphoreSlim SendLock { get; } = new(1, 1);

    public bool CloseSent => Volatile.Read(ref _closeSent) != 0;

    /// <summary>The server side of the connection finished (closed, dropped or aborted).</summary>
    public bool IsEnded => Volatile.Read(ref _ended) != 0;

    public bool IsLive => !IsEnded && !CloseSent && socket.State == WebSocketState.Open;

    public bool TryMarkCloseSent() => Interlocked.Exchange(ref _closeSent, 1) == 0;

    public void MarkEnded() => Volatile.Write(ref _ended, 1);

    /// <summary>
    /// Reads one whole message into <paramref name="message"/> (emptied first), keeping at most
    /// <paramref name="maxBytes"/>; returns its type (Close when the client closed) and whether it was longer.
    /// </summary>
    public async Task<(WebSocketMessageType Type, bool TooLarge)> ReceiveMessageAsync(byte[] buffer, MemoryStream message, long maxBytes = long.MaxValue)
    {
        message.SetLength(0);
        var tooLarge = false;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer.AsMemory(), Token).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (WebSocketMessageType.Close, false);
            }

            if (message.Length + result.Count > maxBytes)
            {
                tooLarge = true;
            }
            else
            {
                message.Write(buffer, 0, result.Count);
            }
        }
        while (!result.EndOfMessage);

        return (result.MessageType, tooLarge);
    }

    /// <summary>Answers the client's close frame with the same code (unless this side closed first); true when it did.</summary>
    public async Task<bool> AnswerClientCloseAsync(TimeSpan timeout)
    {
        if (!TryMarkCloseSent())
        {
            return false;
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Token);
        limit.CancelAfter(timeout);
        await socket.CloseOutputAsync(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, socket.CloseStatusDescription, limit.Token).ConfigureAwait(false);
        return true;
    }

    /// <summary>Sends one text message; the caller holds <see cref="SendLock"/>.</summary>
    public async Task SendTextLockedAsync(string text, TimeSpan timeout)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Token);
        limit.CancelAfter(timeout);
        await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, limit.Token).ConfigureAwait(false);
    }

    /// <summary>Sends this side's close frame after any send in progress; quiet when the client is already gone. The caller marks the close first.</summary>
    public async Task SendCloseAsync(WebSocketCloseStatus status, string reason, TimeSpan timeout)
    {
        try
        {
            await SendLock.WaitAsync(Token).ConfigureAwait(false);
            try
            {
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(Token);
                limit.CancelAfter(timeout);
                await socket.CloseOutputAsync(status, reason, limit.Token).ConfigureAwait(false);
            }
            finally
            {
                SendLock.Release();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The client is already gone.
        }

        // Real platforms drop the TCP connection soon after their close frame if the client does not answer.
        EndAfter(timeout);
    }

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
        if (IsEnded)
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

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            SendLock.Dispose();
        }
    }
}
