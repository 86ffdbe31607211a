using Spectre.Console;
using TalksBot.ConsoleBot;
using TalksBot.Core.Cards;

namespace TalksBot.Tests.ConsoleBot;

/// <summary>
/// Stored text and typed input may hold escape sequences, NUL, C1 controls, bidirectional overrides and invisible
/// characters; none of them reaches the moderator's terminal, neither in answers nor in the log lines.
/// </summary>
public sealed class TerminalEscapeTests : IDisposable
{
    /// <summary>ESC colour and OSC title sequences, BEL, NUL, C1 (NEL, CSI), a right-to-left override, an isolate, a zero-width space.</summary>
    private const string HostileYaml = "\\e[31mred\\e[0m \\e]0;pwned\\a nul\\0 c1\\x85\\x9b2J bidi\\u202Eevil\\u202C iso\\u2066x\\u2069 zw\\u200Bsp";

    private readonly CliRunner _cli = new();

    [Fact]
    public async Task ConsoleBot_FactWithControlCharacters_ShowsItsTextWithoutThemInAnswersPromptsAndLogs()
    {
        // The directory's name carries an OSC sequence too: the import logs it.
        var knowledge = KnowledgeFiles.CopyOfRepository(Path.Combine(_cli.Directory, "knowledge\u001b]0;log-title\u0007"));
        File.AppendAllText(Path.Combine(knowledge, "topics.yaml"), $"- id: escapes\n  title: \"Escapes {HostileYaml}\"\n  description: \"Stored text that tries to take over a terminal {HostileYaml}\"\n");
        File.AppendAllText(Path.Combine(knowledge, "sources.yaml"), $"- id: escapes-source\n  title: \"A source {HostileYaml}\"\n  publisher: \"Publisher {HostileYaml}\"\n  url: https://example.org/escapes\n  published: 2026-03-01\n");
        File.WriteAllText(Path.Combine(knowledge, "facts", "escapes.yaml"), $"""
            facts:
            - id: escapes-fact
              kind: position
              party: russia
              topic: escapes
              asOf: 2026-03-10
              rank: preferred
              text: "Zanzibar {HostileYaml} end."
              sources:
              - id: escapes-source
                quote: "quoted {HostileYaml}"

            """);
        var session = "/positions topic:escapes\n/ask Zanzibar escapes \u001b]0;typed\u0007\u202Eevil\n/fact edit escapes-fact\n/cancel\n";

        var result = await RunBotProcessAsync(session, knowledge);

        Assert.True(0 == result.ExitCode, result.Error);
        Assert.Null(DisplayText.FindUnsafe(result.Output));
        Assert.Null(DisplayText.FindUnsafe(result.Error));
        Assert.Contains("Zanzibar [31mred[0m", result.Output, StringComparison.Ordinal);
        Assert.Contains("Imported knowledge from", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_EveryPartOfAReplyWithControlCharacters_WritesNoneOfThem()
    {
        var hostile = "a\u001bb\u0007c\0d\u0085e\u009bf\u202Eg\u2066h\u2069i\u200Bj";
        var reply = new Reply(
            [new Card { Title = "Title " + hostile, Description = "Description " + hostile, Fields = [new CardField("Field " + hostile, "Value " + hostile)], Footer = "Footer " + hostile }],
            [new ReplyButton("Button " + hostile, "/about " + hostile)]);
        var output = new StringWriter();

        ConsoleCardRenderer.Render(PlainConsole(output), reply);

        Assert.Null(DisplayText.FindUnsafe(output.ToString()));
        Assert.Contains("Footer abcdefghij", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConsolePublisher_ChangeAnnouncementWithControlCharacters_WritesNoneOfThem()
    {
        var publisher = new ConsolePublisher();
        var output = new StringWriter();
        publisher.Attach(PlainConsole(output));

        await publisher.PublishAsync("console", Reply.Of(new Card { Title = "Changed \u001b]0;t\u0007", Description = "Now \u001b\u009bblinking\u202E" }), CancellationToken.None);

        Assert.Null(DisplayText.FindUnsafe(output.ToString()));
        Assert.Contains("Now blinking", output.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => _cli.Dispose();

    private static IAnsiConsole PlainConsole(StringWriter output) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(output),
        Ansi = AnsiSupport.No,
        ColorSystem = ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
    });

    /// <summary>The real binary, its stdout and stderr as written (the log at every level).</summary>
    private async Task<CliResult> RunBotProcessAsync(string stdin, string knowledge)
    {
        using var process = _cli.Start(
            new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Trace", ["Search__Embeddings"] = "false" },
            "--knowledge", knowledge);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await output, await error);
    }
}
