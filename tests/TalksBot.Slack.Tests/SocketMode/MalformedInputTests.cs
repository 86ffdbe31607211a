using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TalksBot.Slack.Tests.Fakes;
using TalksBot.Slack.Tests.Support;

namespace TalksBot.Slack.Tests.SocketMode;

/// <summary>
/// A malformed reply from apps.connections.open or a malformed frame on the socket drops that connection and the bot comes
/// back (with backoff) and answers; nothing from the network ends the process. Credentials Slack refuses stop the adapter,
/// with a log line that says what to fix.
/// </summary>
[Collection(Support.ExitCodeTests.Name)]
public sealed class MalformedInputTests
{
    public static TheoryData<string> MalformedFrames => new()
    {
        "this is not JSON",
        """{"type":7}""",
        """{"type":"slash_commands","payload":{"command":"/about","user_id":"U1"},"accepts_response_payload":true}""",
        "[1,2,3]",
        "null",
        """{"envelope_id":42,"type":"slash_commands","payload":{}}""",
        """{"type":"disconnect","reason":{"why":"nested"}}""",
    };

    [Fact]
    public async Task ConnectionsOpen_MalformedReplies_AreRetriedUntilTheBotConnectsAndAnswers()
    {
        await using var session = await SlackSession.StartAsync(connections: 1, beforeBot: slack =>
        {
            slack.RespondNext("apps.connections.open", """{"ok":true}""");
            slack.RespondNext("apps.connections.open", """{"ok":true,"url":"not a url"}""");
            slack.RespondNext("apps.connections.open", """{"ok":true,"url":42}""");
            slack.RespondNext("apps.connections.open", "<html>Bad gateway</html>", 502);
            slack.RespondNext("apps.connections.open", """{"ok":true,"url":"https://example.org/not-a-socket"}""");
            return Task.CompletedTask;
        });

        var ack = await session.Slack.WaitForAckAsync(await session.Slack.SendEnvelopeAsync("slash_commands", FakeSlackPayloads.SlashCommand("/about", "")), SlackSession.Wait);

        Assert.NotNull(ack.Payload);
        Assert.True(session.Slack.RequestsFor("apps.connections.open").Count >= 6);
        Assert.False(session.Bot.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
    }

    [Theory]
    [MemberData(nameof(MalformedFrames))]
    public async Task MalformedFrame_DropsTheConnection_ThenTheBotReconnectsAndAnswers(string frame)
    {
        await using var session = await SlackSession.StartAsync(connections: 1);

        await session.Slack.SendRawAsync(frame);
        await session.Slack.WaitUntilAsync(s => s.ConnectionCount >= 2 && s.LiveConnectionCount == 1, SlackSession.Wait, "a new socket after the malformed frame");
        var ack = await session.Slack.WaitForAckAsync(await session.Slack.SendEnvelopeAsync("slash_commands", FakeSlackPayloads.SlashCommand("/about", "")), SlackSession.Wait);

        Assert.NotNull(ack.Payload);
        Assert.False(session.Bot.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
    }

    [Fact]
    public async Task HelloNeverComes_TheBotReconnectsAndAnswers()
    {
        await using var session = await SlackSession.StartAsync(
            connections: 1,
            beforeBot: slack =>
            {
                slack.WithholdHello();
                return Task.CompletedTask;
            },
            tuning: t => t with { HelloTimeout = TimeSpan.FromMilliseconds(500) });

        var ack = await session.Slack.WaitForAckAsync(await session.Slack.SendEnvelopeAsync("slash_commands", FakeSlackPayloads.SlashCommand("/about", "")), SlackSession.Wait);

        Assert.NotNull(ack.Payload);
        Assert.True(session.Slack.ConnectionCount >= 2, session.Slack.Describe());
    }

    [Fact]
    public async Task EnvelopeWithAMalformedPayload_IsAckedAndTheSocketStays()
    {
        await using var session = await SlackSession.StartAsync(connections: 1);
        var connections = session.Slack.ConnectionCount;

        await session.Slack.SendRawAsync("""{"envelope_id":"e-bad-payload","type":"slash_commands","payload":{"command":5,"user_id":["U1"]},"accepts_response_payload":true}""");
        var bad = await session.Slack.WaitForAckAsync("e-bad-payload", SlackSession.Wait);
        var good = await session.Slack.WaitForAckAsync(await session.Slack.SendEnvelopeAsync("slash_commands", FakeSlackPayloads.SlashCommand("/about", "")), SlackSession.Wait);

        Assert.Null(bad.Payload);
        Assert.NotNull(good.Payload);
        Assert.Equal(connections, session.Slack.ConnectionCount);
    }

    [Theory]
    [InlineData("invalid_auth")]
    [InlineData("not_authed")]
    [InlineData("account_inactive")]
    [InlineData("token_revoked")]
    public async Task ConnectionsOpen_RefusedCredentials_StopTheAdapterWithTheFixInTheLog(string error)
    {
        var logs = new LogCapture();
        await using var session = await SlackSession.StartAsync(
            connections: 2,
            beforeBot: slack =>
            {
                slack.ErrorNext("apps.connections.open", error, count: 10);
                return Task.CompletedTask;
            },
            configure: logs.AddTo,
            waitForSockets: false);
        var lifetime = session.Bot.Services.GetRequiredService<IHostApplicationLifetime>();

        await session.Slack.WaitUntilAsync(_ => lifetime.ApplicationStopping.IsCancellationRequested, SlackSession.Wait, "the host stopping");

        Assert.Equal(0, session.Slack.ConnectionCount);
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Critical && e.Message.Contains(error, StringComparison.Ordinal) && e.Message.Contains("Slack:AppToken", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(SlackTestBot.AppToken, StringComparison.Ordinal));

        // The host sets exit code 1 for an adapter that stopped for good; this process runs other tests.
        Environment.ExitCode = 0;
    }
}
