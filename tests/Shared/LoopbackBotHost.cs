using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TalksBot.Core;
using TalksBot.Core.Knowledge;

namespace TalksBot.Testing;

/// <summary>
/// The bot composed as in production (Core plus one platform adapter) on a warm copy of the real knowledge, as a web
/// host listening on a loopback port. Linked into the adapter test projects.
/// </summary>
internal sealed class LoopbackBotHost : IAsyncDisposable
{
    private readonly string _directory;

    private LoopbackBotHost(WebApplication app, string directory)
    {
        App = app;
        _directory = directory;
    }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    public Uri BaseAddress => new(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>The bot's stores, read (and written) synchronously for assertions.</summary>
    public StoredKnowledge Store => new(Services);

    /// <param name="settings">Configuration on top of the test database and knowledge paths.</param>
    /// <param name="addAdapter">Registers the platform adapter (e.g. AddSlackAdapter).</param>
    /// <param name="mapEndpoints">Maps the adapter's HTTP endpoints.</param>
    /// <param name="configure">Test-specific service changes, applied last.</param>
    public static async Task<LoopbackBotHost> StartAsync(
        IDictionary<string, string?> settings,
        Action<IServiceCollection, IConfiguration> addAdapter,
        Action<WebApplication> mapEndpoints,
        Action<IServiceCollection>? configure = null)
    {
        var directory = Directory.CreateTempSubdirectory("talksbot-bot-").FullName;
        var database = Path.Combine(directory, "talksbot.db");
        WarmKnowledgeDatabase.CopyTo(database);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Knowledge:DatabasePath"] = database,
            ["Knowledge:Directory"] = RepositoryPaths.Knowledge,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseSetting("urls", "http://127.0.0.1:0");
        builder.Services.AddTalksBotCore();
        addAdapter(builder.Services, builder.Configuration);
        configure?.Invoke(builder.Services);
        var app = builder.Build();
        mapEndpoints(app);
        await app.Services.GetRequiredService<KnowledgeStartup>().StartAsync(import: true).ConfigureAwait(false);
        await app.StartAsync().ConfigureAwait(false);
        return new LoopbackBotHost(app, directory);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await App.StopAsync(timeout.Token).ConfigureAwait(false);
        await App.DisposeAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }
}
