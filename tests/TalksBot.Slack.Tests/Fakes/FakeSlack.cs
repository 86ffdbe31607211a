using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TalksBot.Slack.Tests.Fakes;

/// <summary>
/// A loopback Slack: the Web API subset TalksBot uses under <c>/api/</c>, Socket Mode (WebSocket at <c>/socket?ticket=…</c>,
/// URLs handed out by <c>apps.connections.open</c>), response_url endpoints under <c>/response/</c> and file upload URLs under <c>/upload/</c>. It records everything a
/// client sends and lets a test push envelopes, disconnects, drops and API faults. Every wait is bounded; disposing stops the
/// server, sockets and loops within about two seconds.
/// </summary>
public sealed partial class FakeSlack : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan BackgroundStopTimeout = TimeSpan.FromMilliseconds(500);

    private readonly FakeSlackOptions _options;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly List<Exception> _serverErrors = [];
    private readonly List<Task> _background = [];
    private WebApplication? _app;
    private int _disposed;

    private FakeSlack(FakeSlackOptions options)
    {
        _options = options;
    }

    /// <summary>http://127.0.0.1:PORT/api/ (with the trailing slash, like https://slack.com/api/).</summary>
    public Uri ApiBaseUrl { get; private set; } = null!;

    /// <summary>http://127.0.0.1:PORT/response/ — response_urls are this plus an id (see <see cref="NewResponseUrl"/>).</summary>
    public Uri ResponseUrlBase { get; private set; } = null!;

    public int Port { get; private set; }

    public string BotToken => _options.BotToken;

    public string AppToken => _options.AppToken;

    public FakeSlackOptions Options => _options;

    /// <summary>Exceptions the fake's own handlers hit (a test can assert this is empty).</summary>
    public IReadOnlyList<Exception> ServerErrors => Snapshot(() => _serverErrors.ToArray());

    public static async Task<FakeSlack> StartAsync(FakeSlackOptions? options = null)
    {
        var fake = new FakeSlack(options ?? new FakeSlackOptions());
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
        ApiBaseUrl = new Uri($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/api/");
        ResponseUrlBase = new Uri($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/response/");
        StartBackground(MonitorAcksAsync(_shutdown.Token));
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        try
        {
            if (path.TrimEnd('/') == "/socket")
            {
                await RunSocketAsync(context).ConfigureAwait(false);
            }
            else if (path.StartsWith("/upload/", StringComparison.Ordinal))
            {
                await HandleUploadAsync(context, path["/upload/".Length..].TrimEnd('/')).ConfigureAwait(false);
            }
            else if (path.StartsWith("/response/", StringComparison.Ordinal))
            {
                await HandleResponseUrlAsync(context, path["/response/".Length..].TrimEnd('/')).ConfigureAwait(false);
            }
            else
            {
                // Everything else is recorded as a Web API call (unknown paths answer unknown_method), so a wrong base address shows up in Requests.
                await HandleApiAsync(context, path).ConfigureAwait(false);
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

    private void RecordError(Exception ex)
    {
        lock (_lock)
        {
            _serverErrors.Add(ex);
        }
    }

    private void StartBackground(Task task)
    {
        lock (_lock)
        {
            _background.RemoveAll(t => t.IsCompleted);
            _background.Add(task);
        }
    }

    private T Snapshot<T>(Func<T> read)
    {
        lock (_lock)
        {
            return read();
        }
    }

    /// <summary>Polls <paramref name="probe"/> until it returns a non-default value (non-null, true, non-zero); throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public async Task<T> WaitForAsync<T>(Func<FakeSlack, T?> probe, TimeSpan timeout, string? description = null)
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
                throw new TimeoutException($"FakeSlack: waited {timeout.TotalSeconds:0.###} s for {description ?? "a condition"}. {Describe()}");
            }

            await Task.Delay(PollInterval).ConfigureAwait(false);
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public Task WaitUntilAsync(Func<FakeSlack, bool> condition, TimeSpan timeout, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return WaitForAsync(s => condition(s), timeout, description);
    }

    /// <summary>A one-line state summary used in timeout messages.</summary>
    public string Describe()
    {
        lock (_lock)
        {
            var live = _connections.Where(c => c.IsLive).Select(c => c.Number);
            var lastFrames = _receivedFrames.TakeLast(5).Select(f => $"#{f.Connection} {Shorten(f.Raw)}");
            var lastRequests = _requests.TakeLast(5).Select(r => $"{r.HttpMethod} {r.Method} → {r.Status} {Shorten(r.ResponseBody)}");
            return $"Connections: {_connections.Count} (live: {string.Join(",", live)}); envelopes sent {_sentEnvelopes.Count}, acks {_acks.Count}, unacked {_unacked.Count}; "
                + $"last client frames: [{string.Join("; ", lastFrames)}]; last requests: [{string.Join("; ", lastRequests)}]; response_url posts {_responsePosts.Count}.";
        }
    }

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..120] + "…";

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _shutdown.CancelAsync().ConfigureAwait(false);
        SocketConnection[] connections;
        Task[] background;
        lock (_lock)
        {
            connections = [.. _connections];
            background = [.. _background];
        }

        foreach (var connection in connections)
        {
            connection.Abort();
        }

        try
        {
            await Task.WhenAll(background).WaitAsync(BackgroundStopTimeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // The loops observe the shutdown token; do not hold disposal up for them.
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
