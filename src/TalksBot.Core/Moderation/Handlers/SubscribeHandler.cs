using TalksBot.Core.Cards;
using TalksBot.Core.Commands;
using TalksBot.Core.Knowledge;

namespace TalksBot.Core.Moderation.Handlers;

/// <summary>/subscribe [channel] — checks TalksBot can post there (by posting a welcome), then tells the channel of every fact change.</summary>
internal sealed class SubscribeHandler(ISubscriptionStore subscriptions, IEnumerable<IChannelPublisher> publishers) : ModeratorHandler
{
    public override string Name => "subscribe";

    protected override async Task<Reply> HandleModeratorAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var channel = ChannelOption.Resolve(invocation);
        var publisher = publishers.FirstOrDefault(p => p.Platform == invocation.Platform)
            ?? throw new ModerationException("Not here", $"TalksBot cannot post updates on {invocation.Platform}.");
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
}
