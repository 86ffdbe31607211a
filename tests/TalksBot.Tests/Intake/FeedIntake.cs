using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using TalksBot.Core.Intake;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Moderation;
using TalksBot.Core.Tests;
using TalksBot.Intake;
using TalksBot.Testing;

namespace TalksBot.Tests.Intake;

/// <summary>
/// The news inbox as the host composes it (<see cref="HostServiceCollectionExtensions.AddTalksBotHost"/>: the real
/// LiteDB store on a warm copy of the repository's knowledge, hybrid search, the "feeds" HttpClient) polling feeds on a
/// <see cref="LoopbackFeedServer"/>, with a <see cref="FakeTimeProvider"/> for time, a recording publisher for the
/// digest and the log kept. Workers are made on demand; each is another instance on the same store.
/// </summary>
internal sealed class FeedIntake : IAsyncDisposable
{
    /// <summary>A Thursday morning, before the digest hour (08:00 UTC).</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 12, 6, 0, 0, TimeSpan.Zero);

    private readonly string _directory;

    private FeedIntake(LoopbackFeedServer feeds, string directory)
    {
        Feeds = feeds;
        _directory = directory;
    }

    public LoopbackFeedServer Feeds { get; }

    public ServiceProvider Services { get; private set; } = null!;

    public FakeTimeProvider Time { get; } = new(Start);

    public RecordingPublisher Publisher { get; } = new("discord");

    public RecordingLoggerProvider Logs { get; } = new();

    public IInboxStore Inbox => Services.GetRequiredService<IInboxStore>();

    /// <summary>Starts the feed server and the knowledge; <paramref name="feedPaths"/> become Intake:Feeds named after their paths.</summary>
    public static async Task<FeedIntake> StartAsync(IReadOnlyList<string> feedPaths, IDictionary<string, string?>? settings = null)
    {
        var feeds = await LoopbackFeedServer.StartAsync();
        var directory = Directory.CreateTempSubdirectory("talksbot-intake-").FullName;
        var database = Path.Combine(directory, "talksbot.db");
        WarmKnowledgeDatabase.CopyTo(database);
        var configuration = new Dictionary<string, string?>
        {
            ["Knowledge:DatabasePath"] = database,
            ["Knowledge:Directory"] = RepositoryPaths.Knowledge,
            ["Intake:TimeoutSeconds"] = "5",
        };
        for (var i = 0; i < feedPaths.Count; i++)
        {
            configuration[$"Intake:Feeds:{i}:Name"] = OutletOf(feedPaths[i]);
            configuration[$"Intake:Feeds:{i}:Url"] = feeds.Url(feedPaths[i]);
        }

        var built = new ConfigurationBuilder().AddInMemoryCollection(configuration).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(built);
        services.AddTalksBotHost(built);
        var intake = new FeedIntake(feeds, directory);
        services.AddLogging(logging => logging.AddProvider(intake.Logs).SetMinimumLevel(LogLevel.Debug));
        services.AddSingleton<TimeProvider>(intake.Time);
        services.AddSingleton<IChannelPublisher>(intake.Publisher);
        intake.Services = services.BuildServiceProvider();
        await intake.Services.GetRequiredService<KnowledgeStartup>().StartAsync(import: true);
        return intake;
    }

    /// <summary>The outlet name a feed on <paramref name="path"/> is configured with ("/kyiv.xml" → "kyiv").</summary>
    public static string OutletOf(string path) => Path.GetFileNameWithoutExtension(path);

    /// <summary>Another instance of the worker, composed from the container as the host composes its hosted service.</summary>
    public IntakeWorker NewWorker() => ActivatorUtilities.CreateInstance<IntakeWorker>(Services);

    public Task<FeedState?> StateAsync(string path) => Inbox.FeedStateAsync(Feeds.Url(path));

    /// <summary>Every candidate in the inbox, decided or not.</summary>
    public Task<IReadOnlyList<InboxCandidate>> CandidatesAsync() => Inbox.FoundSinceAsync(DateTimeOffset.MinValue);

    /// <summary>Warnings and errors logged by the worker, as an operator reads them.</summary>
    public IReadOnlyList<string> Warnings() =>
        Logs.Entries.Where(e => e.Level >= LogLevel.Warning).Select(e => e.Message).ToList();

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Feeds.DisposeAsync();
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
