using Spectre.Console;
using TalksBot.Core.Cards;
using TalksBot.Core.Commands;
using TalksBot.Core.Queries;

namespace TalksBot.ConsoleBot;

/// <summary>The local bot: reads commands or plain questions line by line and renders the answers in the terminal.</summary>
internal sealed class ConsoleBot(CommandRouter router, CommandTextParser parser, QueryService queries)
{
    private static readonly CommandCaller Caller = CommandCaller.Console;

    /// <summary>Runs until end of input or "exit"; returns the process exit code.</summary>
    public async Task<int> RunAsync(TextReader input, IAnsiConsole console, bool interactive, CancellationToken cancellationToken)
    {
        var about = queries.About();
        console.MarkupLine($"[bold]TalksBot[/] — talks to end Russia's war in Ukraine. Knowledge as of {FactCards.Date(about.AsOf)} ({about.CurrentFacts} facts).");
        console.MarkupLine("[grey]Type /help, a command such as /positions topic:nato, or just ask a question. 'exit' or Ctrl+D quits.[/]");
        console.WriteLine();
        while (!cancellationToken.IsCancellationRequested)
        {
            if (interactive)
            {
                console.Markup("[bold]> [/]");
            }

            string? line;
            try
            {
                line = await input.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            if (line is null)
            {
                break;
            }

            line = line.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line is "exit" or "quit" or "/exit" or "/quit")
            {
                break;
            }

            if (!interactive)
            {
                console.MarkupLine($"[bold]> {Markup.Escape(line)}[/]");
            }

            ConsoleCardRenderer.Render(console, await AnswerAsync(line, cancellationToken).ConfigureAwait(false));
        }

        return 0;
    }

    /// <summary>A line starting with '/' is a command; anything else is a question for /ask.</summary>
    internal async Task<Reply> AnswerAsync(string line, CancellationToken cancellationToken)
    {
        ParsedCommand parsed;
        if (line.StartsWith('/'))
        {
            parsed = parser.Parse(line);
        }
        else
        {
            parsed = new ParsedCommand("ask", new Dictionary<string, string> { ["question"] = line }, null);
        }

        if (parsed.Error is not null)
        {
            return Reply.Error($"/{parsed.Name}", parsed.Error);
        }

        var invocation = new CommandInvocation(parsed.Name, parsed.Options, Caller, "console", "console");
        return await router.RouteAsync(invocation, cancellationToken).ConfigureAwait(false);
    }
}
