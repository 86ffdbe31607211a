using Microsoft.Extensions.DependencyInjection;
using TalksBot.Core.Delivery;
using TalksBot.Slack.Tests.Fakes;

namespace TalksBot.Slack.Tests.SocketMode;

/// <summary>Socket Mode redeliveries: every delivery is acknowledged, and the command behind them runs once.</summary>
public sealed class DeliveryTests
{
    private const string Moderator = "U0MOD";

    [Theory]
    [InlineData(2)]
    [InlineData(20)]
    public async Task SameEnvelope_DeliveredAtOnceOnBothSockets_IsAnsweredOnce(int deliveries)
    {
        await using var session = await StartAsync();
        var text = $"{deliveries} deliveries of one envelope on two sockets add one fact.";
        var payload = FactAdd(text);
        var sockets = session.Slack.LiveConnections;
        var envelopeId = Guid.NewGuid().ToString();

        await Task.WhenAll(Enumerable.Range(0, deliveries).Select(i => session.Slack.SendEnvelopeAsync("slash_commands", payload, envelopeId: envelopeId, connection: sockets[i % sockets.Count])));
        await session.Slack.WaitUntilAsync(s => s.Acks.Count(a => a.EnvelopeId == envelopeId) == deliveries, SlackSession.Wait, "every delivery acked");

        Assert.Equal(2, sockets.Count);
        Assert.Single(session.Slack.Acks, a => a.EnvelopeId == envelopeId && a.Payload is not null);
        Assert.Single(session.Bot.Store.Snapshot.Facts, f => f.Text == text);
    }

    [Fact]
    public async Task Delivery_AlreadyClaimedInTheDeliveryLog_IsAckedButNotRun()
    {
        // Another instance sharing the delivery log took this command already.
        await using var session = await StartAsync();
        const string Text = "A command another instance answered is not run here.";
        var payload = FactAdd(Text);
        var deliveries = session.Bot.Services.GetRequiredService<IDeliveryLog>();
        Assert.True(await deliveries.TryClaimAsync("slack:trigger:" + payload["trigger_id"]!.GetValue<string>(), TimeSpan.FromMinutes(10), CancellationToken.None));

        var ack = await session.Slack.WaitForAckAsync(await session.Slack.SendEnvelopeAsync("slash_commands", payload), SlackSession.Wait);

        Assert.Null(ack.Payload);
        Assert.DoesNotContain(session.Bot.Store.Snapshot.Facts, f => f.Text == Text);
    }

    [Fact]
    public async Task Envelope_NotAcceptingAResponsePayload_IsAckedEmptyAndAnsweredThroughResponseUrl()
    {
        await using var session = await StartAsync();

        var envelope = await session.Slack.SendEnvelopeAsync("slash_commands", FakeSlackPayloads.SlashCommand("/about", ""), acceptsResponsePayload: false);
        var ack = await session.Slack.WaitForAckAsync(envelope, SlackSession.Wait);
        var post = await session.Slack.WaitForAsync(s => s.ResponseUrlPosts is [var first, ..] ? first : null, SlackSession.Wait, "the answer through response_url");

        Assert.Null(ack.Payload);
        Assert.Contains("About TalksBot", post.Body!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventsApiEnvelope_IsAckedAndIgnored()
    {
        await using var session = await StartAsync();
        var callback = new System.Text.Json.Nodes.JsonObject
        {
            ["type"] = "event_callback",
            ["event_id"] = "Ev0DELIVERY",
            ["event"] = new System.Text.Json.Nodes.JsonObject { ["type"] = "app_mention", ["text"] = "<@U0BOT> hello" },
        };

        var ack = await session.Slack.WaitForAckAsync(await session.Slack.SendEnvelopeAsync("events_api", callback), SlackSession.Wait);

        Assert.Null(ack.Payload);
        Assert.Empty(session.Slack.ResponseUrlPosts);
    }

    private static System.Text.Json.Nodes.JsonObject FactAdd(string text) =>
        FakeSlackPayloads.SlashCommand("/fact", $"add topic:nato party:russia text:\"{text}\" source_url:https://example.org/redelivery", Moderator);

    private static Task<SlackSession> StartAsync() =>
        SlackSession.StartAsync(settings: new Dictionary<string, string?> { ["Slack:ModeratorUserIds"] = Moderator, ["RateLimits:Enabled"] = "false" });
}
