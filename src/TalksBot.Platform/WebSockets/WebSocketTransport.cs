using System.Buffers;
using System.Net.WebSockets;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Threading.Channels;

namespace TalksBot.Platform.WebSockets;

/// <summary>
/// The one WebSocket component under both platforms: a pump reads the socket into whole messages (bounded by
/// <see cref="WebSocketTransportOptions.MaxMessageBytes"/>) and hands them over one at a time; sends go out one at a
/// time, within the size and rate limits; <see cref="CloseAsync"/> is a real handshake. Works over a client socket
/// (<see cref="ConnectAsync"/>) or any connected <see cref="WebSocket"/>.
/// </summary>
public sealed class WebSocketTransport : IWebSocketTransport
{
    private readonly WebSocket _socket;
    private readonly WebSocketTransportOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly SendWindow? _sendWindow;

    // One message waits at most: the pump stops reading the socket until the session takes it (TCP back-pressure).
    private readonly Channel<ReceiveResult> _inbox = Channel.CreateBounded<ReceiveResult>(new BoundedChannelOptions(1) { SingleWriter = true });
    private readonly CancellationTokenSource _closing = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly Task _pump;
    private ReceivedClose? _peerClose;
    private ExceptionDispatchInfo? _failure;
    private int _closeStarted;
    private int _disposed;

    /// <summary>Takes over a connected socket (client or server side) and starts reading it.</summary>
    public WebSocketTransport(WebSocket socket, WebSocketTransportOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxMessageBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ReceiveBufferBytes, 1);
        _socket = socket;
        _options = options;
        _time = time;
        _sendWindow = options.SendRate is { } rate ? new SendWindow(rate, time) : null;
        _pump = Task.Run(PumpAsync);
    }

    public WebSocketState State => _socket.State;

    public ReceivedClose? PeerClose => Volatile.Read(ref _peerClose);

    /// <summary>Opens a client connection within <see cref="WebSocketTransportOptions.ConnectTimeout"/> (a <see cref="TimeoutException"/> after it).</summary>
    public static async Task<WebSocketTransport> ConnectAsync(Uri uri, WebSocketTransportOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var socket = new ClientWebSocket();
        try
        {
            socket.Options.KeepAliveInterval = options.KeepAliveInterval;
            socket.Options.KeepAliveTimeout = options.KeepAliveTimeout;
            options.ConfigureSocket?.Invoke(socket.Options);
            using var timeout = new CancellationTokenSource(options.ConnectTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                await socket.ConnectAsync(uri, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"The WebSocket handshake took longer than {options.ConnectTimeout.TotalSeconds:0.###} s.");
            }

            return new WebSocketTransport(socket, options, time);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async Task<ReceiveResult> ReceiveAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (await _inbox.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false) && _inbox.Reader.TryRead(out var result))
        {
            return result;
        }

        // The pump has ended: the peer closed, or the connection broke.
        _failure?.Throw();
        return PeerClose ?? new ReceivedClose(null, null);
    }

    public async Task SendAsync(ReadOnlyMemory<byte> payload, WebSocketMessageType type, CancellationToken cancellationToken)
    {
        if (_options.MaxSendBytes is { } max && payload.Length > max)
        {
            throw new ArgumentException($"A message of {payload.Length} bytes is over this connection's limit of {max}.", nameof(payload));
        }

        using var sending = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closing.Token);
        try
        {
            await _sendLock.WaitAsync(sending.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw Closing();
        }

        try
        {
            if (Volatile.Read(ref _closeStarted) != 0)
            {
                throw Closing();
            }

            if (_sendWindow is not null)
            {
                await _sendWindow.WaitTurnAsync(sending.Token).ConfigureAwait(false);
            }

            await _socket.SendAsync(payload, type, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw Closing();
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public async Task CloseAsync(WebSocketCloseStatus status, string? description, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(_options.CloseHandshakeTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            if (Interlocked.Exchange(ref _closeStarted, 1) == 0)
            {
                // From here on the pump discards messages and sends refuse: nothing may overtake the close frame.
                await _closing.CancelAsync().ConfigureAwait(false);
                await SendCloseFrameAsync(status, description, linked.Token).ConfigureAwait(false);
            }

            // The pump ends when the peer's close frame arrives (or the connection breaks).
            await _pump.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            // The peer did not answer in time, or the connection is already gone: abort below.
        }
        finally
        {
            if (_socket.State != WebSocketState.Closed)
            {
                _socket.Abort();
            }
        }
    }

    /// <summary>Aborts the connection if <see cref="CloseAsync"/> did not close it, and stops the pump.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Interlocked.Exchange(ref _closeStarted, 1);
        await _closing.CancelAsync().ConfigureAwait(false);
        await _abort.CancelAsync().ConfigureAwait(false);
        if (_socket.State != WebSocketState.Closed)
        {
            _socket.Abort();
        }

        await _pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _socket.Dispose();
        _closing.Dispose();
        _abort.Dispose();
    }

    private static InvalidOperationException Closing() => new("The connection is closing; nothing more can be sent.");

    /// <summary>A close frame's reason is at most 123 bytes of UTF-8.</summary>
    private static string? Shorten(string? description)
    {
        if (description is null || Encoding.UTF8.GetByteCount(description) <= 123)
        {
            return description;
        }

        var length = Math.Min(description.Length, 123);
        while (Encoding.UTF8.GetByteCount(description.AsSpan(0, length)) > 123)
        {
            length--;
        }

        return description[..length];
    }

    private async Task PumpAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(_options.ReceiveBufferBytes);
        var message = new ArrayBufferWriter<byte>(Math.Min(_options.ReceiveBufferBytes, _options.MaxMessageBytes));
        try
        {
            while (true)
            {
                message.ResetWrittenCount();
                ValueWebSocketReceiveResult frame;
                do
                {
                    frame = await _socket.ReceiveAsync(buffer.AsMemory(), _abort.Token).ConfigureAwait(false);
                    if (frame.MessageType == WebSocketMessageType.Close)
                    {
                        break;
                    }

                    if (message.WrittenCount + frame.Count > _options.MaxMessageBytes)
                    {
                        _failure = ExceptionDispatchInfo.Capture(new MalformedMessageException($"A message over the limit of {_options.MaxMessageBytes} bytes."));
                        await RefuseOversizeAsync(buffer).ConfigureAwait(false);
                        return;
                    }

                    message.Write(buffer.AsSpan(0, frame.Count));
                }
                while (!frame.EndOfMessage);

                if (frame.MessageType == WebSocketMessageType.Close)
                {
                    await OnPeerCloseAsync().ConfigureAwait(false);
                    return;
                }

                if (!_closing.IsCancellationRequested)
                {
                    await PublishAsync(new ReceivedMessage(message.WrittenSpan.ToArray(), frame.MessageType)).ConfigureAwait(false);
                }
            }
        }
        catch (Exception exception)
        {
            _failure = ExceptionDispatchInfo.Capture(exception is OperationCanceledException
                ? new WebSocketException(WebSocketError.InvalidState, "The connection was aborted.")
                : exception);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _inbox.Writer.TryComplete();
        }
    }

    private async Task OnPeerCloseAsync()
    {
        var close = new ReceivedClose(_socket.CloseStatus is { } code ? (int)code : null, _socket.CloseStatusDescription);
        Volatile.Write(ref _peerClose, close);
        if (Interlocked.Exchange(ref _closeStarted, 1) == 0)
        {
            // The peer closed first: answer its close frame (after any send in progress), as the protocol asks.
            await _closing.CancelAsync().ConfigureAwait(false);
            await CloseOutputAsync(_socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, _socket.CloseStatusDescription).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Oversize is the peer's fault: close with 1009 rather than keep what could be endless, then read (and drop) until the
    /// peer's close frame, for at most the close time-out, so the handshake completes.
    /// </summary>
    private async Task RefuseOversizeAsync(byte[] buffer)
    {
        if (Interlocked.Exchange(ref _closeStarted, 1) != 0)
        {
            return;
        }

        await _closing.CancelAsync().ConfigureAwait(false);
        await CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, "message too big").ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(_options.CloseHandshakeTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token, timeout.Token);
        try
        {
            while (_socket.State == WebSocketState.CloseSent)
            {
                var frame = await _socket.ReceiveAsync(buffer.AsMemory(), linked.Token).ConfigureAwait(false);
                if (frame.MessageType == WebSocketMessageType.Close)
                {
                    Volatile.Write(ref _peerClose, new ReceivedClose(_socket.CloseStatus is { } code ? (int)code : null, _socket.CloseStatusDescription));
                    return;
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            _socket.Abort();
        }
    }

    /// <summary>This side's close frame, bounded by the close time-out; on failure the connection is aborted.</summary>
    private async Task CloseOutputAsync(WebSocketCloseStatus status, string? description)
    {
        using var timeout = new CancellationTokenSource(_options.CloseHandshakeTimeout, _time);
        try
        {
            await SendCloseFrameAsync(status, description, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            _socket.Abort();
        }
    }

    /// <summary>The close frame, after any send in progress (never in the middle of a message).</summary>
    private async Task SendCloseFrameAsync(WebSocketCloseStatus status, string? description, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(status, Shorten(description), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task PublishAsync(ReceiveResult result)
    {
        try
        {
            await _inbox.Writer.WriteAsync(result, _closing.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            // Closing: nobody waits for messages any more.
        }
    }
}
