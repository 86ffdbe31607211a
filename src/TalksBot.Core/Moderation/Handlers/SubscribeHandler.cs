using TalksBot.Core.Cards;
using TalksBot.Core.Commands;
using TalksBot.Core.Knowledge;

namespace TalksBot.Core.Moderation.Handlers;

/// <summary>/subscribe [channel] — checks TalksBot can post there (by posting a welcome), then tells the channel of every fact change.</summary>
internal sealed class SubscribeHandler(ISubscriptionStore subscriptions, Intake.IInboxStore inbox, IEnumerable<IChannelPublisher> publishers, Microsoft.Extensions.Options.IOptions<Intake.IntakeOptions> intake) : ModeratorHandler
{
    public override string Name => "subscribe";

    protected override async Task<Reply> HandleModeratorAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var channel = ChannelOption.Resolve(invocation);
        var publisher = publishers.FirstOrDefault(p => p.Platform == invocation.Platform)
            ?? throw new ModerationException("Not here", $"TalksBot cannot post updates on {invocation.Platform}.");
        if (ChannelOption.IsInboxDigest(invocation))
        {
            return await SubscribeDigestAsync(invocation, channel, publisher, cancellationToken).ConfigureAwait(false);
        }

        if ((await subscriptions.ListAsync(cancellationToken).ConfigureAwait(false)).Any(s => s.Platform == invocation.Platform && s.ChannelId == channel))
        {
            throw new ModerationException("Already subscribed", $"{ChannelOption.Describe(invocation, channel)} already gets a card whenever a fact changes. /unsubscribe stops it.");
        }

        try
        {
            await publisher.PublishAsync(channel, Reply.Of(new Card
            {
                Title = "TalksBot updates",
                Description = $"{invocation.Caller.DisplayName} subscribed this channel: TalksBot will post a short card here whenever a moderator adds, corrects, retracts or restores a fact.",
                Tone = CardTone.Info,
            }), cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelPublishException refused)
        {
            throw new ModerationException(
                "Cannot post there",
                $"TalksBot could not post in {ChannelOption.Describe(invocation, channel)}: {refused.Message}. Invite TalksBot to the channel (Slack: /invite @TalksBot; Discord: let it View Channel and Send Messages), then try again.");
        }

        await subscriptions.SubscribeAsync(invocation.Platform, channel, ActorOf(invocation), cancellationToken).ConfigureAwait(false);
        return new Reply(
            [new Card { Title = "Subscribed", Description = $"{ChannelOption.Describe(invocation, channel)} will get a card whenever a fact changes.", Tone = CardTone.Info }],
            [],
            Ephemeral: true);
    }

    private async Task<Reply> SubscribeDigestAsync(CommandInvocation invocation, string channel, IChannelPublisher publisher, CancellationToken cancellationToken)
    {
        var where = ChannelOption.Describe(invocation, channel);
        if ((await inbox.DigestChannelsAsync(cancellationToken).ConfigureAwait(false)).Any(s => s.Platform == invocation.Platform && s.ChannelId == channel))
        {
            throw new ModerationException("Already subscribed", $"{where} already gets the daily inbox digest. /unsubscribe inbox stops it.");
        }

        var settings = intake.Value;
        try
        {
            await publisher.PublishAsync(channel, Reply.Of(new Card
            {
                Title = "TalksBot inbox digest",
                Description = $"{invocation.Caller.DisplayName} subscribed this channel: once a day at {settings.DigestHour:00}:00 UTC TalksBot will post the news candidates found since the day before, for moderators to review with /kb inbox." +
                    (settings.Feeds.Count == 0 ? " No news feeds are configured yet (Intake:Feeds), so it stays quiet until some are." : ""),
                Tone = CardTone.Info,
            }), cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelPublishException refused)
        {
            throw new ModerationException("Cannot post there", $"TalksBot could not post in {where}: {refused.Message}. Invite TalksBot to the channel, then try again.");
        }

        await inbox.SubscribeDigestAsync(invocation.Platform, channel, ActorOf(invocation), cancellationToken).ConfigureAwait(false);
        return new Reply([new Card { Title = "Subscribed", Description = $"{where} will get the inbox digest daily at {settings.DigestHour:00}:00 UTC.", Tone = CardTone.Info }], [], Ephemeral: true);
    }
}
