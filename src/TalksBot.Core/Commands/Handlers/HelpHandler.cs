using TalksBot.Core.Cards;
using TalksBot.Core.Search;

namespace TalksBot.Core.Commands.Handlers;

/// <summary>/help [command]: every command, or one explained with its options and examples.</summary>
internal sealed class HelpHandler : ICommandHandler
{
    public string Name => "help";

    public Task<Reply> HandleAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var name = invocation.Option("command");
        var commands = CommandCatalog.All.Where(c => !c.ModeratorOnly || invocation.Caller.IsModerator).ToList();
        if (name is null)
        {
            return Task.FromResult(Reply.Of(new Card
            {
                Title = "TalksBot commands",
                Description = "Short, sourced, dated answers about the talks to end Russia's war in Ukraine.\n" +
                    $"In a conversation: mention @TalksBot with a question (it answers in the thread), write to it directly, or check any message with its Apps menu → {CommandCatalog.CheckMessageCommandName}.",
                Fields = commands.Select(c => new CardField(c.Usage, c.Description)).ToList(),
                Footer = "/help <command> for details and examples",
                Tone = CardTone.Info,
            }));
        }

        var group = CommandCatalog.InGroup(name).Where(commands.Contains).ToList();
        if (group.Count > 0)
        {
            return Task.FromResult(Reply.Of(new Card
            {
                Title = $"/{group[0].Group} commands",
                Fields = group.Select(c => new CardField(c.Usage, c.Description)).ToList(),
                Footer = $"/help {group[0].Name} for details and examples",
                Tone = CardTone.Info,
            }));
        }

        var command = CommandCatalog.Find(name);
        if (command is null || !commands.Contains(command))
        {
            var nearest = Spelling.Nearest(name.TrimStart('/'), commands.Select(c => c.Name));
            return Task.FromResult(Reply.Error(
                "Unknown command",
                $"There is no command /{UserText.Echo(name, 32)}.{(nearest is null ? "" : $" Did you mean /{nearest}?")} Commands: {string.Join(", ", commands.Select(c => "/" + c.Name))}."));
        }

        var fields = command.Options
            .Select(o => new CardField(o.Required ? o.Name : $"{o.Name} (optional)", o.Description))
            .Append(new CardField("Examples", string.Join("\n", command.Examples)))
            .ToList();
        return Task.FromResult(Reply.Of(new Card
        {
            Title = command.Usage,
            Description = command.Description + (command.ModeratorOnly ? " (moderators only)" : ""),
            Fields = fields,
            Tone = CardTone.Info,
        }));
    }
}
