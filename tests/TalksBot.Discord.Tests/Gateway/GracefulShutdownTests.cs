using Microsoft.Extensions.DependencyInjection;
using TalksBot.Core.Health;
using TalksBot.Discord.Tests.Fakes;

namespace TalksBot.Discord.Tests.Gateway;

/// <summary>SIGTERM (the host stopping) while interactions are in hand: every one is answered, and the session stays resumable.</summary>
public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task Stop_WithSlowInteractionsInHand_AnswersEachAndClosesWithAResumableCode()
    {
        await using var session = await DiscordSession.StartAsync(deferAfter: TimeSpan.FromMilliseconds(200), slowAbout: TimeSpan.FromSeconds(1.5));
        await session.Discord.WaitForReadyAsync(DiscordSession.Wait);
        var interactions = Enumerable.Range(0, 5).Select(_ => FakeInteractions.Command("about")).ToList();
        foreach (var interaction in interactions)
        {
            await session.Discord.DispatchInteractionAsync(interaction);
        }

        // What the host does on SIGTERM: ApplicationStopping, then each service's StopAsync within the shutdown time-out.
        var stopping = session.Bot.App.StopAsync();

        foreach (var interaction in interactions)
        {
            var edit = await session.Discord.WaitForOriginalEditAsync(interaction["token"]!.GetValue<string>(), DiscordSession.Wait);
            Assert.Equal("About TalksBot (slow)", edit.Body!["embeds"]![0]!["title"]!.GetValue<string>());
        }

        var close = await session.Discord.WaitForAsync(d => d.Closes.FirstOrDefault(c => c.Source == GatewayCloseSource.Client), DiscordSession.Wait, "the bot's close frame");
        Assert.Equal(4000, close.Code);
        Assert.Equal(1, session.Discord.ConnectionCount);
        await stopping.WaitAsync(DiscordSession.Wait);
    }

    [Fact]
    public async Task Stop_RightAfterABurstOfInteractions_AnswersEveryOneDiscordSent()
    {
        await using var session = await DiscordSession.StartAsync(new FakeDiscordOptions { Token = DiscordTestBot.Token, HeartbeatIntervalMs = 500, RateLimitPerBucket = 1000 });
        await session.Discord.WaitForReadyAsync(DiscordSession.Wait);
        var interactions = Enumerable.Range(0, 30)
            .Select(i => FakeInteractions.Command(new FakeInteractionContext { UserId = $"13600000000000{i:D5}" }, "topics"))
            .ToList();
        foreach (var interaction in interactions)
        {
            await session.Discord.DispatchInteractionAsync(interaction);
        }

        // SIGTERM the moment the last one was sent: what Discord sent before is still in the socket, not yet read.
        var stopping = session.Bot.App.StopAsync();

        await session.Discord.WaitUntilAsync(d => d.Callbacks.Count >= interactions.Count, DiscordSession.Wait, "a callback for every interaction sent before the stop");
        await stopping.WaitAsync(DiscordSession.Wait);
        Assert.Equal(interactions.Select(i => i["id"]!.GetValue<string>()).Order(), session.Discord.Callbacks.Select(c => c.InteractionId).Order());
    }

    [Fact]
    public async Task Readiness_FollowsTheShardConnection()
    {
        await using var session = await DiscordSession.StartAsync();
        var readiness = session.Bot.Services.GetRequiredService<ReadinessRegistry>();
        await session.Discord.WaitForReadyAsync(DiscordSession.Wait);
        await session.Discord.WaitUntilAsync(_ => readiness.Report().Ready, DiscordSession.Wait, "the shard counted as connected");

        await session.Discord.DropAsync();
        await session.Discord.WaitUntilAsync(d => d.ResumeCount >= 1, DiscordSession.Wait, "a RESUME after the drop");
        await session.Discord.WaitUntilAsync(_ => readiness.Report().Ready, DiscordSession.Wait, "ready again after RESUMED");

        var gateway = Assert.Single(readiness.Report().Components);
        Assert.Equal(("discord gateway", 1, 1), (gateway.Name, gateway.Connected, gateway.Required));
    }
}
