using Microsoft.Extensions.DependencyInjection;
using TalksBot.Core;
using TalksBot.Slack.Tests.Fakes;

namespace TalksBot.Slack.Tests.SocketMode;

[Collection(Support.ExitCodeTests.Name)]
public sealed class SocketModeTests
{
    [Fact]
    public async Task SlashCommand_AckCarriesTheBlockKitAnswer()
    {
        await using var session = await SlackSession.StartAsync();

        var envelope = await session.Slack.SendEnvelopeAsync("slash_commands", FakeSlackPayloads.SlashCommand("/positions", "nato russia"));
        var ack = await session.Slack.WaitForAckAsync(envelope, SlackSession.Wait);

        var blocks = ack.Payload!["blocks"]!.AsArray();
        Assert.Equal("Russia on NATO", blocks[0]!["text"]!["text"]!.GetValue<string>());
        Assert.Contains("NATO", ack.Payload!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(ack.Latency < TimeSpan.FromSeconds(3), $"acked after {ack.Latency}");
        Assert.All(session.Slack.RequestsFor("apps.connections.open"), r => Assert.Equal("Bearer " + SlackTestBot.AppToken, r.Authorization));
    }

    [Fact]
    public async Task SlashCommand_NamedOptionsAndAsk_AreUnderstood()
    {
        await using var session = await SlackSession.StartAsync();

        var positions = await session.Slack.WaitForAckAsync(await session.Slack.SendEnvelopeAsync("slash_commands", FakeSlackPayloads.SlashCommand("/positions", "topic:territory party:ukraine")), SlackSession.Wait);
        var ask = await session.Slack.WaitForAckAsync(await session.Slack.SendEnvelopeAsync("slash_commands", FakeSlackPayloads.SlashCommand("/ask", "Who is Kushner?")), SlackSession.Wait);
        var timeline = await session.Slack.WaitForAckAsync(await session.Slack.SendEnvelopeAsync("slash_commands", FakeSlackPayloads.SlashCommand("/timeline", "russia 2025-12")), SlackSession.Wait);

        Assert.Equal("Ukraine on Territory", positions.Payload!["blocks"]![0]!["text"]!["text"]!.GetValue<string>());
        Assert.Contains("son-in-law", ask.Payload!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("2025-12-01 to 2025-12-31", timeline.Payload!["blocks"]![0]!["text"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlashCommand_UnknownTopic_IsAnEphemeralError()
    {
        await using var session = await SlackSession.StartAsync();

        var ack = await session.Slack.WaitForAckAsync(await session.Slack.SendEnvelopeAsync("slash_commands", FakeSlackPayloads.SlashCommand("/positions", "weather")), SlackSession.Wait);

        Assert.Equal("ephemeral", ack.Payload!["response_type"]!.GetValue<string>());
        Assert.Contains("Valid topics", ack.Payload!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Question_WithChannelMentions_IsEscaped()
    {
        await using var session = await SlackSession.StartAsync();

        var ack = await session.Slack.WaitForAckAsync(await session.Slack.SendEnvelopeAsync("slash_commands", FakeSlackPayloads.SlashCommand("/ask", "<!channel> <@U123> pancakes?")), SlackSession.Wait);

        var json = ack.Payload!.ToJsonString();
        Assert.DoesNotContain("<!channel>", json, StringComparison.Ordinal);
        Assert.DoesNotContain("<@U123>", json, StringComparison.Ordinal);
        Assert.Null(ack.Payload!["link_names"]);
    }

    [Fact]
    public async Task Buttons_FeedbackIsStoredAndSourcesArriveThroughResponseUrl()
    {
        await using var session = await SlackSession.StartAsync();
        var feedback = FakeSlackPayloads.BlockActions("talksbot-2", "feedback:helpful:person-kushner");
        var sources = FakeSlackPayloads.BlockActions("talksbot-0", "/sources person-kushner");

        await session.Slack.WaitForAckAsync(await session.Slack.SendEnvelopeAsync("interactive", feedback), SlackSession.Wait);
        await session.Slack.WaitForAckAsync(await session.Slack.SendEnvelopeAsync("interactive", sources), SlackSession.Wait);
        await session.Slack.WaitUntilAsync(s => s.ResponseUrlPosts.Count >= 2, SlackSession.Wait, "two response_url posts");

        var stored = Assert.Single(session.Bot.Store.Feedback());
        Assert.Equal(("person-kushner", 1), (stored.FactId, stored.Helpful));
        var posts = session.Slack.ResponseUrlPosts;
        Assert.Contains(posts, p => p.Body!.ToJsonString().Contains("Sources for person-kushner", StringComparison.Ordinal) && p.ResponseType == "ephemeral");
        Assert.All(posts, p => Assert.False(p.ReplaceOriginal));
    }

    [Fact]
    public async Task SlowAnswer_IsAckedFirstThenPostedToResponseUrl()
    {
        await using var session = await SlackSession.StartAsync(slowAbout: TimeSpan.FromSeconds(1));

        var envelope = await session.Slack.SendEnvelopeAsync("slash_commands", FakeSlackPayloads.SlashCommand("/about", ""));
        var ack = await session.Slack.WaitForAckAsync(envelope, SlackSession.Wait);
        await session.Slack.WaitUntilAsync(s => s.ResponseUrlPosts.Count >= 1, SlackSession.Wait, "the late answer");

        Assert.Null(ack.Payload);
        Assert.Contains("About TalksBot (slow)", session.Slack.ResponseUrlPosts[0].Body!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SameEnvelopeTwice_IsAnsweredOnce()
    {
        await using var session = await SlackSession.StartAsync();
        var payload = FakeSlackPayloads.SlashCommand("/ask", "What is the best pancake recipe?");

        var first = await session.Slack.SendEnvelopeAsync("slash_commands", payload);
        await session.Slack.WaitForAckAsync(first, SlackSession.Wait);
        await session.Slack.SendEnvelopeAsync("slash_commands", payload, envelopeId: first);
        await session.Slack.WaitUntilAsync(s => s.Acks.Count(a => a.EnvelopeId == first) >= 2, SlackSession.Wait, "the redelivery acked");

        var acks = session.Slack.Acks.Where(a => a.EnvelopeId == first).ToList();
        Assert.NotNull(acks[0].Payload);
        Assert.Null(acks[1].Payload);
        Assert.Equal(1, Assert.Single(session.Bot.Store.Unanswered()).Count);
    }

    [Theory]
    [InlineData("refresh_requested")]
    [InlineData("warning")]
    public async Task Disconnect_NewSocketIsUpBeforeTheOldOneCloses(string reason)
    {
        await using var session = await SlackSession.StartAsync(connections: 1);
        var old = session.Slack.LiveConnections.Single();

        await session.Slack.SendDisconnectAsync(reason, old);
        await session.Slack.WaitUntilAsync(s => s.Disconnects.Count == 1 && s.Disconnects[0].ClosedAt is not null, SlackSession.Wait, "the old socket closed");
        var envelope = await session.Slack.SendEnvelopeAsync("slash_commands", FakeSlackPayloads.SlashCommand("/topics", ""));
        await session.Slack.WaitForAckAsync(envelope, SlackSession.Wait);

        Assert.True(session.Slack.Disconnects[0].ReplacedBeforeClose, session.Slack.Describe());
        Assert.Empty(session.Slack.UnackedEnvelopes);
    }

    [Fact]
    public async Task Disconnect_TooManyWebsockets_ReconnectsAfterABackoffAndAnswers()
    {
        await using var session = await SlackSession.StartAsync(connections: 1, tuning: t => t with { InitialBackoff = TimeSpan.FromSeconds(1) });

        await session.Slack.SendDisconnectAsync("too_many_websockets");
        var disconnected = DateTimeOffset.UtcNow;
        await session.Slack.WaitUntilAsync(s => s.ConnectionCount >= 2 && s.LiveConnectionCount == 1, SlackSession.Wait, "a new socket");
        var ack = await session.Slack.WaitForAckAsync(await session.Slack.SendEnvelopeAsync("slash_commands", FakeSlackPayloads.SlashCommand("/about", "")), SlackSession.Wait);

        Assert.NotNull(ack.Payload);
        var reopened = session.Slack.RequestsFor("apps.connections.open")[^1].Time;
        Assert.True(reopened - disconnected >= TimeSpan.FromMilliseconds(400), $"asked for a new socket {(reopened - disconnected).TotalMilliseconds:F0} ms after the disconnect");
    }

    [Fact]
    public async Task LinkDisabled_StopsWithoutReconnecting()
    {
        await using var session = await SlackSession.StartAsync(connections: 1);
        var connections = session.Slack.ConnectionCount;

        await session.Slack.SendDisconnectAsync("link_disabled");
        await Task.Delay(1500);

        Assert.Equal(connections, session.Slack.ConnectionCount);
        Assert.Equal(1, session.Bot.Services.GetRequiredService<AdapterLifetime>().ExitCode);
    }

    [Fact]
    public async Task RateLimitedConnectionOpen_WaitsRetryAfterThenConnects()
    {
        await using var session = await SlackSession.StartAsync(connections: 1, beforeBot: slack =>
        {
            slack.FailNext("apps.connections.open", retryAfterSeconds: 1);
            return Task.CompletedTask;
        });

        var opens = session.Slack.RequestsFor("apps.connections.open");
        Assert.Equal([429, 200], opens.Take(2).Select(o => o.Status));
        Assert.True(opens[1].Time - opens[0].Time >= TimeSpan.FromMilliseconds(900), $"retried after {(opens[1].Time - opens[0].Time).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Drop_ClientReconnects()
    {
        await using var session = await SlackSession.StartAsync(connections: 1);

        await session.Slack.DropAsync();
        await session.Slack.WaitUntilAsync(s => s.ConnectionCount >= 2 && s.LiveConnectionCount >= 1, SlackSession.Wait, "a new socket");

        var ack = await session.Slack.WaitForAckAsync(await session.Slack.SendEnvelopeAsync("slash_commands", FakeSlackPayloads.SlashCommand("/about", "")), SlackSession.Wait);
        Assert.NotNull(ack.Payload);
    }
}
