using TalksBot.Discord.Tests.Fakes;

namespace TalksBot.Discord.Tests.Gateway;

/// <summary>An interaction delivered twice over the gateway (a RESUME replaying what was handed over already) runs once.</summary>
public sealed class GatewayReplayTests
{
    [Fact]
    public async Task FactAdd_DispatchedTwice_CreatesOneFactAndAnswersOnce()
    {
        await using var session = await DiscordSession.StartAsync();
        await session.Discord.WaitForReadyAsync(DiscordSession.Wait);
        const string text = "Negotiators met in Istanbul on 2 March 2026 to discuss prisoner exchanges (gateway replay test).";
        var interaction = FakeInteractions.Subcommand(
            FakeInteractionContext.Moderator, "fact", "add", ("topic", "process"), ("text", text), ("source_url", "https://example.org/gateway-replay"));

        await session.Discord.DispatchInteractionAsync(interaction);
        var callback = await session.Discord.WaitForCallbackAsync(interaction["id"]!.GetValue<string>(), DiscordSession.Wait);
        await session.Discord.DispatchInteractionAsync(interaction);
        var about = FakeInteractions.Command("about");
        await session.AskAsync(about);

        Assert.StartsWith("Added", Moderation.ModerationSessionTests.Title(callback), StringComparison.Ordinal);
        Assert.Single(session.Bot.Store.Snapshot.FactsById.Values, f => f.Text == text);
        Assert.Single(session.Discord.Requests, r => r.Path.Contains(interaction["id"]!.GetValue<string>(), StringComparison.Ordinal));
    }
}
