using TalksBot.Core.Cards;
using TalksBot.Core.Commands;

namespace TalksBot.Slack.Interactions;

/// <summary>
/// Answers a message written in a conversation (a mention, a direct message): there is no acknowledgement to ride on and
/// nothing like typing to show, so a deferral does nothing and every answer is a message of its own — chat.postMessage in
/// the thread for all to see, or chat.postEphemeral in the same thread when only the writer should see it ("Slow down",
/// an apology).
/// </summary>
internal sealed class SlackThreadReplyChannel(SlackReplySender sender, IncomingConversationMessage message) : IReplyChannel
{
    public Task AnswerAsync(Reply reply, CancellationToken cancellationToken) =>
        sender.PostInThreadAsync(reply, new SlackConversation(message.UserId, message.ChannelId, null, null), message.ReplyThreadTs, cancellationToken);

    public Task DeferAsync(bool ephemeral, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task AnswerLateAsync(Reply reply, CancellationToken cancellationToken) => AnswerAsync(reply, cancellationToken);
}
