using System.Collections.Concurrent;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using TalksBot.Testing;

namespace TalksBot.Platform.Tests.WebSockets;

/// <summary>What the server saw of one connection: every whole message, and the client's close (code and text).</summary>
internal sealed class ServerConnection(int number, WebSocket socket, HttpContext context, CancellationTokenSource cancellation)
    : LoopbackWebSocketConnection(number, socket, context, cancellation)
{
    private readonly TaskCompletionSource<(int? Code, string? Description)> _clientClose = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<byte[]> Received { get; } = new();

    /// <summary>Completes when the client's close frame arrives.</summary>
    public Task<(int? Code, string? Description)> ClientClose => _clientClose.Task;

    public void RecordClientClose() => _clientClose.TrySetResult((Socket.CloseStatus is { } code ? (int)code : null, Socket.CloseStatusDescription));
}

/// <summary>
/// A loopback WebSocket server at ws://127.0.0.1:PORT/ws whose behaviour per connection a test scripts: it runs
/// <c>script(connection, token)</c> next to a receive loop that records messages and answers the client's close.
/// </summary>
internal sealed class ScriptedWebSocketServer : IAsyncDisposable
{
    private readonly Func<ServerConnection, CancellationToken, Task> _script;
    private readonly List<ServerConnection> _connections = [];
    private readonly CancellationTokenSource _shutdown = new();
    private readonly SemaphoreSlim _connected = new(0);
    private LoopbackServer? _server;

    private ScriptedWebSocketServer(Func<ServerConnection, CancellationToken, Task> script) => _script = script;

    public Uri Url => _server!.WebSocketUrl("/ws");

    public IReadOnlyList<ServerConnection> Connections
    {
        get
        {
            lock (_connections)
            {
                return [.. _connections];
            }
        }
    }

    public static async Task<ScriptedWebSocketServer> StartAsync(Func<ServerConnection, CancellationToken, Task>? script = null)
    {
        var server = new ScriptedWebSocketServer(script ?? ((_, _) => Task.CompletedTask));
        server._server = await LoopbackServer.StartAsync(app => app.Run(server.HandleAsync));
        return server;
    }

    /// <summary>The connection numbered <paramref name="number"/> (1-based), once it exists.</summary>
    public async Task<ServerConnection> WaitForConnectionAsync(int number, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            lock (_connections)
            {
                if (_connections.Count >= number)
                {
                    return _connections[number - 1];
                }
            }

            var left = deadline - DateTimeOffset.UtcNow;
            if (left <= TimeSpan.Zero || !await _connected.WaitAsync(left))
            {
                throw new TimeoutException($"No connection #{number} within {timeout}.");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _shutdown.CancelAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _shutdown.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token, context.RequestAborted);
        ServerConnection connection;
        lock (_connections)
        {
            connection = new ServerConnection(_connections.Count + 1, socket, context, ended);
            _connections.Add(connection);
        }

        _connected.Release();
        var script = Task.Run(() => _script(connection, ended.Token));
        try
        {
            await ReceiveLoopAsync(connection);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
        {
            // Dropped or shutting down.
        }
        finally
        {
            connection.MarkEnded();
            await ended.CancelAsync();
            await script.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static async Task ReceiveLoopAsync(ServerConnection connection)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var (type, _) = await connection.ReceiveMessageAsync(buffer, message);
            if (type == WebSocketMessageType.Close)
            {
                connection.RecordClientClose();
                await connection.AnswerClientCloseAsync(TimeSpan.FromSeconds(2));
                return;
            }

            connection.Received.Enqueue(message.ToArray());
        }
    }
}
