using System.Text.Json.Nodes;
using TalksBot.Slack.Tests.Fakes;
using TalksBot.Slack.Tests.SocketMode;

namespace TalksBot.Slack.Tests.Interactions;

/// <summary>The examples asked in Slack on 30 November 2026, when the knowledge ends on 10 March 2026.</summary>
public sealed class TimeAwareAnswerTests
{
    private const string Member = "U0MEMBER";

    [Fact]
    public async Task Ask_InSlack_AfterTheHorizonSaysSo_TheLatestIsLabelled_AndEveryAnswerShowsItsAge()
    {
        await using var session = await SlackSession.StartAsync(connections: 1, settings: new Dictionary<string, string?>
        {
            ["Knowledge:Today"] = Testing.TimeAwareExamples.Today,
            ["RateLimits:Enabled"] = "false",
        });

        var replies = new List<string>();
        foreach (var question in Testing.TimeAwareExamples.Questions)
        {
            replies.Add(await AskAsync(session, question));
        }

        Testing.TimeAwareExamples.AssertHonest(replies);
        Assert.Equal(Testing.TimeAwareExamples.Unanswered, session.Bot.Store.Unanswered(100).Count);
    }

    private static async Task<string> AskAsync(SlackSession session, string question)
    {
        var envelope = await session.Slack.SendEnvelopeAsync("slash_commands", FakeSlackPayloads.SlashCommand("/ask", question, Member));
        var payload = (await session.Slack.WaitForAckAsync(envelope, SlackSession.Wait)).Payload!;
        return Text(payload);
    }

    private static string Text(JsonNode? node) => node switch
    {
        JsonObject o => string.Join("\n", o.Select(p => Text(p.Value))),
        JsonArray a => string.Join("\n", a.Select(Text)),
        JsonValue v when v.TryGetValue(out string? text) => text,
        _ => "",
    };
}
