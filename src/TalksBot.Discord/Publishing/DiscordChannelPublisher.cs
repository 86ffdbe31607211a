using Microsoft.Extensions.Logging;
using TalksBot.Core.Cards;
using TalksBot.Core.Moderation;
using TalksBot.Discord.Interactions;
using TalksBot.Discord.Rendering;
using TalksBot.Discord.Rest;

namespace TalksBot.Discord.Publishing;

/// <summary>
/// Posts replies into Discord channels outside any interaction (<c>POST /channels/{id}/messages</c>): the /subscribe
/// welcome and the fact-change announcements. Discord's refusals become <see cref="ChannelPublishException"/>s whose
/// message tells a moderator what to fix; other failures (network, Discord down) stay as they are, to be retried.
/// </summary>
internal sealed class DiscordChannelPublisher(DiscordRestClient rest, ILogger<DiscordChannelPublisher> logger) : IChannelPublisher
{
    public const int UnknownChannel = 10003;
    public const int MissingAccess = 50001;
    public const int MissingPermissions = 50013;

    public string Platform => InteractionProcessor.Platform;

    public async Task PublishAsync(string channelId, Reply reply, CancellationToken cancellationToken)
    {
        if (channelId.Length is 0 or > 20 || !channelId.All(char.IsAsciiDigit))
        {
            throw new ChannelPublishException($"“{channelId}” is not a Discord channel id");
        }

        // Only interaction responses can be seen by one member alone; a channel message is for the channel.
        var message = EmbedRenderer.Render(reply) with { Flags = null };
        try
        {
            await rest.CreateMessageAsync(channelId, message, reply.Files, cancellationToken).ConfigureAwait(false);
        }
        catch (DiscordApiException refused) when (Reason(refused) is { } reason)
        {
            Log.ChannelRefused(logger, channelId, refused.Status, refused.Code ?? 0, refused.DiscordMessage);
            throw new ChannelPublishException(reason, refused);
        }
    }

    private static string? Reason(DiscordApiException refused) => (refused.Status, refused.Code) switch
    {
        (_, MissingPermissions) => "Discord says TalksBot lacks the permission to post there (Missing Permissions: it needs View Channel, Send Messages and Embed Links)",
        (_, MissingAccess) or (403, _) => "Discord says TalksBot cannot see that channel (Missing Access)",
        (_, UnknownChannel) or (404, _) => "Discord does not know that channel (Unknown Channel); it may have been deleted",
        _ => null,
    };
}
