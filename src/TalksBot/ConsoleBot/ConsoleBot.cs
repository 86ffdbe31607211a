using Microsoft.Extensions.Options;
using Spectre.Console;
using TalksBot.Core.Cards;
using TalksBot.Core.Commands;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Queries;

namespace TalksBot.ConsoleBot;

/// <summary>The local bot: reads commands or plain questions line by line and renders the answers in the terminal.</summary>
internal sealed class ConsoleBot(CommandRouter router, CommandTextParser parser, QueryService queries, KnowledgeClock clock, IOptions<ConsoleOptions> options, ConsolePublisher? publisher = null)
{
    public const string Platform = "console";
    public const string Channel = "console";
    private const int PromptsPerField = 3;

    private readonly CommandCaller _caller = new(Environment.UserName, Environment.UserName, [], options.Value.IsModerator(Environment.UserName));

    /// <summary>Runs until end of input, "exit", or <paramref name="cancellationToken"/> (Ctrl+C, SIGTERM); returns the process exit code.</summary>
    public async Task<int> RunAsync(TextReader lines, IAnsiConsole console, bool interactive, CancellationToken cancellationToken)
    {
        var input = new CancellableLineReader(lines);
        var about = queries.About();
        var horizon = about.AsOf is { } end ? $"Knowledge ends on {FactAge.DateAndAge(end, clock.Today)}" : "No knowledge yet";
        console.MarkupLine($"[bold]TalksBot[/] — talks to end Russia's war in Ukraine. {horizon} ({about.CurrentFacts} facts).");
        console.MarkupLine("[grey]Type /help, a command such as /positions topic:nato, or just ask a question. 'exit', Ctrl+D or Ctrl+C quits.[/]");
        console.WriteLine();
        publisher?.Attach(console);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var line = await ReadLineAsync(input, console, interactive ? "> " : null, cancellationToken).ConfigureAwait(false);
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
                    console.MarkupLine($"[bold]> {ConsoleCardRenderer.Text(line)}[/]");
                }

                var reply = await AnswerAsync(line, cancellationToken).ConfigureAwait(false);
                if (reply.Form is { } form)
                {
                    reply = await FillInAsync(form, input, console, interactive, cancellationToken).ConfigureAwait(false);
                }

                ConsoleCardRenderer.Render(console, reply);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped while answering: nothing is half-written to the terminal, and stopping is not an error.
        }
        finally
        {
            publisher?.Attach(null);
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

        var invocation = new CommandInvocation(parsed.Name, parsed.Options, _caller, Channel, Platform);
        return await router.RouteAsync(invocation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A form on the console: one prompt per field, showing the current value; an empty line keeps it, "-" clears it.
    /// Piped input answers the prompts line by line, like a person would.
    /// </summary>
    private async Task<Reply> FillInAsync(ReplyForm form, CancellableLineReader input, IAnsiConsole console, bool interactive, CancellationToken cancellationToken)
    {
        console.MarkupLine($"[bold]{ConsoleCardRenderer.Text(form.Title)}[/] [grey](Enter keeps the value in brackets, '-' clears it, '/cancel' stops)[/]");
        var values = new Dictionary<string, string>(form.Carried, StringComparer.OrdinalIgnoreCase);
        foreach (var field in form.Fields)
        {
            string? value = null;
            for (var attempt = 0; attempt < PromptsPerField && value is null; attempt++)
            {
                var shown = string.IsNullOrEmpty(field.Value) ? "" : $" [{Shorten(field.Value)}]";
                var line = await ReadLineAsync(input, console, $"{field.Label}{shown}: ", cancellationToken).ConfigureAwait(false);
                if (line is null || line.Trim() == "/cancel")
                {
                    return Cancelled(form);
                }

                value = line.Trim() switch
                {
                    // Enter on an optional field with nothing in brackets leaves it empty (was: asked again, so the next line became its value).
                    "" => field.Value ?? "",
                    "-" => "",
                    var typed => typed,
                };
                if (field.Required && string.IsNullOrWhiteSpace(value))
                {
                    console.MarkupLine($"[yellow]{ConsoleCardRenderer.Text(field.Label)} is required.[/]");
                    value = null;
                }
            }

            if (value is null)
            {
                return Cancelled(form);
            }

            if (!interactive)
            {
                console.WriteLine();
            }

            values[field.Option] = value;
        }

        return await router.RouteAsync(new CommandInvocation(form.Command, values, _caller, Channel, Platform), cancellationToken).ConfigureAwait(false);
    }

    private static Reply Cancelled(ReplyForm form) =>
        Reply.Error("Cancelled", $"Nothing was saved; /{form.Command} again starts over.");

    private static string Shorten(string text) => DisplayText.Shorten(text, 60);

    private static Task<string?> ReadLineAsync(CancellableLineReader input, IAnsiConsole console, string? prompt, CancellationToken cancellationToken)
    {
        if (prompt is not null)
        {
            console.Markup($"[bold]{ConsoleCardRenderer.Text(prompt)}[/]");
        }

        return input.ReadLineAsync(cancellationToken);
    }
}
