using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TalksBot.Core.Commands;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Knowledge.Yaml;
using TalksBot.Core.Moderation;
using TalksBot.Core.Queries;
using TalksBot.Core.Search;
using TalksBot.Core.Search.Embeddings;
using TalksBot.Testing;

namespace TalksBot.Core.Tests;

/// <summary>
/// Core composed as in production (<see cref="CoreServiceCollectionExtensions.AddTalksBotCore"/>) over a temporary
/// database, with test overrides: a fake clock, the shared MiniLM embedder, a recording publisher. The knowledge set
/// is imported and the indexes built before a test sees it.
/// </summary>
internal sealed class TestKnowledge : IDisposable
{
    /// <summary>The longest a test waits for the indexes to catch up (they take milliseconds): a bound, not a pause.</summary>
    private static readonly TimeSpan CatchUpBound = TimeSpan.FromSeconds(30);

    private static readonly Lazy<KnowledgeSet> RealSet = new(() => KnowledgeYamlReader.ReadDirectory(KnowledgeDirectory));
    private static readonly Lazy<ITextEmbedder> SharedEmbedder = new(() => new MiniLmEmbedder());

    private readonly ServiceProvider _services;

    private TestKnowledge(KnowledgeSet set, bool hybrid, bool warm, Action<IServiceCollection>? configure)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("talksbot-test-").FullName;
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 12, 9, 0, 0, TimeSpan.Zero));
        if (warm)
        {
            WarmKnowledgeDatabase.CopyTo(DatabasePath);
        }

        // Tests send commands faster than a person could; the limiter has tests of its own.
        var services = StoredKnowledge.Compose(DatabasePath, embeddings: hybrid, new Dictionary<string, string?> { ["RateLimits:Enabled"] = "false" });
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton(SharedEmbedder.Value);
        services.AddSingleton<IChannelPublisher>(Publisher);
        configure?.Invoke(services);
        _services = services.BuildServiceProvider();
        Store = new StoredKnowledge(_services);
        Store.Import(set);
        _services.GetRequiredService<KnowledgeStartup>().StartAsync(import: false).GetAwaiter().GetResult();
    }

    public static string KnowledgeDirectory => RepositoryPaths.Knowledge;

    /// <summary>The repository's knowledge files, read once per test run.</summary>
    public static KnowledgeSet Real => RealSet.Value;

    public string Directory { get; }

    public string DatabasePath => Path.Combine(Directory, "talksbot.db");

    public FakeTimeProvider Time { get; }

    public IServiceProvider Services => _services;

    /// <summary>The stores, read and written synchronously for set-up and assertions.</summary>
    public StoredKnowledge Store { get; }

    public IFactStore Facts => _services.GetRequiredService<IFactStore>();

    public KnowledgeChangeFeed Changes => _services.GetRequiredService<KnowledgeChangeFeed>();

    public FactIndex Index => _services.GetRequiredService<FactIndex>();

    /// <summary>The MiniLM vectors, when the knowledge runs hybrid as in production.</summary>
    public SemanticIndex? Semantic => Queries.UsesEmbeddings ? _services.GetRequiredService<SemanticIndex>() : null;

    public QueryService Queries => _services.GetRequiredService<QueryService>();

    public CommandTextParser Parser => _services.GetRequiredService<CommandTextParser>();

    public CommandRouter Router => _services.GetRequiredService<CommandRouter>();

    public FactEditor Editor => _services.GetRequiredService<FactEditor>();

    /// <summary>Every command handler, for routers a test composes itself.</summary>
    public IEnumerable<ICommandHandler> Handlers => _services.GetServices<ICommandHandler>();

    /// <summary>Where /subscribe and the change notifier post on the "test" platform.</summary>
    public RecordingPublisher Publisher { get; } = new("test");

    /// <summary>The repository's knowledge, hybrid retrieval as in production, from a database whose vectors are already cached.</summary>
    public static TestKnowledge WithRealKnowledge() => new(Real, hybrid: true, warm: true, configure: null);

    /// <summary>The repository's knowledge, hybrid, with test-specific service changes applied after the defaults.</summary>
    public static TestKnowledge WithRealKnowledge(Action<IServiceCollection> configure) => new(Real, hybrid: true, warm: true, configure);

    /// <summary>The MiniLM embedder every hybrid test knowledge shares (loaded once per test run).</summary>
    public static ITextEmbedder SharedSentenceEmbedder => SharedEmbedder.Value;

    /// <summary>The repository's knowledge with lexical retrieval only (Search:Embeddings=false).</summary>
    public static TestKnowledge WithRealKnowledgeLexicalOnly() => new(Real, hybrid: false, warm: false, configure: null);

    /// <param name="set">The knowledge to import.</param>
    /// <param name="hybrid">Sentence embeddings next to BM25, as in production.</param>
    /// <param name="configure">Test-specific service changes, applied after the defaults.</param>
    public static TestKnowledge With(KnowledgeSet set, bool hybrid = false, Action<IServiceCollection>? configure = null) => new(set, hybrid, warm: false, configure);

    /// <summary>A small, hand-made knowledge set for store tests.</summary>
    public static KnowledgeSet Small(params Fact[] extraFacts) => new(
        [new Party("russia", "Russia", ["Kremlin", "Moscow"]), new Party("ukraine", "Ukraine", ["Kyiv", "Zelenskyy"])],
        [new Topic("territory", "Territory", "Who gets which land.", ["land"]), new Topic("nato", "NATO", "Membership and neutrality.", ["alliance"])],
        [new Source("ap-1", "Where things stand", "AP", "https://example.org/ap", new DateOnly(2025, 12, 15), SourceReliability.Normal, null)],
        [
            SmallFact("ru-land", "russia", "territory", "Russia demands all of Donetsk and Luhansk."),
            SmallFact("ua-land", "ukraine", "territory", "Ukraine will not formally cede occupied land."),
            .. extraFacts,
        ]);

    public static Fact SmallFact(string id, string? party, string topic, string text, FactKind kind = FactKind.Position, DateOnly? asOf = null) => new()
    {
        Id = id,
        Kind = kind,
        Party = party,
        Topic = topic,
        AsOf = asOf ?? new DateOnly(2025, 12, 15),
        Text = text,
        Sources = [new SourceRef("ap-1")],
    };

    /// <summary>A change notifier of its own over these stores, posting through <paramref name="publishers"/>.</summary>
    public ChangeNotifier NotifierFor(params IChannelPublisher[] publishers) => new(
        _services.GetRequiredService<IChangeOutbox>(),
        _services.GetRequiredService<ISubscriptionStore>(),
        Facts,
        publishers,
        Time,
        Microsoft.Extensions.Logging.Abstractions.NullLogger<ChangeNotifier>.Instance);

    /// <summary>Closes the database (as a bot stops) and opens the file again, to see what it really holds; dispose it before this.</summary>
    public StoredKnowledge CloseAndReopen()
    {
        _services.Dispose();
        return StoredKnowledge.Open(DatabasePath);
    }

    /// <summary>Completes once the indexes and the change notifier have applied every change committed so far.</summary>
    public Task IndexCaughtUpAsync() => Changes.WaitForAsync(Changes.LastPublished).WaitAsync(CatchUpBound);

    public Task<Core.Cards.Reply> RunAsync(string line) =>
        Router.RouteAsync(Invocation(line), CancellationToken.None);

    public CommandInvocation Invocation(string line, bool moderator = false)
    {
        var parsed = Parser.Parse(line);
        Assert.Null(parsed.Error);
        return new CommandInvocation(parsed.Name, parsed.Options, new CommandCaller(moderator ? "m1" : "u1", moderator ? "Mod Anna" : "tester", [], moderator), "c1", "test");
    }

    /// <summary>Runs a command line as a moderator.</summary>
    public Task<Core.Cards.Reply> ModerateAsync(string line, string userId = "m1", string name = "Mod Anna") =>
        Router.RouteAsync(Invocation(line, moderator: true) with { Caller = new CommandCaller(userId, name, [], IsModerator: true) }, CancellationToken.None);

    public void Dispose()
    {
        _services.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }
}
