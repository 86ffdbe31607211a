using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TalksBot.Testing;

/// <summary>
/// Kestrel on 127.0.0.1 and a free port, WebSockets on (no server pings), for the loopback fakes of Discord and Slack and
/// the platform layer's tests. Starting and stopping are bounded; disposing aborts whatever is still connected.
/// Linked into the test projects that need it.
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(1);
    private int _disposed;

    private LoopbackServer(WebApplication app, int port)
    {
        App = app;
        Port = port;
    }

    public WebApplication App { get; }

    public int Port { get; }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>ws://127.0.0.1:PORT + <paramref name="pathAndQuery"/>.</summary>
    public Uri WebSocketUrl(string pathAndQuery) => new($"ws://127.0.0.1:{Port}{pathAndQuery}");

    /// <summary>Starts a server whose pipeline <paramref name="configure"/> builds (e.g. <c>app =&gt; app.Run(HandleAsync)</c>).</summary>
    public static async Task<LoopbackServer> StartAsync(Action<WebApplication> configure, Action<IServiceCollection>? services = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Development",
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.WebHost.UseShutdownTimeout(StopTimeout);
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        configure(app);
        try
        {
            using var startTimeout = new CancellationTokenSource(StartTimeout);
            await app.StartAsync(startTimeout.Token).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new LoopbackServer(app, new Uri(address).Port);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        using var stopTimeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await App.StopAsync(stopTimeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Kestrel gave up waiting for connections; they are aborted.
        }

        await App.DisposeAsync().ConfigureAwait(false);
    }
}
