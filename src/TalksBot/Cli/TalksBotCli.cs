using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using TalksBot.ConsoleBot;
using TalksBot.Core;
using TalksBot.Core.Cards;
using TalksBot.Core.Commands;
using TalksBot.Core.Commands.Handlers;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Knowledge.Yaml;
using TalksBot.Core.Queries;
using TalksBot.Discord;
using TalksBot.Http;
using TalksBot.Slack;

namespace TalksBot.Cli;

/// <summary>The command line: no verb runs the bot; verbs ask, query, import and export from a shell.</summary>
internal sealed class TalksBotCli
{
    public const int Ok = 0;
    public const int UsageError = 1;
    public const int KnowledgeFileError = 2;
    public const int DatabaseUnavailable = 3;
    public const int BelowThreshold = 4;
    public const int LintErrors = 5;

    private readonly TextReader _stdin;
    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;
    private readonly Option<string?> _database = new("--db") { Description = "The knowledge database file (default: data/talksbot.db)", Recursive = true };
    private readonly Option<string?> _knowledge = new("--knowledge") { Description = "The seed knowledge directory (default: knowledge)", Recursive = true };
    private readonly Option<DateOnly?> _now = new("--now")
    {
        Description = "The date answers treat as today, YYYY-MM-DD (default: today's UTC date), for reproducible answers and evals",
        Recursive = true,
        CustomParser = ParseDay,
    };

    private TalksBotCli(TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        _stdin = stdin;
        _stdout = stdout;
        _stderr = stderr;
    }

    public static RootCommand Create(TextReader stdin, TextWriter stdout, TextWriter stderr) =>
        new TalksBotCli(stdin, stdout, stderr).Build();

    private RootCommand Build()
    {
        var root = new RootCommand("TalksBot: sourced, dated answers about the talks to end Russia's war in Ukraine. With no verb, runs the bot (a local console bot when no platform token is set).");
        root.Options.Add(_database);
        root.Options.Add(_knowledge);
        root.Options.Add(_now);
        root.SetAction((result, token) => WithHostAsync(result, host => RunBotAsync(host, token)));
        root.Subcommands.Add(AskCommand());
        root.Subcommands.Add(PositionsCommand());
        root.Subcommands.Add(TimelineCommand());
        root.Subcommands.Add(ImportCommand());
        root.Subcommands.Add(ExportCommand());
        root.Subcommands.Add(BackupCommand());
        root.Subcommands.Add(MigrateCommand());
        root.Subcommands.Add(StatsCommand());
        root.Subcommands.Add(EvalCommand());
        root.Subcommands.Add(LintCommand());
        root.Subcommands.Add(ManifestCommand());
        root.Subcommands.Add(HealthCheckCommand());
        return root;
    }

    private Command AskCommand()
    {
        var question = new Argument<string?>("question") { Description = "The question; without it, one question per line is read from stdin and one JSON object per line written", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Write the answer as JSON" };
        var command = new Command("ask", "Answer a free-text question") { question, json };
        command.SetAction((result, token) => WithKnowledgeAsync(result, async services =>
        {
            var queries = services.GetRequiredService<QueryService>();
            var text = result.GetValue(question);
            if (text is null)
            {
                while (await _stdin.ReadLineAsync(token).ConfigureAwait(false) is { } line)
                {
                    if (!string.IsNullOrWhiteSpace(line))
                    {
                        var answer = await queries.AskAsync(line.Trim(), cancellationToken: token).ConfigureAwait(false);
                        await _stdout.WriteLineAsync(CliJson.Serialize(CliJson.Ask(answer))).ConfigureAwait(false);
                    }
                }

                return Ok;
            }

            if (string.IsNullOrWhiteSpace(text) || text.Length > CommandCatalog.MaxQuestionLength)
            {
                return Fail($"The question must have 1 to {CommandCatalog.MaxQuestionLength} characters.");
            }

            if (result.GetValue(json))
            {
                var answer = await queries.AskAsync(text, cancellationToken: token).ConfigureAwait(false);
                await _stdout.WriteLineAsync(CliJson.Serialize(CliJson.Ask(answer))).ConfigureAwait(false);
                return Ok;
            }

            return await RenderCommandAsync(services, "ask", new() { ["question"] = text }, token).ConfigureAwait(false);
        }));
        return command;
    }

    private Command PositionsCommand()
    {
        var topic = new Option<string>("--topic") { Description = "The topic, e.g. territory, nato, elections", Required = true };
        var party = new Option<string?>("--party") { Description = "Only this party, e.g. russia" };
        var json = new Option<bool>("--json") { Description = "Write the positions as JSON" };
        var command = new Command("positions", "Each party's current position on a topic") { topic, party, json };
        command.SetAction((result, token) => WithKnowledgeAsync(result, async services =>
        {
            var queries = services.GetRequiredService<QueryService>();
            var topicText = result.GetValue(topic)!;
            var partyText = result.GetValue(party);
            if (!result.GetValue(json))
            {
                var options = new Dictionary<string, string> { ["topic"] = topicText };
                if (partyText is not null)
                {
                    options["party"] = partyText;
                }

                return await RenderCommandAsync(services, "positions", options, token).ConfigureAwait(false);
            }

            var topicLookup = queries.FindTopic(topicText);
            if (!topicLookup.Found)
            {
                return Fail(UnknownName("topic", topicLookup));
            }

            var partyLookup = partyText is null ? null : queries.FindParty(partyText);
            if (partyLookup is { Found: false })
            {
                return Fail(UnknownName("party", partyLookup));
            }

            var answer = queries.Positions(topicLookup.Value!, partyLookup?.Value);
            await _stdout.WriteLineAsync(CliJson.Serialize(CliJson.Positions(answer))).ConfigureAwait(false);
            return Ok;
        }));
        return command;
    }

    private Command TimelineCommand()
    {
        var party = new Option<string?>("--party") { Description = "Only events involving this party" };
        var from = new Option<string?>("--from") { Description = "From this date (YYYY, YYYY-MM or YYYY-MM-DD)" };
        var to = new Option<string?>("--to") { Description = "Up to this date (YYYY, YYYY-MM or YYYY-MM-DD)" };
        var json = new Option<bool>("--json") { Description = "Write all matching events as JSON" };
        var command = new Command("timeline", "Dated events of the talks, oldest first") { party, from, to, json };
        command.SetAction((result, token) => WithKnowledgeAsync(result, async services =>
        {
            var options = new Dictionary<string, string>();
            foreach (var (name, option) in new[] { ("party", party), ("from", from), ("to", to) })
            {
                if (result.GetValue(option) is { } value)
                {
                    options[name] = value;
                }
            }

            if (!result.GetValue(json))
            {
                return await RenderCommandAsync(services, "timeline", options, token).ConfigureAwait(false);
            }

            var queries = services.GetRequiredService<QueryService>();
            Party? partyValue = null;
            if (options.TryGetValue("party", out var partyText))
            {
                var lookup = queries.FindParty(partyText);
                if (!lookup.Found)
                {
                    return Fail(UnknownName("party", lookup));
                }

                partyValue = lookup.Value;
            }

            DateOnly? start = null, end = null;
            if (options.TryGetValue("from", out var fromText))
            {
                start = TimelineHandler.TryParsePeriod(fromText, out var s, out _) ? s : null;
                if (start is null)
                {
                    return Fail($"--from '{fromText}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD).");
                }
            }

            if (options.TryGetValue("to", out var toText))
            {
                end = TimelineHandler.TryParsePeriod(toText, out _, out var e) ? e : null;
                if (end is null)
                {
                    return Fail($"--to '{toText}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD).");
                }
            }

            var knowledge = queries.Knowledge;
            var events = queries.Timeline(start, end, partyValue).Select(f => CliJson.Fact(knowledge, f)).ToList();
            await _stdout.WriteLineAsync(CliJson.Serialize(new TimelineJson(
                partyValue?.Id,
                start is null ? null : FactCards.Date(start.Value),
                end is null ? null : FactCards.Date(end.Value),
                events))).ConfigureAwait(false);
            return Ok;
        }));
        return command;
    }

    private Command ImportCommand()
    {
        var path = new Argument<string?>("path") { Description = "A knowledge directory or a /kb export file (default: the configured knowledge directory)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("import", "Import knowledge into the database (idempotent; moderators' edits are kept; the database is backed up first when anything changes)") { path };
        command.SetAction((result, token) => WithKnowledgeAsync(result, async services =>
        {
            var source = result.GetValue(path);
            if (source is not null && !File.Exists(source) && !Directory.Exists(source))
            {
                return Fail($"'{source}' is neither a knowledge directory nor a /kb export file.");
            }

            var report = await services.GetRequiredService<KnowledgeLoader>().ImportAsync(source, token).ConfigureAwait(false);
            await _stdout.WriteLineAsync($"Imported: {report}.").ConfigureAwait(false);
            foreach (var conflict in report.Conflicts)
            {
                await _stdout.WriteLineAsync(DisplayText.Clean($"Conflict: {conflict}.")).ConfigureAwait(false);
            }

            return Ok;
        }, importOnStart: false));
        return command;
    }

    private Command ExportCommand()
    {
        var directory = new Argument<string>("directory") { Description = "Where to write the YAML files (created if missing)" };
        var command = new Command("export", "Write the whole knowledge base as YAML in the knowledge/ shape") { directory };
        command.SetAction((result, token) => WithKnowledgeAsync(result, async services =>
        {
            var target = result.GetValue(directory)!;
            var files = services.GetRequiredService<KnowledgeLoader>().Export(target);
            await _stdout.WriteLineAsync($"Exported {services.GetRequiredService<IFactStore>().Snapshot.Facts.Count} facts in {files.Count} files to {Path.GetFullPath(target)}.").ConfigureAwait(false);
            return Ok;
        }));
        return command;
    }

    private Command BackupCommand()
    {
        var target = new Argument<string>("path") { Description = "The backup file to write (replaced if it exists)" };
        var command = new Command("backup", "Copy the knowledge database consistently, also while the bot is running") { target };
        command.SetAction(async (result, token) =>
        {
            using var host = TalksBotApp.Build(Overrides(result, importOnStart: false));
            var options = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<KnowledgeOptions>>().Value;
            if (options.Store == KnowledgeStoreEngine.Postgres)
            {
                // A server database is copied with the server's own tool, consistent while instances keep writing.
                return Fail(
                    "The knowledge is in PostgreSQL (Knowledge:Store=Postgres): back it up with the server's own tool, e.g. " +
                    "`pg_dump --format=custom --file=talksbot.dump \"<connection string>\"`, and restore with `pg_restore`. " +
                    "`TalksBot export <directory>` also writes the whole knowledge as YAML.");
            }

            var database = options.DatabasePath;
            var destination = Path.GetFullPath(result.GetValue(target)!);
            if (string.Equals(destination, Path.GetFullPath(database), StringComparison.Ordinal))
            {
                return Fail("The backup path is the database itself; choose another file.");
            }

            try
            {
                Core.Knowledge.LiteDb.LiteDbKnowledgeDatabase.BackupFile(database, destination);
            }
            catch (KnowledgeStoreUnavailableException exception)
            {
                return Fail(exception.Message, DatabaseUnavailable);
            }

            await _stdout.WriteLineAsync($"Backed up {Path.GetFullPath(database)} to {destination} ({new FileInfo(destination).Length / 1024} KB).").ConfigureAwait(false);
            return Ok;
        });
        return command;
    }

    private Command MigrateCommand()
    {
        var from = new Option<string>("--from") { Description = "The LiteDB knowledge database to copy (no bot may have it open)", Required = true };
        var to = new Option<string>("--to")
        {
            Description = "The PostgreSQL connection string of an empty database (default: Knowledge:ConnectionString, e.g. from the environment, which keeps the password off the command line)",
        };
        var command = new Command("migrate", "Copy a LiteDB knowledge base into an empty PostgreSQL database, then verify counts and checksums") { from, to };
        command.SetAction(async (result, token) =>
        {
            var connectionString = result.GetValue(to);
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                using var host = TalksBotApp.Build(Overrides(result, importOnStart: false));
                connectionString = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<KnowledgeOptions>>().Value.ConnectionString;
            }

            if (string.IsNullOrWhiteSpace(connectionString))
            {
                return Fail("migrate needs the target: --to \"Host=…;Database=…;Username=…\", or Knowledge__ConnectionString in the environment.");
            }

            try
            {
                var report = await Postgres.LiteDbToPostgresMigration.RunAsync(result.GetValue(from)!, connectionString, token).ConfigureAwait(false);
                await _stdout.WriteLineAsync(
                    $"Copied {string.Join(", ", report.Copied.Select(c => $"{c.Rows} {c.Table}"))} from {Path.GetFullPath(result.GetValue(from)!)}.").ConfigureAwait(false);
                await _stdout.WriteLineAsync($"Verified: every table's count matches, and the facts and revisions hash alike (SHA-256 {report.Checksum[..16]}…).").ConfigureAwait(false);
                return Ok;
            }
            catch (Exception exception) when (exception is KnowledgeStoreUnavailableException or KnowledgeStorageException or InvalidDataException)
            {
                return Fail(exception.Message, DatabaseUnavailable);
            }
        });
        return command;
    }

    private Command StatsCommand()
    {
        var json = new Option<bool>("--json") { Description = "Write the counts as JSON" };
        var command = new Command("stats", "How much the knowledge base holds and how fresh it is") { json };
        command.SetAction((result, token) => WithKnowledgeAsync(result, async services =>
        {
            var about = services.GetRequiredService<QueryService>().About();
            var database = services.GetRequiredService<IKnowledgeStorage>().Location;
            if (result.GetValue(json))
            {
                await _stdout.WriteLineAsync(CliJson.Serialize(new StatsJson(
                    about.AsOf is null ? null : FactCards.Date(about.AsOf.Value), about.Facts, about.CurrentFacts, about.Events,
                    about.Parties, about.Topics, about.Sources, about.DeprecatedFacts, about.RetractedFacts, database))).ConfigureAwait(false);
                return Ok;
            }

            var today = services.GetRequiredService<KnowledgeClock>().Today;
            await _stdout.WriteLineAsync(
                $"{KnowledgeFreshness.HorizonSentence(about.AsOf, today)}: {about.Facts} facts ({about.CurrentFacts} current, {about.DeprecatedFacts} superseded, {about.RetractedFacts} retracted), " +
                $"{about.Events} events, {about.Parties} parties, {about.Topics} topics, {about.Sources} sources. Database: {database}").ConfigureAwait(false);
            return Ok;
        }));
        return command;
    }

    private Command EvalCommand()
    {
        var file = new Argument<string>("file") { Description = "A question file in the shape of knowledge/questions.yaml" };
        var minTop1 = new Option<double>("--min-top1") { Description = "Lowest share of in-scope questions whose top answer must be right", DefaultValueFactory = _ => 0.9 };
        var minTop3 = new Option<double>("--min-top3") { Description = "Lowest share of in-scope questions with the right fact in the top 3", DefaultValueFactory = _ => 0.95 };
        var minRefusal = new Option<double>("--min-refusal") { Description = "Lowest share of out-of-scope questions the bot must refuse", DefaultValueFactory = _ => 0.9 };
        var verbose = new Option<bool>("--verbose") { Description = "List every miss with the answer given" };
        var signals = new Option<bool>("--signals") { Description = "Write one JSON line per question with the ranking signals of its top candidates (for tuning)" };
        var command = new Command("eval", "Score /ask on a question file: top-1, top-3 and refusal rates per group; exits 4 below the thresholds")
        {
            file, minTop1, minTop3, minRefusal, verbose, signals,
        };
        command.SetAction((result, token) => WithKnowledgeAsync(result, async services =>
        {
            var path = result.GetValue(file)!;
            if (!File.Exists(path))
            {
                return Fail($"The question file '{path}' does not exist.");
            }

            var queries = services.GetRequiredService<QueryService>();
            var report = await Evaluation.RunAsync(queries, Evaluation.ReadQuestions(path), token).ConfigureAwait(false);
            if (result.GetValue(signals))
            {
                foreach (var outcome in report.Outcomes)
                {
                    var ranked = await queries.RankAsync(outcome.Question.Question, token).ConfigureAwait(false);
                    var top = ranked.Candidates.Take(10).Select(c => new SignalJson(
                        c.Fact.Id, Math.Round(c.Score, 4), Math.Round(c.Lexical, 4), Math.Round(c.Coverage, 4), Math.Round(c.Similarity, 4),
                        Evaluation.Matches(outcome.Question, new RankedFact(c.Fact, c.Score), queries.Knowledge))).ToList();
                    await _stdout.WriteLineAsync(CliJson.Serialize(new QuestionSignalsJson(
                        outcome.Question.Group, outcome.Question.Question, outcome.Question.OutOfScope, outcome.Answer.Answered, outcome.Top1, outcome.Top3,
                        ranked.Mentions.Select(m => m.Id).ToList(), top))).ConfigureAwait(false);
                }

                return Ok;
            }

            await _stdout.WriteLineAsync($"{path}: {report.Outcomes.Count} questions, {(queries.UsesEmbeddings ? "hybrid (BM25 + MiniLM)" : "lexical only")}").ConfigureAwait(false);
            foreach (var group in report.Groups)
            {
                var line = group.OutOfScope
                    ? $"  {group.Group,-8} {group.Questions,4}  refused {Percent(group.Refused, group.Questions)}"
                    : group.Mixed
                        ? $"  {group.Group,-8} {group.Questions,4}  passed {Percent(group.Passed, group.Questions)}  ({group.Answerable} to answer: top-1 {Percent(group.Top1, group.Answerable)}, top-3 {Percent(group.Top3, group.Answerable)}; {group.Questions - group.Answerable} to refuse: refused as expected {Percent(group.Passed - group.Top1, group.Questions - group.Answerable)})"
                        : $"  {group.Group,-8} {group.Questions,4}  top-1 {Percent(group.Top1, group.Questions)}  top-3 {Percent(group.Top3, group.Questions)}  refused {Percent(group.Refused, group.Questions)}";
                await _stdout.WriteLineAsync(line).ConfigureAwait(false);
            }

            await _stdout.WriteLineAsync($"  in scope: top-1 {report.Top1Rate:P1}, top-3 {report.Top3Rate:P1}; out of scope refused: {report.RefusalRate:P1}").ConfigureAwait(false);
            if (result.GetValue(verbose))
            {
                foreach (var miss in report.Outcomes.Where(o => !o.Passed))
                {
                    var top = miss.Answer.Results.Count > 0 ? miss.Answer.Results[0] : null;
                    var candidates = (await queries.RankAsync(miss.Question.Question, token).ConfigureAwait(false)).Candidates;
                    var candidate = candidates.Count > 0 ? candidates[0] : null;
                    var signals = candidate is null ? "" : $" lex={candidate.Lexical:F2} cov={candidate.Coverage:F2} sim={candidate.Similarity:F2}";
                    await _stdout.WriteLineAsync(
                        $"  MISS [{miss.Question.Group}] {path}:{miss.Question.Line} “{miss.Question.Question}” answered={miss.Answer.Answered} top3={miss.Top3} → {top?.Fact.Id ?? "(nothing)"}{signals}").ConfigureAwait(false);
                }
            }

            var failures = new List<string>();
            if (report.InScope > 0 && report.Top1Rate < result.GetValue(minTop1))
            {
                failures.Add($"top-1 {report.Top1Rate:P1} < {result.GetValue(minTop1):P0}");
            }

            if (report.InScope > 0 && report.Top3Rate < result.GetValue(minTop3))
            {
                failures.Add($"top-3 {report.Top3Rate:P1} < {result.GetValue(minTop3):P0}");
            }

            if (report.OutOfScope > 0 && report.RefusalRate < result.GetValue(minRefusal))
            {
                failures.Add($"refusal {report.RefusalRate:P1} < {result.GetValue(minRefusal):P0}");
            }

            if (failures.Count > 0)
            {
                await _stderr.WriteLineAsync($"error: below threshold: {string.Join("; ", failures)}").ConfigureAwait(false);
                return BelowThreshold;
            }

            return Ok;
        }));
        return command;
    }

    private Command LintCommand()
    {
        var json = new Option<bool>("--json") { Description = "Write the findings as JSON" };
        var command = new Command("lint", $"Check the knowledge files (not the database): dates, loaded wording, overtaken preferred facts, near-duplicates, sources that need work; exits {LintErrors} on errors") { json };
        command.SetAction(async (result, token) =>
        {
            // No host and no database: lint reads the files, as CI and editors have them.
            var options = TalksBotApp.ReadConfiguration(Overrides(result, importOnStart: false)).GetSection(KnowledgeOptions.Section).Get<KnowledgeOptions>() ?? new KnowledgeOptions();
            var directory = ShortestPath(options.ResolveDirectory());
            var today = new KnowledgeClock(TimeProvider.System, Microsoft.Extensions.Options.Options.Create(options)).Today;
            Core.Knowledge.Lint.LintReport report;
            try
            {
                using var embedder = new Core.Search.Embeddings.MiniLmEmbedder();
                report = new Core.Knowledge.Lint.KnowledgeLinter(embedder).Lint(directory, today, token);
            }
            catch (KnowledgeFileException exception)
            {
                return Fail(exception.Message, KnowledgeFileError);
            }
            catch (DirectoryNotFoundException exception)
            {
                return Fail(exception.Message, KnowledgeFileError);
            }

            if (result.GetValue(json))
            {
                await _stdout.WriteLineAsync(CliJson.Serialize(CliJson.Lint(report, directory, today))).ConfigureAwait(false);
            }
            else
            {
                foreach (var finding in report.Findings)
                {
                    await _stdout.WriteLineAsync(SafeConsoleFormatter.OneLine(finding.ToString())).ConfigureAwait(false);
                }

                await _stdout.WriteLineAsync(SafeConsoleFormatter.OneLine(
                    $"lint: {report.Errors} errors, {report.Warnings} warnings in {report.Facts} facts and {report.Sources} sources ({directory}, today {FactCards.Date(today)})")).ConfigureAwait(false);
            }

            return report.Errors > 0 ? LintErrors : Ok;
        });
        return command;
    }

    /// <summary>A path relative to the working directory when it lies below it (as editors and CI logs link them), else absolute.</summary>
    private static string ShortestPath(string fullPath)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, fullPath);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? fullPath : relative;
    }

    private Command ManifestCommand()
    {
        var platform = new Argument<string>("platform") { Description = "The platform: slack" };
        platform.AcceptOnlyFromAmong("slack");
        var httpsUrl = new Option<string?>("--url") { Description = "For HTTP mode: the bot's public https:// address; the manifest then sends commands, events and interactivity there, with Socket Mode off" };
        var command = new Command("manifest", "Print the app manifest to create the Slack app from") { platform, httpsUrl };
        command.SetAction(async (result, token) =>
        {
            Uri? publicBaseUrl = null;
            if (result.GetValue(httpsUrl) is { } given &&
                (!Uri.TryCreate(given, UriKind.Absolute, out publicBaseUrl) || publicBaseUrl.Scheme != Uri.UriSchemeHttps || publicBaseUrl.Query.Length > 0))
            {
                await _stderr.WriteLineAsync($"--url must be the bot's public https:// address, such as https://talksbot.example.org (got “{Core.Cards.UserText.Echo(given, 80)}”).").ConfigureAwait(false);
                return UsageError;
            }

            await _stdout.WriteAsync(Slack.SlackManifest.Build(publicBaseUrl: publicBaseUrl)).ConfigureAwait(false);
            return Ok;
        });
        return command;
    }

    private Command HealthCheckCommand()
    {
        var url = new Option<string?>("--url") { Description = "The bot's base address (default: the first http:// URL in Http:Urls, probed on 127.0.0.1)" };
        var command = new Command("healthcheck", "Ask a running bot's /healthz (for Docker's HEALTHCHECK): exits 0 when it answers, 1 when it does not") { url };
        command.SetAction(async (result, token) =>
        {
            // No host and no database: this runs next to the bot, every few seconds.
            var options = TalksBotApp.ReadConfiguration(new Dictionary<string, string?>()).GetSection(HttpOptions.Section).Get<HttpOptions>() ?? new HttpOptions();
            var baseUrl = result.GetValue(url) is { } given
                ? Uri.TryCreate(given, UriKind.Absolute, out var parsed) ? parsed : null
                : options.LoopbackUrl();
            if (baseUrl is null)
            {
                return Fail(result.GetValue(url) is null ? "Http:Urls has no http:// URL to probe." : "--url must be an absolute URL, e.g. http://127.0.0.1:8080.");
            }

            var target = new Uri(baseUrl, HealthEndpoints.HealthPath);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            try
            {
                using var response = await http.GetAsync(target, token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    await _stdout.WriteLineAsync($"{target}: ok").ConfigureAwait(false);
                    return Ok;
                }

                return Fail($"{target} answered {(int)response.StatusCode}.");
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                return Fail($"{target} did not answer: {exception.Message}");
            }
        });
        return command;
    }

    private static string Percent(int part, int whole) =>
        (whole == 0 ? 0 : (double)part / whole).ToString("P0", System.Globalization.CultureInfo.InvariantCulture).PadLeft(5);

    private async Task<int> RunBotAsync(IHost host, CancellationToken cancellationToken)
    {
        var services = host.Services;
        var configuration = services.GetRequiredService<IConfiguration>();
        var outcome = services.GetRequiredService<AdapterLifetime>();
        if (configuration.UsesDiscord() || configuration.UsesSlack())
        {
            // The platform adapters run as hosted services until Ctrl+C / SIGTERM, or until a fatal error stops them.
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
            return outcome.ExitCode;
        }

        Log.StartingConsoleBot(services.GetRequiredService<ILoggerFactory>().CreateLogger("TalksBot"));
        var interactive = ReferenceEquals(_stdin, Console.In) && !Console.IsInputRedirected;

        // The hosted services (the announcer of fact changes) run beside the console bot.
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Ctrl+C and SIGTERM cancel this command and stop the host; either ends the wait for the next line.
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(
                cancellationToken, services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
            var exitCode = await services.GetRequiredService<ConsoleBot.ConsoleBot>()
                .RunAsync(_stdin, CreateConsole(), interactive, stopping.Token).ConfigureAwait(false);
            return exitCode != Ok ? exitCode : outcome.ExitCode;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task<int> RenderCommandAsync(IServiceProvider services, string name, Dictionary<string, string> options, CancellationToken cancellationToken)
    {
        var invocation = new CommandInvocation(name, options, CommandCaller.Console, "cli", ConsoleBot.ConsoleBot.Platform);
        var reply = await services.GetRequiredService<CommandRouter>().RouteAsync(invocation, cancellationToken).ConfigureAwait(false);
        ConsoleCardRenderer.Render(CreateConsole(), reply);
        return reply.Cards.Any(c => c.Tone == CardTone.Error) ? UsageError : Ok;
    }

    private IAnsiConsole CreateConsole() => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(_stdout),
        // Colours for a terminal only: output piped into a file or another program stays plain text.
        Ansi = ReferenceEquals(_stdout, Console.Out) && !Console.IsOutputRedirected ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = ReferenceEquals(_stdout, Console.Out) && !Console.IsOutputRedirected ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
    });

    private Task<int> WithKnowledgeAsync(ParseResult result, Func<IServiceProvider, Task<int>> action, bool importOnStart = true) =>
        WithHostAsync(result, host => action(host.Services), importOnStart);

    /// <summary>Builds the host, loads the knowledge, runs the action; start-up errors become one clear line and an exit code.</summary>
    private async Task<int> WithHostAsync(ParseResult result, Func<IHost, Task<int>> action, bool importOnStart = true)
    {
        try
        {
            using var host = TalksBotApp.Build(Overrides(result, importOnStart));
            TalksBotApp.ValidateSettings(host.Services);
            await TalksBotApp.LoadKnowledgeAsync(host.Services).ConfigureAwait(false);
            return await action(host).ConfigureAwait(false);
        }
        catch (KnowledgeFileException exception)
        {
            return Fail(exception.Message, KnowledgeFileError);
        }
        catch (KnowledgeStoreUnavailableException exception)
        {
            return Fail(exception.Message, DatabaseUnavailable);
        }
        catch (KnowledgeStorageException exception)
        {
            return Fail(exception.Message, DatabaseUnavailable);
        }
        catch (DirectoryNotFoundException exception)
        {
            return Fail(exception.Message, KnowledgeFileError);
        }
        catch (Core.Search.Embeddings.SentenceModelUnavailableException exception)
        {
            return Fail(exception.Message, UsageError);
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException exception)
        {
            return Fail("configuration: " + string.Join(" ", exception.Failures.Select(ReadableFailure)), UsageError);
        }
    }

    /// <summary>The configuration the command line overrides: --db, --knowledge, and whether to import at start.</summary>
    private Dictionary<string, string?> Overrides(ParseResult result, bool importOnStart)
    {
        var overrides = new Dictionary<string, string?>();
        if (result.GetValue(_database) is { } database)
        {
            overrides["Knowledge:DatabasePath"] = database;
        }

        if (result.GetValue(_knowledge) is { } knowledge)
        {
            overrides["Knowledge:Directory"] = knowledge;
        }

        if (!importOnStart)
        {
            overrides["Knowledge:ImportOnStart"] = "false";
        }

        if (result.GetValue(_now) is { } today)
        {
            overrides["Knowledge:Today"] = FactCards.Date(today);
        }

        return overrides;
    }

    /// <summary>Data-annotation failures arrive wrapped ("… with the error: '…'."); the inner message names the key.</summary>
    private static string ReadableFailure(string failure)
    {
        var match = System.Text.RegularExpressions.Regex.Match(failure, "with the error: '(.*)'\\.?$");
        return match.Success ? match.Groups[1].Value : failure;
    }

    /// <summary>Writes one error line (safe for a terminal: it may quote a file's content or a name) and returns the exit code.</summary>
    private int Fail(string message, int exitCode = UsageError)
    {
        _stderr.WriteLine($"error: {SafeConsoleFormatter.OneLine(message)}");
        return exitCode;
    }

    private static DateOnly? ParseDay(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
        {
            return day;
        }

        result.AddError($"--now '{SafeConsoleFormatter.OneLine(text)}' is not a date: use YYYY-MM-DD, e.g. 2026-11-30.");
        return null;
    }

    private static string UnknownName<T>(string what, Lookup<T> lookup)
        where T : class =>
        $"unknown {what} '{lookup.Input}'" +
        (lookup.Suggestions.Count > 0 ? $" (did you mean {string.Join(" or ", lookup.Suggestions)}?)" : "") +
        $"; valid {what}s: {string.Join(", ", lookup.Valid)}";
}
