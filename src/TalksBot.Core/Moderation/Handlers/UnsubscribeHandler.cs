using TalksBot.Core.Cards;
using TalksBot.Core.Commands;
using TalksBot.Core.Knowledge;

namespace TalksBot.Core.Moderation.Handlers;

/// <summary>/unsubscribe [channel] — stops the fact-change cards in a channel.</summary>
internal sealed class UnsubscribeHandler(ISubscriptionStore subscriptions, Intake.IInboxStore inbox) : ModeratorHandler
{
    public override string Name => "unsubscribe";

    protected override async Task<Reply> HandleModeratorAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var channel = ChannelOption.Resolve(invocation);
        if (ChannelOption.IsInboxDigest(invocation))
        {
            if (!await inbox.UnsubscribeDigestAsync(invocation.Platform, channel, cancellationToken).ConfigureAwait(false))
            {
                throw new ModerationException("Not subscribed", $"{ChannelOption.Describe(invocation, channel)} does not get the inbox digest, so there is nothing to stop.");
            }

            return new Reply([new Card { Title = "Unsubscribed", Description = $"{ChannelOption.Describe(invocation, channel)} no longer gets the inbox digest.", Tone = CardTone.Info }], [], Ephemeral: true);
        }

        if (!await subscriptions.UnsubscribeAsync(invocation.Platform, channel, cancellationToken).ConfigureAwait(false))
        {
            throw new ModerationException("Not subscribed", $"{ChannelOption.Describe(invocation, channel)} does not get fact-change cards, so there is nothing to stop.");
        }

        return new Reply(
            [new Card { Title = "Unsubscribed", Description = $"{ChannelOption.Describe(invocation, channel)} no longer gets fact-change cards.", Tone = CardTone.Info }],
            [],
            Ephemeral: true);
    }
}
