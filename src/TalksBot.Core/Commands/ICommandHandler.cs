using TalksBot.Core.Cards;

namespace TalksBot.Core.Commands;

/// <summary>Answers one command of the catalogue.</summary>
public interface ICommandHandler
{
    /// <summary>The catalogue name of the command this handler answers.</summary>
    string Name { get; }

    Task<Reply> HandleAsync(CommandInvocation invocation, CancellationToken cancellationToken);
}
