using TalksBot.Core.Cards;
using TalksBot.Core.Commands;

namespace TalksBot.Core.Tests.Conversations;

/// <summary>A reply channel that keeps what would have been posted.</summary>
internal sealed class RecordingReplyChannel : IReplyChannel
{
    private readonly List<Reply> _replies = [];

    public IReadOnlyList<Reply> Replies
    {
        get
        {
            lock (_replies)
            {
                return [.. _replies];
            }
        }
    }

    public Reply Single => Assert.Single(Replies);

    public Task AnswerAsync(Reply reply, CancellationToken cancellationToken) => Record(reply);

    public Task DeferAsync(bool ephemeral, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task AnswerLateAsync(Reply reply, CancellationToken cancellationToken) => Record(reply);

    private Task Record(Reply reply)
    {
        lock (_replies)
        {
            _replies.Add(reply);
        }

        return Task.CompletedTask;
    }
}
