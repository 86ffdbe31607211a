using TalksBot.Core.Cards;

namespace TalksBot.Core.Moderation;

/// <summary>Posts a message into a channel of one platform, outside any interaction (announcements to subscribed channels).</summary>
public interface IChannelPublisher
{
    /// <summary>"discord", "slack" or "console": the platform of the channels this publisher reaches.</summary>
    string Platform { get; }

    /// <exception cref="ChannelPublishException">The platform refused (no access to the channel, unknown channel …).</exception>
    Task PublishAsync(string channelId, Reply reply, CancellationToken cancellationToken);
}

/// <summary>A platform refused to post in a channel; <see cref="Exception.Message"/> says why in words a moderator can act on.</summary>
public sealed class ChannelPublishException(string message, Exception? inner = null) : Exception(message, inner);
