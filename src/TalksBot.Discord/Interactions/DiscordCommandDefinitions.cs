using System.Globalization;
using TalksBot.Core.Commands;
using TalksBot.Discord.Api;
using TalksBot.Discord.Rendering;

namespace TalksBot.Discord.Interactions;

/// <summary>
/// The application-command registration, generated from the command catalogue: plain commands as they are, one
/// top-level command per group ("fact", "kb") whose subcommands (option type 1) carry their options, and the message
/// command "Check with TalksBot" in every message's Apps menu.
/// </summary>
internal static class DiscordCommandDefinitions
{
    public const ulong ManageGuildPermission = 32;
    public const int MaxOptions = 25;
    public const int MaxDescription = 100;


    /// <summary>Interaction context GUILD: moderators' commands are not offered in DMs.</summary>
    private const int GuildContext = 0;

    /// <summary>GUILD_TEXT and GUILD_ANNOUNCEMENT: the channels TalksBot can post updates in.</summary>
    public static readonly IReadOnlyList<int> PostableChannelTypes = [0, 5];

    private static readonly OptionKind[] AutocompletedKinds = [OptionKind.Topic, OptionKind.Party, OptionKind.FactOrTopic, OptionKind.Command, OptionKind.FactId];

    public static IReadOnlyList<ApplicationCommand> Build(ulong moderatorPermission = ManageGuildPermission)
    {
        var commands = new List<ApplicationCommand>();
        var groupsDone = new HashSet<string>(StringComparer.Ordinal);
        foreach (var command in CommandCatalog.All)
        {
            if (command.Group is not { } group)
            {
                commands.Add(Command(command.Name, command.Description, Options(command.Options), command.ModeratorOnly, moderatorPermission));
            }
            else if (groupsDone.Add(group))
            {
                var subcommands = CommandCatalog.InGroup(group);
                var options = subcommands
                    .Select(s => new ApplicationCommandOption(ApplicationCommandOptionType.Subcommand, s.Subcommand, EmbedRenderer.Text(s.Description, MaxDescription)) { Options = Options(s.Options) })
                    .ToList();
                // Discord applies default_member_permissions to the whole top-level command, so a group is for
                // moderators only when each of its subcommands is.
                var moderatorOnly = subcommands.All(s => s.ModeratorOnly);
                commands.Add(Command(group, GroupDescription(group, subcommands), options, moderatorOnly, moderatorPermission));
            }
        }

        // A message command has a name (spaces and capitals allowed) and nothing else: no description, no options.
        commands.Add(new ApplicationCommand(CommandCatalog.CheckMessageCommandName, "") { Type = (int)ApplicationCommandType.Message });
        return commands;
    }

    /// <summary>
    /// The fields that decide whether Discord's copy differs from ours (Discord adds ids and versions, and leaves out
    /// false booleans), the command's type, subcommands and their options included.
    /// </summary>
    public static string Fingerprint(IReadOnlyList<ApplicationCommand> commands) =>
        string.Join("\n", commands
            .Select(c => string.Join("|",
                (c.Type ?? (int)ApplicationCommandType.ChatInput).ToString(CultureInfo.InvariantCulture),
                c.Name,
                c.Description,
                c.DefaultMemberPermissions ?? "",
                Numbers(c.Contexts),
                OptionsFingerprint(c.Options)))
            .Order(StringComparer.Ordinal));

    private static string OptionsFingerprint(IReadOnlyList<ApplicationCommandOption>? options) =>
        string.Join(";", (options ?? []).Select(o => string.Join(",",
            o.Name,
            ((int)o.Type).ToString(CultureInfo.InvariantCulture),
            o.Description,
            Flag(o.Required),
            Flag(o.Autocomplete),
            o.MaxLength?.ToString(CultureInfo.InvariantCulture) ?? "",
            o.MinValue?.ToString(CultureInfo.InvariantCulture) ?? "",
            o.MaxValue?.ToString(CultureInfo.InvariantCulture) ?? "",
            Numbers(o.ChannelTypes),
            "[" + OptionsFingerprint(o.Options) + "]")));

    private static ApplicationCommand Command(string name, string description, IReadOnlyList<ApplicationCommandOption> options, bool moderatorOnly, ulong moderatorPermission) =>
        new(name, EmbedRenderer.Text(description, MaxDescription))
        {
            Type = (int)ApplicationCommandType.ChatInput,
            Options = options,
            DefaultMemberPermissions = moderatorOnly ? moderatorPermission.ToString(CultureInfo.InvariantCulture) : null,
            Contexts = moderatorOnly ? [GuildContext] : null,
        };

    private static string GroupDescription(string group, IReadOnlyList<CommandDefinition> subcommands)
    {
        var names = string.Join(", ", subcommands.Select(s => s.Subcommand));
        return subcommands.All(s => s.ModeratorOnly) ? $"Moderators: {group} {names}" : $"{group}: {names}";
    }

    private static List<ApplicationCommandOption> Options(IReadOnlyList<CommandOption> options) =>
        [.. options.OrderByDescending(o => o.Required).Select(Option)];

    private static ApplicationCommandOption Option(CommandOption option)
    {
        var type = option.Kind switch
        {
            OptionKind.Number => ApplicationCommandOptionType.Integer,
            OptionKind.Channel => ApplicationCommandOptionType.Channel,
            _ => ApplicationCommandOptionType.String,
        };
        return new ApplicationCommandOption(type, option.Name, EmbedRenderer.Text(option.Description, MaxDescription))
        {
            Required = option.Required,
            MinValue = type == ApplicationCommandOptionType.Integer ? 1 : null,
            MaxValue = type == ApplicationCommandOptionType.Integer ? Math.Pow(10, Math.Clamp(option.MaxLength, 1, 9)) - 1 : null,
            ChannelTypes = type == ApplicationCommandOptionType.Channel ? PostableChannelTypes : null,
            MaxLength = type == ApplicationCommandOptionType.String ? option.MaxLength : null,
            Autocomplete = AutocompletedKinds.Contains(option.Kind) ? true : null,
        };
    }

    private static string Flag(bool? flag) => flag == true ? "1" : "0";

    private static string Numbers(IReadOnlyList<int>? numbers) =>
        string.Join(" ", (numbers ?? []).Select(n => n.ToString(CultureInfo.InvariantCulture)));
}
