using System.Collections.Concurrent;
using TalksBot.Core.Cards;
using TalksBot.Core.Moderation;

namespace TalksBot.Core.Tests;

/// <summary>A channel publisher that keeps what it was asked to post, and can be told to refuse.</summary>
internal sealed class RecordingPublisher(string platform) : IChannelPublisher
{
    public string Platform => platform;

    public ConcurrentQueue<(string ChannelId, Reply Reply)> Posts { get; } = new();

    /// <summary>While set, every post fails with this message.</summary>
    public string? Refusal { get; set; }

    public Task PublishAsync(string channelId, Reply reply, CancellationToken cancellationToken)
    {
        if (Refusal is { } refusal)
        {
            throw new ChannelPublishException(refusal);
        }

        Posts.Enqueue((channelId, reply));
        return Task.CompletedTask;
    }
}
