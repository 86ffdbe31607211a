using Microsoft.Extensions.DependencyInjection;
using TalksBot.Core.Health;
using TalksBot.Slack.Tests.Fakes;

namespace TalksBot.Slack.Tests.SocketMode;

/// <summary>SIGTERM (the host stopping) while Slack requests are in hand.</summary>
public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task Stop_AfterASlowCommandWasAcked_StillPostsItsAnswerBeforeTheHostStops()
    {
        await using var session = await SlackSession.StartAsync(slowAbout: TimeSpan.FromSeconds(1.5), connections: 1);
        var envelope = await session.Slack.SendEnvelopeAsync("slash_commands", FakeSlackPayloads.SlashCommand("/about", ""));
        await session.Slack.WaitForAckAsync(envelope, SlackSession.Wait);

        await session.Bot.App.StopAsync().WaitAsync(SlackSession.Wait);

        var post = Assert.Single(session.Slack.ResponseUrlPosts);
        Assert.Contains("About TalksBot (slow)", post.Body!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(session.Slack.Closes, c => c.Code == 1000);
    }

    [Fact]
    public async Task Readiness_NeedsOneSocketThatSaidHello()
    {
        await using var session = await SlackSession.StartAsync(connections: 1);
        var readiness = session.Bot.Services.GetRequiredService<ReadinessRegistry>();
        await session.Slack.WaitUntilAsync(_ => readiness.Report().Ready, SlackSession.Wait, "the socket counted as connected");

        await session.Slack.DropAsync();
        await session.Slack.WaitUntilAsync(s => s.SentFrames.Count(f => f.Json?["type"]?.GetValue<string>() == "hello") >= 2, SlackSession.Wait, "a new socket's hello");
        await session.Slack.WaitUntilAsync(_ => readiness.Report().Ready, SlackSession.Wait, "ready again after the reconnect");

        // The dropped socket no longer counts: one socket is up, not two.
        var sockets = Assert.Single(readiness.Report().Components);
        Assert.Equal(("slack socket mode", 1), (sockets.Name, sockets.Connected));
    }
}
