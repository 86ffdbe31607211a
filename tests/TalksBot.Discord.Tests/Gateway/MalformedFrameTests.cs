using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TalksBot.Discord.Tests.Fakes;

namespace TalksBot.Discord.Tests.Gateway;

/// <summary>
/// A frame that breaks the protocol is a dropped connection: the bot logs it, reconnects with backoff (resuming where
/// it can) and goes on answering. It never stops the host.
/// </summary>
public sealed class MalformedFrameTests
{
    public static TheoryData<string> AfterReady => ["non-JSON text", "binary frame", "INTERACTION_CREATE with a number", "HEARTBEAT_ACK as an array", "op as a string"];

    [Theory]
    [InlineData("""{"op":10,"s":null,"t":null}""")]
    [InlineData("""{"op":10,"d":{"heartbeat_interval":"45000"},"s":null,"t":null}""")]
    [InlineData("""{"op":10,"d":{"heartbeat_interval":-5},"s":null,"t":null}""")]
    [InlineData("""{"op":10,"d":null}""")]
    public async Task MalformedHello_ReconnectsAndStillAnswers(string hello)
    {
        await using var session = await DiscordSession.StartAsync(beforeBot: discord =>
        {
            discord.ReplaceNextHello(hello);
            return Task.CompletedTask;
        });

        await session.Discord.WaitUntilAsync(d => d.ConnectionCount >= 2, DiscordSession.Wait, "a second connection after the malformed HELLO");

        await AssertStillAnswersAsync(session);
        Assert.Equal(1, session.Discord.IdentifyCount);
    }

    [Fact]
    public async Task ReadyWithoutSessionId_IdentifiesAgainAndStillAnswers()
    {
        await using var session = await DiscordSession.StartAsync(beforeBot: discord =>
        {
            discord.ChangeNextReady(ready => ready.Remove("session_id"));
            return Task.CompletedTask;
        });

        await session.Discord.WaitUntilAsync(d => d.IdentifyCount >= 2, DiscordSession.Wait, "a second IDENTIFY after READY without session_id");

        await AssertStillAnswersAsync(session);
    }

    [Fact]
    public async Task ReadyWithoutSessionId_WaitsItsTurnToIdentifyWithoutAnOpenConnectionGoingZombie()
    {
        // Heartbeats every 200 ms, and the second IDENTIFY may come only 5 s after the first: a connection that waited
        // for its turn while open would leave its ACKs unread and count as a zombie, over and over.
        await using var session = await DiscordSession.StartAsync(
            new FakeDiscordOptions { Token = DiscordTestBot.Token, HeartbeatIntervalMs = 200 },
            beforeBot: discord =>
            {
                discord.ChangeNextReady(ready => ready.Remove("session_id"));
                return Task.CompletedTask;
            });

        await session.Discord.WaitUntilAsync(d => d.IdentifyCount >= 2, DiscordSession.Wait, "a second IDENTIFY after READY without session_id");

        await AssertStillAnswersAsync(session);
        Assert.Equal(2, session.Discord.ConnectionCount);
    }

    [Theory]
    [MemberData(nameof(AfterReady))]
    public async Task MalformedFrameAfterReady_ResumesAndStillAnswers(string frame)
    {
        await using var session = await DiscordSession.StartAsync();
        var sessionId = await session.Discord.WaitForReadyAsync(DiscordSession.Wait);

        switch (frame)
        {
            case "non-JSON text":
                await session.Discord.SendRawTextAsync("this is not {json");
                break;
            case "binary frame":
                await session.Discord.SendBinaryAsync([0x78, 0x9C, 0x01, 0x02, 0x03]);
                break;
            case "INTERACTION_CREATE with a number":
                await session.Discord.DispatchRawAsync("INTERACTION_CREATE", JsonValue.Create(42));
                break;
            case "HEARTBEAT_ACK as an array":
                await session.Discord.SendRawTextAsync("[11]");
                break;
            case "op as a string":
                await session.Discord.SendRawTextAsync("""{"op":"0","d":{},"s":1,"t":"READY"}""");
                break;
        }

        await session.Discord.WaitUntilAsync(d => d.ResumeCount >= 1, DiscordSession.Wait, "a RESUME after the malformed frame");

        await AssertStillAnswersAsync(session);
        Assert.Equal(1, session.Discord.IdentifyCount);
        var resume = session.Discord.ReceivedFrames.First(f => f.Op == 6).Payload["d"]!;
        Assert.Equal(sessionId, resume["session_id"]!.GetValue<string>());
    }

    private static async Task AssertStillAnswersAsync(DiscordSession session)
    {
        await session.Discord.WaitForReadyAsync(DiscordSession.Wait);
        var (_, callback) = await session.AskAsync(FakeInteractions.Command("about"));

        Assert.Equal(4, callback.Type);
        Assert.False(session.Bot.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested, "the host is stopping");
    }
}
