using TalksBot.Discord.Tests.Fakes;

namespace TalksBot.Discord.Tests.Gateway;

public sealed class ShardingTests
{
    [Fact]
    public async Task Start_WithoutGatewayUrl_AsksGatewayBotAndRunsTheRecommendedShards()
    {
        var discord = await FakeDiscord.StartAsync(new FakeDiscordOptions { Token = DiscordTestBot.Token, HeartbeatIntervalMs = 500, RecommendedShards = 2, MaxConcurrency = 2 });
        await using (discord)
        {
            await using var bot = await DiscordTestBot.StartAsync(new Dictionary<string, string?> { ["Discord:ApiBaseUrl"] = discord.ApiBaseUrl.ToString() });

            await discord.WaitUntilAsync(d => d.Shards.Count >= 2, DiscordSession.Wait, "two shards identified");

            Assert.Contains(discord.Requests, r => r.Method == "GET" && r.Path.EndsWith("/gateway/bot", StringComparison.Ordinal));
            Assert.Equal([0, 1], discord.Shards.Select(s => s.ShardId).Order());
            Assert.All(discord.Shards, s => Assert.Equal(2, s.ShardCount));
        }
    }

    [Fact]
    public async Task ShardIds_RunOnlyThoseShards()
    {
        await using var session = await DiscordSession.StartAsync(settings: new Dictionary<string, string?> { ["Discord:ShardCount"] = "3", ["Discord:ShardIds"] = "2" });

        await session.Discord.WaitForReadyAsync(DiscordSession.Wait);
        await Task.Delay(300);

        var shard = Assert.Single(session.Discord.Shards);
        Assert.Equal((2, 3), (shard.ShardId, shard.ShardCount));
    }

    [Fact]
    public async Task IdentifyGate_SameBucket_WaitsFiveSecondsBetweenIdentifies()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var gate = new Discord.Gateway.IdentifyGate(maxConcurrency: 2, time);

        using (var first = await gate.WaitTurnAsync(0, CancellationToken.None))
        {
            first.Identified();
        }

        using (var second = await gate.WaitTurnAsync(1, CancellationToken.None))
        {
            second.Identified();
        }

        var third = gate.WaitTurnAsync(2, CancellationToken.None);
        await Task.Delay(50);
        Assert.False(third.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(5));
        (await third.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }

    [Fact]
    public async Task IdentifyGate_TurnGivenBackUnused_NextOneNeedNotWait()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var gate = new Discord.Gateway.IdentifyGate(maxConcurrency: 1, time);

        // The connection failed before it could identify.
        (await gate.WaitTurnAsync(0, CancellationToken.None)).Dispose();
        var next = gate.WaitTurnAsync(0, CancellationToken.None);

        (await next.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }
}
