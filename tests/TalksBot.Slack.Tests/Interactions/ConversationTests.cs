using System.Text.Json.Nodes;
using TalksBot.Slack.Tests.Fakes;
using TalksBot.Slack.Tests.SocketMode;

namespace TalksBot.Slack.Tests.Interactions;

/// <summary>
/// Where conversations happen, over Socket Mode: @TalksBot in a channel or thread and direct messages answered in their
/// thread, what must never be answered (the bot itself, bots, edits, a second delivery), the limits on mentions, and the
/// "Check with TalksBot" shortcut with its "Share in channel" button.
/// </summary>
public sealed class ConversationTests
{
    private const string Member = "U0MEMBER";
    private const string Channel = "C0GENERAL";
    private const string Mention = "<@" + FakeSlackPayloads.BotUserId + ">";

    private static readonly Dictionary<string, string?> NoLimits = new() { ["RateLimits:Enabled"] = "false" };

    [Fact]
    public async Task AppMention_InAChannel_IsAnsweredInAThreadUnderTheMention()
    {
        await using var session = await SlackSession.StartAsync(connections: 1, settings: NoLimits);
        var mention = FakeSlackPayloads.AppMention($"{Mention} what does russia say about nato?");

        await SendEventAsync(session, mention);
        var answer = await session.Slack.WaitForAsync(s => s.Messages is [var first, ..] ? first : null, SlackSession.Wait, "the answer");

        Assert.Equal((Channel, Ts(mention), false), (answer.Channel, answer.ThreadTs, answer.Ephemeral));
        Assert.Contains("NATO", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(session.Slack.RequestsFor("chat.postMessage"), r => r.HasField("link_names"));
    }

    [Fact]
    public async Task AppMention_InAThread_IsAnsweredInThatThread()
    {
        await using var session = await SlackSession.StartAsync(connections: 1, settings: NoLimits);
        var thread = FakeSlackPayloads.NewTs();

        await SendEventAsync(session, FakeSlackPayloads.AppMention($"{Mention} what does russia say about nato?", threadTs: thread));
        var answer = await session.Slack.WaitForAsync(s => s.Messages is [var first, ..] ? first : null, SlackSession.Wait, "the answer");

        Assert.Equal(thread, answer.ThreadTs);
    }

    [Fact]
    public async Task AppMention_FollowUpNamingOnlyAParty_AnswersTheThreadsQuestionAboutThatParty()
    {
        await using var session = await SlackSession.StartAsync(connections: 1, settings: NoLimits);
        var first = FakeSlackPayloads.AppMention($"{Mention} what does russia say about nato?");
        await SendEventAsync(session, first);
        await session.Slack.WaitUntilAsync(s => s.Messages.Count == 1, SlackSession.Wait, "the first answer");

        await SendEventAsync(session, FakeSlackPayloads.AppMention($"{Mention} and ukraine?", threadTs: Ts(first)));
        await session.Slack.WaitUntilAsync(s => s.Messages.Count == 2, SlackSession.Wait, "the follow-up's answer");
        await SendEventAsync(session, FakeSlackPayloads.AppMention($"{Mention} what does ukraine say about nato?"));
        await session.Slack.WaitUntilAsync(s => s.Messages.Count == 3, SlackSession.Wait, "the full question's answer");

        var (followUp, standalone) = (session.Slack.Messages[1], session.Slack.Messages[2]);
        Assert.Equal(Ts(first), followUp.ThreadTs);
        Assert.Contains("Ukraine", followUp.Text, StringComparison.Ordinal);
        Assert.Equal(standalone.Blocks!.ToJsonString(), followUp.Blocks!.ToJsonString());
    }

    [Fact]
    public async Task AppMention_WithNothingElse_GetsTheHelpInTheThread()
    {
        await using var session = await SlackSession.StartAsync(connections: 1, settings: NoLimits);
        var mention = FakeSlackPayloads.AppMention($"{Mention} ");

        await SendEventAsync(session, mention);
        var help = await session.Slack.WaitForAsync(s => s.Messages is [var first, ..] ? first : null, SlackSession.Wait, "the help");

        Assert.Equal("Ask me about the talks to end Russia's war in Ukraine", help.Title);
        Assert.Contains("Check with TalksBot", help.Blocks!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(Ts(mention), help.ThreadTs);
    }

    public static TheoryData<string> NotForTalksBot => new() { "own", "bot", "edited", "message_changed", "channel message", "joined" };

    [Theory]
    [MemberData(nameof(NotForTalksBot))]
    public async Task Event_NotWrittenToTalksBotByAMember_PostsNothing(string kind)
    {
        await using var session = await SlackSession.StartAsync(connections: 1, settings: NoLimits);
        var question = $"{Mention} what does russia say about nato?";
        var message = kind switch
        {
            "own" => FakeSlackPayloads.AppMention(question, userId: FakeSlackPayloads.BotUserId),
            "bot" => With(FakeSlackPayloads.AppMention(question, userId: "U0OTHERBOT"), "bot_id", "B0OTHER"),
            "edited" => With(FakeSlackPayloads.AppMention(question), "edited", new JsonObject { ["user"] = Member, ["ts"] = FakeSlackPayloads.NewTs() }),
            "message_changed" => With(FakeSlackPayloads.DirectMessage("what does russia say about nato?"), "subtype", "message_changed"),
            "channel message" => With(FakeSlackPayloads.DirectMessage("what does russia say about nato?", channelId: Channel), "channel_type", "channel"),
            _ => With(FakeSlackPayloads.DirectMessage("joined"), "subtype", "channel_join"),
        };

        await SendEventAsync(session, message);

        // Stopping waits for answers in hand, so whatever the event would have posted is posted by then.
        await session.Bot.App.StopAsync().WaitAsync(SlackSession.Wait);
        Assert.Empty(session.Slack.Messages);
        Assert.Empty(session.Slack.UnackedEnvelopes);
    }

    [Theory]
    [InlineData("thread_broadcast")]
    [InlineData("file_share")]
    public async Task Message_ByAMemberWithASubtypeOfANewMessage_IsAnswered(string subtype)
    {
        await using var session = await SlackSession.StartAsync(connections: 1, settings: NoLimits);
        var thread = FakeSlackPayloads.NewTs();

        // "Also send to #channel" under a thread reply, and a message with a file attached, are members' new messages.
        var message = subtype == "thread_broadcast"
            ? With(FakeSlackPayloads.AppMention($"{Mention} what does russia say about nato?", threadTs: thread), "subtype", subtype)
            : With(FakeSlackPayloads.DirectMessage("what does russia say about nato?"), "subtype", subtype);
        await SendEventAsync(session, message);
        var answer = await session.Slack.WaitForAsync(s => s.Messages is [var first, ..] ? first : null, SlackSession.Wait, "the answer");

        Assert.Contains("NATO", answer.Text, StringComparison.Ordinal);
        Assert.Equal(subtype == "thread_broadcast" ? thread : null, answer.ThreadTs);
    }

    [Fact]
    public async Task AppMention_DeliveredAgainWithTheSameEventId_IsAnsweredOnce()
    {
        await using var session = await SlackSession.StartAsync(connections: 2, settings: NoLimits);
        var callback = FakeSlackPayloads.EventCallback(FakeSlackPayloads.AppMention($"{Mention} what does russia say about nato?"));

        // Slack redelivers an event to another connection under a new envelope.
        await session.Slack.WaitForAckAsync(await session.Slack.SendEnvelopeAsync("events_api", callback, connection: 1), SlackSession.Wait);
        await session.Slack.WaitForAckAsync(await session.Slack.SendEnvelopeAsync("events_api", callback, connection: 2), SlackSession.Wait);

        await session.Bot.App.StopAsync().WaitAsync(SlackSession.Wait);
        Assert.Single(session.Slack.Messages);
    }

    [Fact]
    public async Task OneMessage_AsAppMentionAndAsDirectMessage_IsAnsweredOnce()
    {
        await using var session = await SlackSession.StartAsync(connections: 1, settings: NoLimits);
        var ts = FakeSlackPayloads.NewTs();

        await SendEventAsync(session, FakeSlackPayloads.AppMention($"{Mention} what does russia say about nato?", channelId: "D0MEMBER", ts: ts));
        await SendEventAsync(session, FakeSlackPayloads.DirectMessage($"{Mention} what does russia say about nato?", ts: ts));

        await session.Bot.App.StopAsync().WaitAsync(SlackSession.Wait);
        Assert.Single(session.Slack.Messages);
    }

    [Fact]
    public async Task DirectMessage_IsAnsweredInTheDirectMessage()
    {
        await using var session = await SlackSession.StartAsync(connections: 1, settings: NoLimits);

        await SendEventAsync(session, FakeSlackPayloads.DirectMessage("what does russia say about nato?"));
        var answer = await session.Slack.WaitForAsync(s => s.Messages is [var first, ..] ? first : null, SlackSession.Wait, "the answer");

        Assert.Equal(("D0MEMBER", null, false), (answer.Channel, answer.ThreadTs, answer.Ephemeral));
        Assert.Contains("NATO", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppMention_PastTheAskBurst_ExtraMentionsAreToldToSlowDownPrivately()
    {
        await using var session = await SlackSession.StartAsync(connections: 1, settings: new Dictionary<string, string?>
        {
            ["RateLimits:AskBurst"] = "1",
            ["RateLimits:AsksPerMinute"] = "1",
        });
        var mentions = Enumerable.Range(0, 3).Select(_ => FakeSlackPayloads.AppMention($"{Mention} what does russia say about nato?")).ToList();

        foreach (var mention in mentions)
        {
            await SendEventAsync(session, mention);
        }

        await session.Slack.WaitUntilAsync(s => s.Messages.Count == 3, SlackSession.Wait, "an answer to every mention");
        var (answers, refusals) = (session.Slack.Messages.Where(m => !m.Ephemeral).ToList(), session.Slack.Messages.Where(m => m.Ephemeral).ToList());
        Assert.Single(answers);
        Assert.Equal(2, refusals.Count);
        Assert.All(refusals, r => Assert.Equal(("Slow down", Member, Channel), (r.Title, r.EphemeralUser, r.Channel)));
        Assert.All(refusals, r => Assert.Contains(r.ThreadTs, mentions.Select(Ts)));
    }

    [Fact]
    public async Task CheckShortcut_OnAMessageWithAClaim_AnswersPrivatelyWithAShareButton()
    {
        await using var session = await SlackSession.StartAsync(connections: 1, settings: NoLimits);

        var check = await CheckAsync(session, FakeSlackPayloads.MessageAction("Russia says it will never accept NATO membership for Ukraine"));

        Assert.Equal("ephemeral", check.ResponseType);
        Assert.Equal("What my knowledge says about this message", Title(check));
        Assert.StartsWith("share:", ShareAction(check), StringComparison.Ordinal);
        Assert.Empty(session.Slack.Messages);
    }

    [Fact]
    public async Task CheckShortcut_OnAMessageWithoutText_GetsAFriendlyErrorPrivately()
    {
        await using var session = await SlackSession.StartAsync(connections: 1, settings: NoLimits);

        var check = await CheckAsync(session, FakeSlackPayloads.MessageAction(""));

        Assert.Equal("ephemeral", check.ResponseType);
        Assert.Equal("Nothing to check", Title(check));
        Assert.Empty(session.Slack.Messages);
    }

    [Fact]
    public async Task Share_PressedTwice_PostsTheCheckOnceInTheThreadUnderTheCheckedMessage()
    {
        await using var session = await SlackSession.StartAsync(connections: 1, settings: NoLimits);
        var shortcut = FakeSlackPayloads.MessageAction("Russia says it will never accept NATO membership for Ukraine");
        var share = ShareAction(await CheckAsync(session, shortcut));

        var shared = await PressAsync(session, share);
        var again = await PressAsync(session, share);

        var post = Assert.Single(session.Slack.Messages);
        Assert.Equal((Channel, shortcut["message"]!["ts"]!.GetValue<string>(), false), (post.Channel, post.ThreadTs, post.Ephemeral));
        Assert.Equal("What my knowledge says about this message", post.Title);
        Assert.Contains("Shared by u0member", post.Blocks!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(("Shared", true, "ephemeral"), (Title(shared), shared.ReplaceOriginal, shared.ResponseType));
        Assert.Equal("Already shared", Title(again));
    }

    [Fact]
    public async Task Share_OfACheckInAThread_PostsInThatThread()
    {
        await using var session = await SlackSession.StartAsync(connections: 1, settings: NoLimits);
        var thread = FakeSlackPayloads.NewTs();
        var share = ShareAction(await CheckAsync(session, FakeSlackPayloads.MessageAction("Russia says it will never accept NATO membership for Ukraine", threadTs: thread)));

        await PressAsync(session, share);

        Assert.Equal(thread, Assert.Single(session.Slack.Messages).ThreadTs);
    }

    [Fact]
    public async Task Share_InAChannelTalksBotIsNotIn_TellsThePresserAndPostsNothing()
    {
        await using var session = await SlackSession.StartAsync(connections: 1, settings: NoLimits);
        var share = ShareAction(await CheckAsync(session, FakeSlackPayloads.MessageAction("Russia says it will never accept NATO membership for Ukraine")));
        session.Slack.RefuseChannel(Channel);

        var refusal = await PressAsync(session, share);

        Assert.Empty(session.Slack.Messages);
        Assert.Equal(("Not shared", "ephemeral"), (Title(refusal), refusal.ResponseType));
        Assert.Contains("/invite @TalksBot", refusal.Body!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Share_RefusedThenPressedAgainOnceTalksBotIsInvited_PostsTheCheck()
    {
        await using var session = await SlackSession.StartAsync(connections: 1, settings: NoLimits);
        var share = ShareAction(await CheckAsync(session, FakeSlackPayloads.MessageAction("Russia says it will never accept NATO membership for Ukraine")));
        session.Slack.RefuseChannel(Channel);
        await PressAsync(session, share);
        session.Slack.AllowChannel(Channel);

        var shared = await PressAsync(session, share);

        Assert.Equal("Shared", Title(shared));
        Assert.Single(session.Slack.Messages);
    }

    [Fact]
    public async Task CheckedMessage_WithChannelAndEveryone_NothingPostedPingsAnyone()
    {
        await using var session = await SlackSession.StartAsync(connections: 1, settings: NoLimits);
        const string Broadcast = "<!channel> <!everyone> <!here> Russia says it will never accept NATO membership for Ukraine";
        var share = ShareAction(await CheckAsync(session, FakeSlackPayloads.MessageAction(Broadcast)));
        await PressAsync(session, share);
        await SendEventAsync(session, FakeSlackPayloads.AppMention($"{Mention} <!channel> <!everyone> what does russia say about <!here> nato?"));
        await session.Slack.WaitUntilAsync(s => s.Messages.Count == 2, SlackSession.Wait, "the shared check and the mention's answer");

        var sent = session.Slack.RequestsFor("chat.postMessage").Select(r => r.RawBody).Concat(session.Slack.ResponseUrlPosts.Select(p => p.RawBody)).ToList();
        Assert.Equal(4, sent.Count);
        Assert.All(sent, body => Assert.DoesNotContain("<!", body, StringComparison.Ordinal));
        Assert.All(sent, body => Assert.DoesNotContain("link_names", body, StringComparison.Ordinal));
    }

    internal static string Ts(JsonObject message) => message["ts"]!.GetValue<string>();

    private static JsonObject With(JsonObject message, string field, JsonNode value)
    {
        message[field] = value;
        return message;
    }

    private static async Task SendEventAsync(SlackSession session, JsonObject message) =>
        await session.Slack.WaitForAckAsync(await session.Slack.SendEnvelopeAsync("events_api", FakeSlackPayloads.EventCallback(message)), SlackSession.Wait);

    private static Task<ResponseUrlPost> CheckAsync(SlackSession session, JsonObject shortcut) =>
        AnswerThroughResponseUrlAsync(session, shortcut, "the check's private answer");

    private static Task<ResponseUrlPost> PressAsync(SlackSession session, string action) =>
        AnswerThroughResponseUrlAsync(session, FakeSlackPayloads.BlockActions("talksbot-0", action, Member, channelId: Channel), "the presser's answer");

    /// <summary>Sends an interaction, which is acked empty, and returns the answer to its response_url.</summary>
    private static async Task<ResponseUrlPost> AnswerThroughResponseUrlAsync(SlackSession session, JsonObject interaction, string what)
    {
        var ack = await session.Slack.WaitForAckAsync(await session.Slack.SendEnvelopeAsync("interactive", interaction), SlackSession.Wait);
        Assert.Null(ack.Payload);
        var url = interaction["response_url"]!.GetValue<string>();
        return await session.Slack.WaitForAsync(s => s.ResponseUrlPosts.FirstOrDefault(p => p.Url.ToString() == url), SlackSession.Wait, what);
    }

    private static string ShareAction(ResponseUrlPost check) =>
        check.Body!["blocks"]!.AsArray().Where(b => b?["type"]?.GetValue<string>() == "actions")
            .SelectMany(b => b!["elements"]!.AsArray()).Select(e => e!["value"]!.GetValue<string>()).Single(v => v.StartsWith("share:", StringComparison.Ordinal));

    private static string? Title(ResponseUrlPost post) => post.Body?["blocks"]?[0]?["text"]?["text"]?.GetValue<string>();
}
