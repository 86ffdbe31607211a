using System.Text;
using TalksBot.Core.Queries;
using TalksBot.Core.Search;

namespace TalksBot.Core.Commands;

/// <summary>The result of parsing a typed command line: an invocation, or a friendly error.</summary>
public sealed record ParsedCommand(string Name, IReadOnlyDictionary<string, string> Options, string? Error);

/// <summary>
/// Parses commands typed as text (the console, Slack slash commands): <c>/positions topic:nato party:russia</c>
/// or free text <c>/positions security guarantees russia</c>, where words fill the options in catalogue order.
/// </summary>
public sealed class CommandTextParser(QueryService queries)
{
    /// <summary>
    /// What a pressed button runs: its command line ("/sources territory"), or the feedback command for a feedback
    /// button. Anything else is a button this version no longer supports.
    /// </summary>
    public ParsedCommand ParseAction(string action)
    {
        if (Cards.ButtonActions.TryParseFeedback(action, out var factId, out var helpful))
        {
            return new ParsedCommand(
                "feedback",
                new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
                {
                    ["fact"] = factId,
                    ["verdict"] = helpful ? Handlers.FeedbackHandler.Helpful : Handlers.FeedbackHandler.Unhelpful,
                },
                null);
        }

        if (Cards.ButtonActions.TryParseShare(action, out var message, out var factKeys, out var quotedKey))
        {
            var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["message"] = message, ["facts"] = factKeys };
            if (quotedKey is not null)
            {
                options["quoted"] = quotedKey;
            }

            return new ParsedCommand("share", options, null);
        }

        return Cards.ButtonActions.IsCommand(action)
            ? Parse(action)
            : new ParsedCommand("button", new Dictionary<string, string>(), "This button is no longer supported.");
    }

    public ParsedCommand Parse(string line)
    {
        var text = line.Trim();
        if (text.StartsWith('/'))
        {
            text = text[1..];
        }

        var split = text.IndexOfAny([' ', '\t']);
        var name = (split < 0 ? text : text[..split]).ToLowerInvariant();
        var rest = split < 0 ? "" : text[(split + 1)..].Trim();
        var subcommands = CommandCatalog.InGroup(name);
        if (subcommands.Count > 0)
        {
            return ParseSubcommand(name, subcommands, rest);
        }

        var definition = CommandCatalog.Find(name);
        if (definition is null)
        {
            return new ParsedCommand(name, new Dictionary<string, string>(), null);
        }

        return ParseOptions(definition, rest);
    }

    /// <summary>Parses the text after a group's name ("add topic:nato" after "/fact"): the first word picks the subcommand.</summary>
    public ParsedCommand ParseSubcommand(string group, IReadOnlyList<CommandDefinition> subcommands, string text)
    {
        var trimmed = text.Trim();
        var split = trimmed.IndexOfAny([' ', '\t']);
        var word = (split < 0 ? trimmed : trimmed[..split]).ToLowerInvariant();
        var definition = subcommands.FirstOrDefault(c => c.Subcommand == word);
        if (definition is null)
        {
            var nearest = word.Length == 0 ? null : Spelling.Nearest(word, subcommands.Select(c => c.Subcommand));
            var problem = word.Length == 0 ? $"/{group} needs a subcommand." : $"/{group} has no subcommand “{Cards.UserText.Echo(word, 32)}”.{(nearest is null ? "" : $" Did you mean /{group} {nearest}?")}";
            return new ParsedCommand(group, new Dictionary<string, string>(), $"{problem} Use one of: {string.Join(", ", subcommands.Select(c => c.Subcommand))}.");
        }

        return ParseOptions(definition, split < 0 ? "" : trimmed[(split + 1)..]);
    }

    /// <summary>Parses the text after a known command's name.</summary>
    public ParsedCommand ParseOptions(CommandDefinition definition, string text)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var positional = new List<string>();
        string? current = null;
        foreach (var word in Words(text))
        {
            var colon = word.IndexOf(':', StringComparison.Ordinal);
            var key = colon > 0 ? word[..colon] : null;
            if (key is not null && definition.Option(key) is { } option && !IsTime(word))
            {
                current = option.Name;
                options[current] = word[(colon + 1)..];
            }
            else if (current is not null)
            {
                options[current] = (options[current] + " " + word).Trim();
            }
            else
            {
                positional.Add(word);
            }
        }

        var free = definition.Options.Where(o => !options.ContainsKey(o.Name)).ToList();
        if (positional.Count > 0 && free.Count == 0)
        {
            return new ParsedCommand(definition.Name, options, $"/{definition.Name} does not take “{string.Join(' ', positional)}” here. Usage: {definition.Usage}");
        }

        var index = 0;
        var positionalDates = new List<CommandOption>();
        for (var i = 0; i < free.Count && index < positional.Count; i++)
        {
            var option = free[i];
            var take = i == free.Count - 1 || option.Kind is OptionKind.Text or OptionKind.Date
                ? (option.Kind == OptionKind.Date && i < free.Count - 1 ? 1 : positional.Count - index)
                : LongestRecognized(option.Kind, positional, index);
            options[option.Name] = string.Join(' ', positional.Skip(index).Take(take));
            index += take;
            if (option.Kind == OptionKind.Date)
            {
                positionalDates.Add(option);
            }
        }

        // One date typed in free text names a period ("/timeline russia 2025-12" is December 2025), not an open-ended start.
        if (positionalDates.Count == 1 && free.LastOrDefault(o => o.Kind == OptionKind.Date) is { } end && end != positionalDates[0] && !options.ContainsKey(end.Name))
        {
            options[end.Name] = options[positionalDates[0].Name];
        }

        return new ParsedCommand(definition.Name, options, null);
    }

    private int LongestRecognized(OptionKind kind, List<string> words, int start)
    {
        for (var length = words.Count - start; length > 1; length--)
        {
            var phrase = string.Join(' ', words.Skip(start).Take(length));
            var recognized = kind switch
            {
                OptionKind.Topic => queries.IsName(phrase, NameKind.Topic),
                OptionKind.Party => queries.IsName(phrase, NameKind.Party),
                _ => false,
            };
            if (recognized)
            {
                return length;
            }
        }

        return 1;
    }

    private static bool IsTime(string word) => word.Length > 2 && char.IsAsciiDigit(word[0]);

    /// <summary>Splits on spaces, keeping "quoted phrases" (straight or curly quotes) together.</summary>
    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        foreach (var c in text)
        {
            if (c is '"' or '“' or '”')
            {
                quoted = !quoted;
            }
            else if (char.IsWhiteSpace(c) && !quoted)
            {
                if (current.Length > 0)
                {
                    words.Add(current.ToString());
                    current.Clear();
                }
            }
            else
            {
                current.Append(c);
            }
        }

        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }

        return words;
    }
}
