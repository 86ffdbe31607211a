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
/// A slow answer shows "TalksBot is typing…" first; there is no deadline to meet. A channel that refuses the reply (the
/// bot may read but not write there) refuses an apology too: it is noted in <see cref="UnwritableChannels"/> and the
/// answer ends there, without the apology's refused requests.
/// </summary>
internal sealed class MessageReplyChannel(ChannelMessage message, DiscordRestClient rest, UnwritableChannels unwritable, ILogger logger) : IReplyChannel
{
    /// <summary>Called with the id of each answer posted (when Discord's answer gives one).</summary>
    public Func<string, Task>? Posted { get; init; }

    public async Task AnswerAsync(Reply reply, CancellationToken cancellationToken)
    {
        try
        {
            var posted = await rest.CreateMessageAsync(message.ChannelId, EmbedRenderer.RenderReplyTo(reply, message.Id), reply.Files, cancellationToken).ConfigureAwait(false);
            if (posted is not null && Posted is { } notify)
            {
                await notify(posted).ConfigureAwait(false);
            }
        }
        catch (DiscordApiException refused) when (IsChannelRefusal(refused))
        {
            Refused(refused);
        }
    }

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
            if (exception is DiscordApiException refused && IsChannelRefusal(refused))
            {
                Refused(refused);
            }
        }
    }

    /// <summary>403 Missing Access or Missing Permissions, 404 Unknown Channel: no message of TalksBot's gets in there.</summary>
    private static bool IsChannelRefusal(DiscordApiException exception) => exception.Status is 403 or 404;

    private void Refused(DiscordApiException refused)
    {
        unwritable.Refused(message.ChannelId);
        Log.ChannelUnwritable(logger, message.ChannelId, refused.Message, UnwritableChannels.QuietFor.TotalMinutes);
    }
}
