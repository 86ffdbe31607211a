using TalksBot.Core.Cards;
using TalksBot.Core.Moderation;
using TalksBot.Slack.Rendering;
using TalksBot.Slack.WebApi;

namespace TalksBot.Slack.Publishing;

/// <summary>Posts into a Slack channel outside any interaction (the /subscribe welcome, fact-change cards) with chat.postMessage.</summary>
internal sealed class SlackChannelPublisher(SlackWebApiClient api) : IChannelPublisher
{
    public string Platform => "slack";

    public async Task PublishAsync(string channelId, Reply reply, CancellationToken cancellationToken)
    {
        var message = BlockKitRenderer.Render(reply with { Ephemeral = false }) with { ResponseType = null, Channel = channelId };
        try
        {
            await api.PostMessageAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (SlackApiException refused)
        {
            throw new ChannelPublishException(refused.Reason, refused);
        }
        catch (Exception exception) when (exception is HttpRequestException || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new ChannelPublishException("Slack could not be reached", exception);
        }
    }
}
