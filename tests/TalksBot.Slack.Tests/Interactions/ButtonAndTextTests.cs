using System.Text.Json.Nodes;
using TalksBot.Slack.Tests.Fakes;
using TalksBot.Slack.Tests.SocketMode;

namespace TalksBot.Slack.Tests.Interactions;

/// <summary>What members press and type, as Slack delivers it: feedback buttons through the router, Slack's markup in questions.</summary>
public sealed class ButtonAndTextTests
{
    private const string Member = "U0MEMBER";

    [Fact]
    public async Task HelpfulPressedTwoHundredTimesQuickly_AtMostTheBurstIsThanked_TheRestAreToldToSlowDown()
    {
        const int Burst = 10;
        await using var session = await SlackSession.StartAsync(connections: 1, settings: new Dictionary<string, string?>
        {
            ["RateLimits:CommandBurst"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RateLimits:CommandsPerMinute"] = "1",
        });

        for (var i = 0; i < 200; i++)
        {
            await session.Slack.SendEnvelopeAsync("interactive", FakeSlackPayloads.BlockActions("talksbot-2", "feedback:helpful:person-kushner", Member));
        }

        await session.Slack.WaitUntilAsync(s => s.ResponseUrlPosts.Count == 200, SlackSession.Wait, "an answer to every press");
        var titles = session.Slack.ResponseUrlPosts.Select(p => p.Body?["blocks"]?[0]?["text"]?["text"]?.GetValue<string>()).ToList();

        Assert.InRange(titles.Count(t => t == "Thanks for the feedback"), 1, Burst + 1);
        Assert.Equal(200, titles.Count(t => t is "Thanks for the feedback" or "Slow down"));
        Assert.All(session.Slack.ResponseUrlPosts, p => Assert.Equal("ephemeral", p.ResponseType));
        var stored = Assert.Single(session.Bot.Store.Feedback());
        Assert.Equal(("person-kushner", 1), (stored.FactId, stored.Helpful));
    }

    [Fact]
    public async Task FeedbackForAnUnknownFact_IsRefusedAndNothingIsStored()
    {
        await using var session = await SlackSession.StartAsync(connections: 1);

        await session.Slack.WaitForAckAsync(await session.Slack.SendEnvelopeAsync("interactive", FakeSlackPayloads.BlockActions("talksbot-2", "feedback:helpful:no-such-fact", Member)), SlackSession.Wait);
        var post = await session.Slack.WaitForAsync(s => s.ResponseUrlPosts is [var first, ..] ? first : null, SlackSession.Wait, "the refusal");

        Assert.Equal("Feedback not stored", post.Body!["blocks"]![0]!["text"]!["text"]!.GetValue<string>());
        Assert.Equal("ephemeral", post.ResponseType);
        Assert.Empty(session.Bot.Store.Feedback());
    }

    [Fact]
    public async Task Ask_WithSlackMentionTokens_GetsTheSameAnswerAsTheCleanQuestion()
    {
        await using var session = await SlackSession.StartAsync(connections: 1, settings: new Dictionary<string, string?> { ["RateLimits:Enabled"] = "false" });

        var clean = await AskAsync(session, "will ukraine give up donetsk");
        var marked = await AskAsync(session, "<!channel> will ukraine give up donetsk <@U999EVIL>");

        Assert.NotEqual("ephemeral", clean["response_type"]!.GetValue<string>());
        Assert.Equal(clean["blocks"]!.ToJsonString(), marked["blocks"]!.ToJsonString());
    }

    [Fact]
    public async Task Ask_WithLinksAndGroupMentions_GetsTheSameAnswerAsTheCleanQuestion()
    {
        await using var session = await SlackSession.StartAsync(connections: 1, settings: new Dictionary<string, string?> { ["RateLimits:Enabled"] = "false" });

        var clean = await AskAsync(session, "what does russia say about nato");
        var marked = await AskAsync(session, "<!here> <@U1|bob> <!subteam^S0MODS|@mods> what does russia say about <https://www.nato.int|nato> <!everyone>");

        Assert.Equal(clean["blocks"]!.ToJsonString(), marked["blocks"]!.ToJsonString());
    }

    private static async Task<JsonNode> AskAsync(SlackSession session, string question)
    {
        var envelope = await session.Slack.SendEnvelopeAsync("slash_commands", FakeSlackPayloads.SlashCommand("/ask", question, Member));
        return (await session.Slack.WaitForAckAsync(envelope, SlackSession.Wait)).Payload!;
    }
}
