namespace TalksBot.Core.Tests.Moderation;

public sealed class SubscriptionTests
{
    [Fact]
    public async Task Subscribe_PostsAWelcomeThere_AndEachLaterChangeReachesTheChannelOnce()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());
        using var notifier = knowledge.NotifierFor(knowledge.Publisher);

        var reply = await knowledge.ModerateAsync("/subscribe");
        await knowledge.ModerateAsync("/fact retract ru-land misquoted");
        Assert.True(await notifier.DeliverPendingAsync(CancellationToken.None));
        Assert.True(await notifier.DeliverPendingAsync(CancellationToken.None));

        Assert.Equal("Subscribed", reply.Cards[0].Title);
        var posts = knowledge.Publisher.Posts.ToList();
        Assert.Equal(2, posts.Count);
        Assert.All(posts, p => Assert.Equal("c1", p.ChannelId));
        Assert.Equal("TalksBot updates", posts[0].Reply.Cards[0].Title);
        var change = posts[1].Reply.Cards[0];
        Assert.Equal("Fact retracted: Russia · Territory", change.Title);
        Assert.Contains("Retracted: misquoted", change.Description, StringComparison.Ordinal);
        Assert.Contains("ru-land · revision 2 by Mod Anna", change.Footer, StringComparison.Ordinal);
        Assert.Empty(knowledge.Store.PendingNotifications());
    }

    [Fact]
    public async Task Subscribe_WhereTheBotMayNotPost_IsRefusedAndNotStored()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());
        knowledge.Publisher.Refusal = "missing access";

        var reply = await knowledge.ModerateAsync("/subscribe channel:<#C0NOACCESS|secret>");

        Assert.Equal("Cannot post there", reply.Cards[0].Title);
        Assert.Contains("missing access", reply.Cards[0].Description, StringComparison.Ordinal);
        Assert.Empty(knowledge.Store.Subscriptions());
    }

    [Fact]
    public async Task ChangeWhileThePlatformFails_IsKeptAndDeliveredOnceItRecovers_WithoutRepeatingToChannelsAlreadyTold()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());
        var other = new RecordingPublisher("other");
        using var notifier = knowledge.NotifierFor(knowledge.Publisher, other);
        knowledge.Store.Subscribe("test", "c1", new Core.Knowledge.Actor("test", "m1", "Mod"));
        knowledge.Store.Subscribe("other", "x1", new Core.Knowledge.Actor("other", "m1", "Mod"));
        await knowledge.ModerateAsync("/fact edit ru-land text:\"Russia demands all of Donbas.\"");

        other.Refusal = "platform down";
        Assert.False(await notifier.DeliverPendingAsync(CancellationToken.None));
        Assert.Single(knowledge.Store.PendingNotifications());
        other.Refusal = null;
        Assert.True(await notifier.DeliverPendingAsync(CancellationToken.None));

        Assert.Single(knowledge.Publisher.Posts);
        Assert.Single(other.Posts);
        Assert.Empty(knowledge.Store.PendingNotifications());
    }

    [Fact]
    public async Task Unsubscribe_StopsTheCards_AndSaysSoWhenThereWasNothingToStop()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());
        await knowledge.ModerateAsync("/subscribe");

        var first = await knowledge.ModerateAsync("/unsubscribe");
        var second = await knowledge.ModerateAsync("/unsubscribe");

        Assert.Equal("Unsubscribed", first.Cards[0].Title);
        Assert.Equal("Not subscribed", second.Cards[0].Title);
        Assert.Empty(knowledge.Store.Subscriptions());
    }
}
