using TalksBot.Core.Cards;
using TalksBot.Core.Commands;
using TalksBot.Core.Knowledge;

namespace TalksBot.Core.Moderation.Handlers;

/// <summary>A moderator command: the router has checked the caller is a moderator; a refused change becomes a friendly error.</summary>
internal abstract class ModeratorHandler : ICommandHandler
{
    public abstract string Name { get; }

    public async Task<Reply> HandleAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        try
        {
            return await HandleModeratorAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (ModerationException refused)
        {
            return Reply.Error(refused.Title, refused.Message);
        }
        catch (KnowledgeStorageException storage)
        {
            // Refused cleanly: nothing was changed, and members' answers keep coming from the snapshot.
            return Reply.Error(
                "Not saved",
                $"{storage.Message} Nothing was changed, and answers keep working from what is saved. Please try again later; the cause is in TalksBot's log for whoever runs it.");
        }
    }

    protected static Actor ActorOf(CommandInvocation invocation) =>
        new(invocation.Platform, invocation.Caller.UserId, invocation.Caller.DisplayName);

    protected abstract Task<Reply> HandleModeratorAsync(CommandInvocation invocation, CancellationToken cancellationToken);
}
