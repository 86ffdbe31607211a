using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TalksBot.Core.Commands;
using TalksBot.Core.Commands.Handlers;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Knowledge.Yaml;
using TalksBot.Core.Moderation;
using TalksBot.Core.Moderation.Handlers;
using TalksBot.Core.Queries;
using TalksBot.Core.Search;
using TalksBot.Core.Search.Embeddings;

namespace TalksBot.Core.Tests;

/// <summary>Temporary directories, the repository's real knowledge, and a wired store, index, query service and router.</summary>
internal sealed class TestKnowledge : IDisposable
{
    private static readonly Lazy<KnowledgeSet> RealSet = new(() => KnowledgeYamlReader.ReadDirectory(KnowledgeDirectory));
    private static readonly Lazy<ITextEmbedder> SharedEmbedder = new(() => new MiniLmEmbedder());

    private TestKnowledge(KnowledgeSet set, bool hybrid, bool warm = false)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("talksbot-test-").FullName;
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 12, 9, 0, 0, TimeSpan.Zero));
        if (warm)
        {
            Testing.WarmKnowledgeDatabase.CopyTo(DatabasePath);
        }

        Store = KnowledgeStore.Open(DatabasePath, Time);
        Store.Import(set);
        Index = new FactIndex(Store);
        Semantic = hybrid ? new SemanticIndex(Store, SharedEmbedder.Value) : null;
        Queries = new QueryService(Index, Semantic);
        Parser = new CommandTextParser(Queries);
        Editor = new FactEditor(Store, Queries, Time);
        Router = new CommandRouter(Handlers(Queries, Store, Editor, Time, [Publisher]), NullLogger<CommandRouter>.Instance);
    }

    public static string KnowledgeDirectory => Testing.RepositoryPaths.Knowledge;

    /// <summary>The repository's knowledge files, read once per test run.</summary>
    public static KnowledgeSet Real => RealSet.Value;

    public string Directory { get; }

    public string DatabasePath => Path.Combine(Directory, "talksbot.db");

    public FakeTimeProvider Time { get; }

    public KnowledgeStore Store { get; }

    public FactIndex Index { get; }

    /// <summary>The MiniLM vectors, when the knowledge runs hybrid as in production.</summary>
    public SemanticIndex? Semantic { get; }

    public QueryService Queries { get; }

    public CommandTextParser Parser { get; }

    public CommandRouter Router { get; }

    public FactEditor Editor { get; }

    /// <summary>Where /subscribe and the change notifier post on the "test" platform.</summary>
    public RecordingPublisher Publisher { get; } = new("test");

    /// <summary>The repository's knowledge, hybrid retrieval as in production, from a database whose vectors are already cached.</summary>
    public static TestKnowledge WithRealKnowledge() => new(Real, hybrid: true, warm: true);

    /// <summary>The repository's knowledge with lexical retrieval only (Search:Embeddings=false).</summary>
    public static TestKnowledge WithRealKnowledgeLexicalOnly() => new(Real, hybrid: false);

    public static TestKnowledge With(KnowledgeSet set, bool hybrid = false) => new(set, hybrid);

    public static IEnumerable<ICommandHandler> Handlers(QueryService queries, KnowledgeStore store, FactEditor editor, TimeProvider time, IEnumerable<IChannelPublisher> publishers) =>
    [
        new PositionsHandler(queries), new AskHandler(queries, store), new TimelineHandler(queries), new SourcesHandler(queries),
        new TopicsHandler(queries), new AboutHandler(queries), new HelpHandler(), new FeedbackHandler(store),
        new FactAddHandler(editor, time), new FactEditHandler(editor), new FactRetractHandler(editor), new FactDeprecateHandler(editor),
        new FactRestoreHandler(editor), new FactHistoryHandler(editor, store), new FactShowHandler(editor),
        new KbStatsHandler(store), new KbUnansweredHandler(store), new KbExportHandler(store, time),
        new SubscribeHandler(store, publishers), new UnsubscribeHandler(store),
    ];

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
        Semantic?.Dispose();
        Index.Dispose();
        Store.Dispose();
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
