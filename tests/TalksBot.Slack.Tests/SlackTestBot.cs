using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TalksBot.Core;
using TalksBot.Core.Knowledge;
using TalksBot.Slack.Http;

namespace TalksBot.Slack.Tests;

/// <summary>The bot as production composes it (Core + the Slack adapter) on a warm copy of the real knowledge, listening on loopback.</summary>
internal sealed class SlackTestBot : IAsyncDisposable
{
    public const string BotToken = "xoxb-test_bot_token_not_real";
    public const string AppToken = "xapp-1-test_app_token_not_real";
    public const string SigningSecret = "fake-signing-secret-0123456789abcdef";

    private readonly string _directory;

    private SlackTestBot(WebApplication app, string directory)
    {
        App = app;
        _directory = directory;
    }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    public Uri BaseAddress => new(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public KnowledgeStore Store => Services.GetRequiredService<KnowledgeStore>();

    public static async Task<SlackTestBot> StartAsync(IDictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        var directory = Directory.CreateTempSubdirectory("talksbot-slack-").FullName;
        var database = Path.Combine(directory, "talksbot.db");
        Testing.WarmKnowledgeDatabase.CopyTo(database);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Knowledge:DatabasePath"] = database,
            ["Knowledge:Directory"] = Testing.RepositoryPaths.Knowledge,
            ["Slack:BotToken"] = BotToken,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseSetting("urls", "http://127.0.0.1:0");
        builder.Services.AddTalksBotCore();
        builder.Services.AddSlackAdapter(builder.Configuration);
        configure?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapSlackEndpoints();
        app.Services.GetRequiredService<KnowledgeLoader>().Import();
        await app.StartAsync();
        return new SlackTestBot(app, directory);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await App.StopAsync(timeout.Token);
        await App.DisposeAsync();
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
