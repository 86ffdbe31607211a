using Microsoft.Extensions.DependencyInjection;
using TalksBot.Core;
using TalksBot.Discord.Tests.Fakes;

namespace TalksBot.Discord.Tests.Gateway;

public sealed class GatewayResilienceTests
{
    [Fact]
    public async Task MissingHeartbeatAck_IsAZombie_ClientResumes()
    {
        await using var session = await DiscordSession.StartAsync();
        var sessionId = await session.Discord.WaitForReadyAsync(DiscordSession.Wait);

        session.Discord.AckHeartbeats = false;
        await session.Discord.WaitUntilAsync(d => d.ResumeCount >= 1, DiscordSession.Wait, "a RESUME after missed ACKs");
        session.Discord.AckHeartbeats = true;

        Assert.Equal(1, session.Discord.IdentifyCount);
        var resume = session.Discord.ReceivedFrames.First(f => f.Op == 6).Payload["d"]!;
        Assert.Equal(sessionId, resume["session_id"]!.GetValue<string>());
        Assert.StartsWith("/gateway-resume?v=10&encoding=json", session.Discord.ConnectUrls[^1], StringComparison.Ordinal);
        Assert.DoesNotContain(session.Discord.Closes, c => c.Source == GatewayCloseSource.Client && c.Code is 1000 or 1001);
    }

    [Fact]
    public async Task Reconnect_Op7_ClientResumesAndMissesNothing()
    {
        await using var session = await DiscordSession.StartAsync();
        await session.Discord.WaitForReadyAsync(DiscordSession.Wait);
        var missed = FakeInteractions.Command("topics");
        session.Discord.RegisterInteraction(missed);
        session.Discord.BufferMissedDispatch("INTERACTION_CREATE", missed);

        await session.Discord.SendReconnectAsync();
        await session.Discord.WaitUntilAsync(d => d.ResumeCount >= 1, DiscordSession.Wait, "a RESUME after op 7");
        var callback = await session.Discord.WaitForCallbackAsync(missed["id"]!.GetValue<string>(), DiscordSession.Wait);

        Assert.Equal(1, session.Discord.IdentifyCount);
        Assert.Equal(4, callback.Type);
    }

    [Fact]
    public async Task Drop_WithoutCloseFrame_ClientResumes()
    {
        await using var session = await DiscordSession.StartAsync();
        await session.Discord.WaitForReadyAsync(DiscordSession.Wait);

        await session.Discord.DropAsync();
        await session.Discord.WaitUntilAsync(d => d.ResumeCount >= 1, DiscordSession.Wait, "a RESUME after a drop");

        var (_, callback) = await session.AskAsync(FakeInteractions.Command("about"));
        Assert.Equal(4, callback.Type);
    }

    [Fact]
    public async Task InvalidSession_NotResumable_IdentifiesAfreshAfterAWait()
    {
        await using var session = await DiscordSession.StartAsync();
        await session.Discord.WaitForReadyAsync(DiscordSession.Wait);
        var before = DateTimeOffset.UtcNow;

        await session.Discord.SendInvalidSessionAsync(resumable: false);
        await session.Discord.WaitUntilAsync(d => d.IdentifyCount >= 2, DiscordSession.Wait, "a second IDENTIFY");

        var second = session.Discord.ReceivedFrames.Where(f => f.Op == 2).ElementAt(1);
        Assert.True(second.Time - before >= TimeSpan.FromMilliseconds(90), "identified again without the 1-5 s wait (scaled to 0.1-0.5 s here)");
        Assert.Equal(0, session.Discord.ResumeCount);
    }

    [Theory]
    [InlineData(4004)]
    [InlineData(4010)]
    [InlineData(4011)]
    [InlineData(4012)]
    [InlineData(4013)]
    [InlineData(4014)]
    public async Task FatalCloseCode_StopsWithoutReconnecting(int code)
    {
        await using var session = await DiscordSession.StartAsync();
        await session.Discord.WaitForReadyAsync(DiscordSession.Wait);
        var connections = session.Discord.ConnectionCount;

        await session.Discord.CloseAsync(code, "test");
        await Task.Delay(1500);

        Assert.Equal(connections, session.Discord.ConnectionCount);
        Assert.Equal(1, session.Bot.Services.GetRequiredService<AdapterLifetime>().ExitCode);
    }

    [Fact]
    public async Task WrongToken_StopsWithoutAReconnectStorm()
    {
        await using var session = await DiscordSession.StartAsync(new FakeDiscordOptions { Token = "a-different-token-than-the-bots-one", HeartbeatIntervalMs = 500, RequireUserAgent = true });

        await Task.Delay(2500);

        Assert.True(session.Discord.ConnectionCount <= 1, $"{session.Discord.ConnectionCount} connections");
    }

    [Fact]
    public async Task ResumableClose_ClientResumes()
    {
        await using var session = await DiscordSession.StartAsync();
        await session.Discord.WaitForReadyAsync(DiscordSession.Wait);

        await session.Discord.CloseAsync(4000, "unknown error");
        await session.Discord.WaitUntilAsync(d => d.ResumeCount >= 1, DiscordSession.Wait, "a RESUME after close 4000");

        Assert.Equal(1, session.Discord.IdentifyCount);
    }
}
