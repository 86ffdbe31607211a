using TalksBot.Core.Cards;
using TalksBot.Core.Commands;

namespace TalksBot.Slack.Interactions;

/// <summary>A slash command as typed: a command to run, or, for a group's bare name or help, its usage straight away.</summary>
internal sealed record SlashCommand(ParsedCommand? Parsed, Reply? Usage);

/// <summary>
/// Reads a slash command's name and free text. A group (/fact, /kb) is one slash command whose first word picks the
/// subcommand; <c>/fact</c> alone or <c>/fact help</c> lists the subcommands, <c>/fact edit help</c> explains one. The text
/// is what the member typed, so Slack's markup in it becomes plain text first (<see cref="SlackMarkup"/>).
/// </summary>
internal sealed class SlashCommandReader(CommandTextParser parser)
{
    public SlashCommand Read(string command, string text)
    {
        var name = command.Trim().TrimStart('/').ToLowerInvariant();
        var subcommands = CommandCatalog.InGroup(name);
        IReadOnlyList<CommandDefinition> definitions = subcommands.Count > 0 ? subcommands : CommandCatalog.Find(name) is { } single ? [single] : [];
        var takesChannel = definitions.Any(c => c.Options.Any(o => o.Kind == OptionKind.Channel));
        var typed = SlackMarkup.ToPlainText(text, keepChannelLinks: takesChannel).Trim();
        if (subcommands.Count > 0)
        {
            var split = typed.IndexOfAny([' ', '\t']);
            var first = split < 0 ? typed : typed[..split];
            var rest = split < 0 ? "" : typed[(split + 1)..].Trim();
            if (first.Length == 0 || IsHelp(first))
            {
                return new SlashCommand(null, GroupUsage(name, subcommands));
            }

            if (IsHelp(rest) && subcommands.FirstOrDefault(c => c.Subcommand.Equals(first, StringComparison.OrdinalIgnoreCase)) is { } subcommand)
            {
                return Help(subcommand);
            }

            return new SlashCommand(parser.ParseSubcommand(name, subcommands, typed), null);
        }

        var definition = CommandCatalog.Find(name);
        if (definition is null)
        {
            // The router answers an unknown name with the nearest one.
            return new SlashCommand(new ParsedCommand(name, new Dictionary<string, string>(), null), null);
        }

        return IsHelp(typed) ? Help(definition) : new SlashCommand(parser.ParseOptions(definition, typed), null);
    }

    private static bool IsHelp(string word) => word.Equals("help", StringComparison.OrdinalIgnoreCase);

    private static SlashCommand Help(CommandDefinition definition) =>
        new(new ParsedCommand("help", new Dictionary<string, string> { ["command"] = definition.Name }, null), null);

    private static Reply GroupUsage(string group, IReadOnlyList<CommandDefinition> subcommands) =>
        new(
            [new Card
            {
                Title = $"/{group}: moderators' commands",
                Description = $"Type /{group} and a subcommand; /{group} <subcommand> help explains one with examples.",
                Fields = subcommands.Select(c => new CardField(c.Usage, c.Description)).ToList(),
                Tone = CardTone.Info,
            }],
            [],
            Ephemeral: true);
}
