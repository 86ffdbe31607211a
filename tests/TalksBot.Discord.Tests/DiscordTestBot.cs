using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TalksBot.Core;
using TalksBot.Core.Knowledge;
using TalksBot.Discord.Http;

namespace TalksBot.Discord.Tests;

/// <summary>
/// The bot as production composes it (Core + the Discord adapter) on a warm copy of the real knowledge, as a web host
/// listening on a loopback port. Gateway mode starts the gateway worker; HTTP mode maps /discord/interactions.
/// </summary>
internal sealed class DiscordTestBot : IAsyncDisposable
{
    public const string Token = "fake-bot-token-0123456789abcdef";
    public const string ApplicationId = "1100000000000000001";

    private readonly string _directory;

    private DiscordTestBot(WebApplication app, string directory)
    {
        App = app;
        _directory = directory;
    }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    public Uri BaseAddress => new(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public KnowledgeStore Store => Services.GetRequiredService<KnowledgeStore>();

    public static async Task<DiscordTestBot> StartAsync(IDictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        var directory = Directory.CreateTempSubdirectory("talksbot-discord-").FullName;
        var database = Path.Combine(directory, "talksbot.db");
        Testing.WarmKnowledgeDatabase.CopyTo(database);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Knowledge:DatabasePath"] = database,
            ["Knowledge:Directory"] = Testing.RepositoryPaths.Knowledge,
            ["Discord:Token"] = Token,
            ["Discord:ApplicationId"] = ApplicationId,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseSetting("urls", "http://127.0.0.1:0");
        builder.Services.AddTalksBotCore();
        builder.Services.AddDiscordAdapter(builder.Configuration);
        configure?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapDiscordInteractions();
        app.Services.GetRequiredService<KnowledgeLoader>().Import();
        await app.StartAsync().ConfigureAwait(false);
        return new DiscordTestBot(app, directory);
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
