using TalksBot.Discord.Tests.Fakes;
using TalksBot.Discord.Tests.Moderation;

namespace TalksBot.Discord.Tests.Gateway;

/// <summary>Helpful / Not helpful presses over the gateway go through the router: rate-limited and checked like any command.</summary>
public sealed class FeedbackSessionTests
{
    private const int Burst = 10;

    [Fact]
    public async Task HelpfulButton_TwoHundredPressesFromOneMember_AtMostTheBurstStoredAndTheRestToldToSlowDown()
    {
        await using var session = await DiscordSession.StartAsync(
            new FakeDiscordOptions { Token = DiscordTestBot.Token, HeartbeatIntervalMs = 500, RateLimitPerBucket = 1000 },
            settings: new Dictionary<string, string?> { ["RateLimits:CommandBurst"] = $"{Burst}", ["RateLimits:CommandsPerMinute"] = "1" });
        await session.Discord.WaitForReadyAsync(DiscordSession.Wait);
        var presses = Enumerable.Range(0, 200).Select(_ => FakeInteractions.Button($"run:feedback:helpful:{ModerationSessionTests.FactId}")).ToList();

        foreach (var press in presses)
        {
            await session.Discord.DispatchInteractionAsync(press);
        }

        await session.Discord.WaitUntilAsync(d => d.Callbacks.Count >= presses.Count, TimeSpan.FromSeconds(60), "a callback for every press");
        var titles = session.Discord.Callbacks.Select(c => c.Data!["embeds"]![0]!["title"]!.GetValue<string>()).ToList();

        var thanked = titles.Count(t => t == "Thanks for the feedback");
        Assert.InRange(thanked, 1, Burst);
        Assert.Equal(presses.Count - thanked, titles.Count(t => t == "Slow down"));
        Assert.All(session.Discord.Callbacks, c => Assert.Equal(64, c.Data!["flags"]!.GetValue<int>()));
        var stored = Assert.Single(session.Bot.Store.Feedback(), f => f.FactId == ModerationSessionTests.FactId);
        Assert.Equal((1, 0), (stored.Helpful, stored.NotHelpful));
    }

    [Fact]
    public async Task HelpfulButton_ForAFactThatDoesNotExist_RefusedAndNothingStored()
    {
        await using var session = await DiscordSession.StartAsync();
        await session.Discord.WaitForReadyAsync(DiscordSession.Wait);

        var (_, callback) = await session.AskAsync(FakeInteractions.Button("run:feedback:helpful:no-such-fact-anywhere"));

        Assert.Equal("Feedback not stored", ModerationSessionTests.Title(callback));
        Assert.Equal(64, callback.Data!["flags"]!.GetValue<int>());
        Assert.Empty(session.Bot.Store.Feedback());
    }
}
