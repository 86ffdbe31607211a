using Microsoft.Extensions.Logging;
using TalksBot.Core.Cards;
using TalksBot.Core.Commands;
using TalksBot.Discord.Api;
using TalksBot.Discord.Rendering;
using TalksBot.Discord.Rest;

namespace TalksBot.Discord.Conversations;

/// <summary>
/// How a message written to TalksBot is answered: a reply to it in its channel (<c>POST /channels/{id}/messages</c>
/// with a <c>message_reference</c>), for everyone there; a message has no private answers, so an error is a reply too.
/// A slow answer shows "TalksBot is typing…" first; there is no deadline to meet.
/// </summary>
internal sealed class MessageReplyChannel(ChannelMessage message, DiscordRestClient rest, ILogger logger) : IReplyChannel
{
    public Task AnswerAsync(Reply reply, CancellationToken cancellationToken) =>
        rest.CreateMessageAsync(message.ChannelId, EmbedRenderer.RenderReplyTo(reply, message.Id), reply.Files, cancellationToken);

    public Task AnswerLateAsync(Reply reply, CancellationToken cancellationToken) => AnswerAsync(reply, cancellationToken);

    /// <summary>Typing is a courtesy: when Discord refuses it, the answer still follows.</summary>
    public async Task DeferAsync(bool ephemeral, CancellationToken cancellationToken)
    {
        try
        {
            await rest.TriggerTypingAsync(message.ChannelId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpRequestException or DiscordApiException)
        {
            Log.TypingFailed(logger, message.ChannelId, exception.Message);
        }
    }
}
