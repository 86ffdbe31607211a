using TalksBot.Discord.Tests.Fakes;
using TalksBot.Discord.Tests.Gateway;
using TalksBot.Discord.Tests.Moderation;

namespace TalksBot.Discord.Tests.Publishing;

/// <summary>/subscribe and the change announcements, through the real bot and the fake's channels.</summary>
public sealed class DiscordChannelPublisherTests
{
    private const string FactId = ModerationSessionTests.FactId;
    private const string UpdatesChannel = "1500000000000000001";

    [Fact]
    public async Task Subscribe_ThenAFactChange_TheChannelGetsTheChangeCard()
    {
        await using var session = await ModerationSessionTests.StartAsync();
        var moderator = FakeInteractionContext.Moderator;

        var (_, subscribed) = await session.AskAsync(FakeInteractions.Command(moderator, "subscribe", ("channel", new TypedOptionValue(7, UpdatesChannel))));
        var welcome = await session.Discord.WaitForChannelMessageAsync(UpdatesChannel, _ => true, DiscordSession.Wait);
        await session.AskAsync(FakeInteractions.Subcommand(moderator, "fact", "retract", ("id", FactId), ("reason", "misquoted")));
        // The notifier runs in the background: a bounded wait for its post.
        var change = await session.Discord.WaitForChannelMessageAsync(UpdatesChannel, m => m["embeds"]![0]!["title"]!.GetValue<string>().StartsWith("Fact retracted", StringComparison.Ordinal), TimeSpan.FromSeconds(5));

        Assert.Equal("Subscribed", ModerationSessionTests.Title(subscribed));
        Assert.Equal(64, subscribed.Data!["flags"]!.GetValue<int>());
        Assert.Equal("TalksBot updates", welcome["embeds"]![0]!["title"]!.GetValue<string>());
        var card = ModerationSessionTests.AllText(change["embeds"]);
        Assert.Contains("Retracted: misquoted", card, StringComparison.Ordinal);
        Assert.Contains(FactId, card, StringComparison.Ordinal);
        Assert.Equal(0, change["flags"]!.GetValue<int>());
        Assert.All(session.Discord.Requests.Where(r => r.RelativePath == $"/channels/{UpdatesChannel}/messages"), r => Assert.Equal("[]", r.Body!["allowed_mentions"]!["parse"]!.ToJsonString()));
    }

    [Theory]
    [InlineData(50001, "Missing Access")]
    [InlineData(50013, "Missing Permissions")]
    [InlineData(10003, "Unknown Channel")]
    public async Task Subscribe_ChannelDiscordRefuses_PrivateErrorAndNotSubscribed(int code, string reason)
    {
        await using var session = await ModerationSessionTests.StartAsync();
        session.Discord.DenyChannel(UpdatesChannel, code);

        var (_, callback) = await session.AskAsync(FakeInteractions.Command(FakeInteractionContext.Moderator, "subscribe", ("channel", new TypedOptionValue(7, UpdatesChannel))));

        Assert.Equal(64, callback.Data!["flags"]!.GetValue<int>());
        Assert.Equal("Cannot post there", ModerationSessionTests.Title(callback));
        Assert.Contains(reason, ModerationSessionTests.AllText(callback.Data), StringComparison.Ordinal);
        Assert.Empty(session.Bot.Store.Subscriptions());
    }

    [Fact]
    public async Task Subscribe_ByAMember_NotAllowedAndNothingPosted()
    {
        await using var session = await ModerationSessionTests.StartAsync();

        var (_, callback) = await session.AskAsync(FakeInteractions.Command("subscribe"));

        Assert.Equal("Not allowed", ModerationSessionTests.Title(callback));
        Assert.Empty(session.Discord.ChannelMessages);
        Assert.Empty(session.Bot.Store.Subscriptions());
    }
}
