using Spectre.Console;
using Spectre.Console.Rendering;
using TalksBot.Core.Cards;

namespace TalksBot.ConsoleBot;

/// <summary>Renders replies as terminal panels: a pure function of the reply, like the Discord and Slack renderers.</summary>
/// <remarks>Every text passes through <see cref="Text"/>: stored facts and typed input must not restyle or retitle the terminal.</remarks>
internal static class ConsoleCardRenderer
{
    /// <summary>Text as Spectre markup that shows it literally, without control, bidirectional-override or invisible characters.</summary>
    public static string Text(string? text) => Markup.Escape(DisplayText.Clean(text));

    public static void Render(IAnsiConsole console, Reply reply)
    {
        foreach (var card in reply.Cards)
        {
            console.Write(Panel(card));
        }

        // A terminal has no buttons: show the ones that run a command as the command to type.
        var commands = reply.Buttons.Where(b => ButtonActions.IsCommand(b.Action)).ToList();
        if (commands.Count > 0)
        {
            console.MarkupLine("[grey]" + Text(string.Join("   ", commands.Select(b => $"[{b.Label}: {b.Action}]"))) + "[/]");
        }

        console.WriteLine();
    }

    private static Panel Panel(Card card)
    {
        var rows = new List<IRenderable>();
        if (!string.IsNullOrWhiteSpace(card.Description))
        {
            rows.Add(new Markup(Text(card.Description)));
        }

        foreach (var field in card.Fields)
        {
            rows.Add(new Markup($"\n[bold]{Text(field.Name)}[/]\n{Text(field.Value)}"));
        }

        if (!string.IsNullOrWhiteSpace(card.Footer))
        {
            rows.Add(new Markup($"\n[grey]{Text(card.Footer)}[/]"));
        }

        return new Panel(new Rows(rows))
        {
            Header = new PanelHeader($" [bold]{Text(card.Title)}[/] "),
            Border = BoxBorder.Rounded,
            BorderStyle = new Style(Colour(card)),
            Expand = true,
        };
    }

    private static Color Colour(Card card) => card.Tone switch
    {
        CardTone.Error => Color.Red,
        CardTone.Warning => Color.Yellow,
        CardTone.Info => Color.Grey,
        _ => card.PartyId switch
        {
            "russia" => Color.Red3,
            "ukraine" => Color.Gold1,
            "united-states" => Color.RoyalBlue1,
            "europe" => Color.Blue,
            _ => Color.Teal,
        },
    };
}
