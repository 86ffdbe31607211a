using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TalksBot.Discord.Tests.Fakes;

/// <summary>
/// A loopback Discord: gateway v10 (JSON over WebSocket at <c>/gateway</c>) and the REST subset TalksBot uses under
/// <c>/api/v10</c>. It records everything a client sends and lets a test push events, reconnects, closes and
/// REST faults. Every wait is bounded; disposing stops the server, sockets and loops.
/// </summary>
public sealed partial class FakeDiscord : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    private readonly FakeDiscordOptions _options;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly List<Exception> _serverErrors = [];
    private WebApplication? _app;
    private int _disposed;

    private FakeDiscord(FakeDiscordOptions options)
    {
        _options = options;
        AckHeartbeats = options.AckHeartbeats;
    }

    public Uri ApiBaseUrl { get; private set; } = null!;

    /// <summary>ws://127.0.0.1:PORT/gateway (no query; clients add ?v=10&amp;encoding=json).</summary>
    public Uri GatewayUrl { get; private set; } = null!;

    /// <summary>The <c>resume_gateway_url</c> sent in READY (ws://127.0.0.1:PORT/gateway-resume by default).</summary>
    public Uri ResumeGatewayUrl { get; private set; } = null!;

    public int Port { get; private set; }

    public string Token => _options.Token;

    public string ApplicationId => _options.ApplicationId;

    public FakeDiscordOptions Options => _options;

    /// <summary>Whether client heartbeats get op 11; settable at any time to simulate a zombie connection.</summary>
    public bool AckHeartbeats { get; set; }

    /// <summary>Exceptions the fake's own handlers hit (a test can assert this is empty).</summary>
    public IReadOnlyList<Exception> ServerErrors
    {
        get
        {
            lock (_lock)
            {
                return [.. _serverErrors];
            }
        }
    }

    public static async Task<FakeDiscord> StartAsync(FakeDiscordOptions? options = null)
    {
        var fake = new FakeDiscord(options ?? new FakeDiscordOptions());
        try
        {
            await fake.StartServerAsync().ConfigureAwait(false);
            return fake;
        }
        catch
        {
            await fake.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task StartServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Development",
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(1));

        var app = builder.Build();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        app.Run(HandleAsync);
        _app = app;

        using var startTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await app.StartAsync(startTimeout.Token).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Port = new Uri(address).Port;
        ApiBaseUrl = new Uri($"http://127.0.0.1:{Port}/api/v10");
        GatewayUrl = new Uri($"ws://127.0.0.1:{Port}/gateway");
        ResumeGatewayUrl = new Uri($"ws://127.0.0.1:{Port}{_options.ResumeGatewayPath}");
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        try
        {
            if (IsGatewayPath(path))
            {
                await RunGatewayConnectionAsync(context).ConfigureAwait(false);
            }
            else
            {
                // Paths outside /api/v10 are recorded too (404), so a wrong base address shows up in Requests.
                await HandleRestAsync(context).ConfigureAwait(false);
            }
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

    private bool IsGatewayPath(string path)
    {
        var trimmed = path.TrimEnd('/');
        return trimmed == "/gateway" || trimmed == _options.ResumeGatewayPath.TrimEnd('/');
    }

    private void RecordError(Exception ex)
    {
        lock (_lock)
        {
            _serverErrors.Add(ex);
        }
    }

    /// <summary>Polls <paramref name="probe"/> until it returns a non-default value (non-null, true, non-zero); throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public async Task<T> WaitForAsync<T>(Func<FakeDiscord, T?> probe, TimeSpan timeout, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            var value = probe(this);
            if (value is not null && !EqualityComparer<T>.Default.Equals(value, default!))
            {
                return value;
            }

            if (DateTimeOffset.UtcNow >= deadline)
            {
                throw new TimeoutException($"FakeDiscord: waited {timeout.TotalSeconds:0.###} s for {description ?? "a condition"}. {Describe()}");
            }

            await Task.Delay(PollInterval).ConfigureAwait(false);
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public Task WaitUntilAsync(Func<FakeDiscord, bool> condition, TimeSpan timeout, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return WaitForAsync(d => condition(d), timeout, description);
    }

    /// <summary>A one-line state summary used in timeout messages.</summary>
    public string Describe()
    {
        lock (_lock)
        {
            var live = _connections.Where(c => c.IsLive).Select(c => c.Number);
            var lastFrames = _receivedFrames.TakeLast(5).Select(f => $"#{f.Connection} op {f.Op}");
            var lastRequests = _requests.TakeLast(5).Select(r => $"{r.Method} {r.RelativePath} → {r.Status}");
            return $"Connections: {_connections.Count} (live: {string.Join(",", live)}); identifies {IdentifyCount}, resumes {ResumeCount}, heartbeats {HeartbeatCount}; "
                + $"last client frames: [{string.Join("; ", lastFrames)}]; last requests: [{string.Join("; ", lastRequests)}].";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _shutdown.CancelAsync().ConfigureAwait(false);
        GatewayConnection[] connections;
        lock (_lock)
        {
            connections = [.. _connections];
        }

        foreach (var connection in connections)
        {
            connection.Abort();
        }

        if (_app is not null)
        {
            using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                await _app.StopAsync(stopTimeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Kestrel gave up waiting for connections; they are aborted.
            }

            await _app.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var connection in connections)
        {
            connection.Dispose();
        }

        _shutdown.Dispose();
    }
}
