using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TalksBot.Discord.Conversations;
using TalksBot.Discord.Rest;
using TalksBot.Discord.Tests.Fakes;
using TalksBot.Discord.Tests.Gateway;

namespace TalksBot.Discord.Tests.Conversations;

/// <summary>Messages written to TalksBot over the gateway: a mention in a channel or a DM is answered as a reply to it, once.</summary>
public sealed class MentionSessionTests
{
    private static readonly FakeInteractionContext Bob = new() { UserId = "1300000000000000077", Username = "bob", GlobalName = "Bob" };

    [Fact]
    public async Task Mention_Question_RepliesUnderTheMentionWithTheAskAnswerPingingNobody()
    {
        await using var session = await ReadySessionAsync();
        var mention = FakeMessages.Mention("Who is Kushner?");

        await session.Discord.DispatchMessageAsync(mention);
        var reply = await ReplyToAsync(session, mention);
        var (_, asked) = await session.AskAsync(FakeInteractions.Command("ask", ("question", "Who is Kushner?")));

        Assert.Equal(Titles(asked.Data!), Titles(reply));
        Assert.Equal(mention["id"]!.GetValue<string>(), reply["message_reference"]!["message_id"]!.GetValue<string>());
        Assert.False(reply["message_reference"]!["fail_if_not_exists"]!.GetValue<bool>());
        Assert.Equal("""{"parse":[],"replied_user":false}""", Posted(session, mention)["allowed_mentions"]!.ToJsonString());
        Assert.Equal(19, reply["type"]!.GetValue<int>());
    }

    [Fact]
    public async Task Identify_AsksForGuildAndMessageEventsButNoPrivilegedIntent()
    {
        await using var session = await ReadySessionAsync();

        var identify = Assert.Single(session.Discord.Shards);
        Assert.Equal((1L << 0) | (1L << 9) | (1L << 12), identify.Intents);
    }

    [Fact]
    public async Task Mention_FollowUpNamingOnlyAParty_AnswersThePreviousQuestionAboutThatParty()
    {
        // In a channel, another member continues the conversation by replying to TalksBot's answer.
        await using var session = await ReadySessionAsync();
        var question = FakeMessages.Mention("What does Russia demand on territory?");
        await session.Discord.DispatchMessageAsync(question);
        var answer = await ReplyToAsync(session, question);

        var followUp = FakeMessages.ReplyMention(Bob, answer, "and Ukraine?");
        await session.Discord.DispatchMessageAsync(followUp);
        var reply = await ReplyToAsync(session, followUp);

        Assert.Equal(await AskedTitlesAsync(session, "What does Ukraine demand on territory?"), Titles(reply));
        Assert.Contains("Ukraine", Titles(reply)[0], StringComparison.Ordinal);

        // And a reply to that answer goes on with the same conversation.
        var again = FakeMessages.ReplyMention(FakeInteractionContext.Member, reply, "and Russia?");
        await session.Discord.DispatchMessageAsync(again);
        Assert.Equal(await AskedTitlesAsync(session, "What does Russia demand on territory?"), Titles(await ReplyToAsync(session, again)));
    }

    [Fact]
    public async Task Mention_FollowUpByTheSameMemberInTheChannel_AnswersTheirPreviousQuestionAboutThatParty()
    {
        await using var session = await ReadySessionAsync();
        var question = FakeMessages.Mention("What does Russia demand on territory?");
        await session.Discord.DispatchMessageAsync(question);
        await ReplyToAsync(session, question);

        var followUp = FakeMessages.Mention("and Ukraine?");
        await session.Discord.DispatchMessageAsync(followUp);

        Assert.Equal(await AskedTitlesAsync(session, "What does Ukraine demand on territory?"), Titles(await ReplyToAsync(session, followUp)));
    }

    [Fact]
    public async Task Mention_InAChannelByAnotherMemberNotReplying_IsNotAFollowUpOfSomeoneElsesQuestion()
    {
        // Before: the channel was one conversation, so Bob's "and Ukraine?" was read as a follow-up of a stranger's question.
        await using var session = await ReadySessionAsync();
        var question = FakeMessages.Mention("What does Russia say about NATO?");
        await session.Discord.DispatchMessageAsync(question);
        await ReplyToAsync(session, question);

        var unrelated = FakeMessages.Mention(Bob, "and Ukraine?");
        await session.Discord.DispatchMessageAsync(unrelated);
        var reply = Titles(await ReplyToAsync(session, unrelated));

        var standalone = await AskedTitlesAsync(session, "and Ukraine?");
        Assert.NotEqual(await AskedTitlesAsync(session, "What does Ukraine say about NATO?"), standalone);
        Assert.Equal(standalone, reply);
    }

    [Fact]
    public async Task Mention_InAThreadByAnotherMember_AnswersTheThreadsPreviousQuestionAboutThatParty()
    {
        await using var session = await ReadySessionAsync();
        // The question opens a forum thread: Discord gives the first messages there no position (discord-api-docs#7788).
        var question = FakeMessages.Mention(FakeInteractionContext.Member, "What does Russia say about NATO?");
        await session.Discord.DispatchMessageAsync(question);
        await ReplyToAsync(session, question);

        var followUp = FakeMessages.ThreadMention(Bob, "and Ukraine?", position: 2);
        await session.Discord.DispatchMessageAsync(followUp);

        Assert.Equal(await AskedTitlesAsync(session, "What does Ukraine say about NATO?"), Titles(await ReplyToAsync(session, followUp)));
    }

    [Fact]
    public async Task Mention_WithNothingElse_RepliesWithTheHelp()
    {
        await using var session = await ReadySessionAsync();
        var mention = FakeMessages.Mention("");

        await session.Discord.DispatchMessageAsync(mention);
        var reply = await ReplyToAsync(session, mention);

        Assert.Equal("Ask me about the talks to end Russia's war in Ukraine", Titles(reply)[0]);
        Assert.Contains("Mention me with a question", reply["embeds"]![0]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DirectMessage_Question_IsAnsweredInTheDm()
    {
        await using var session = await ReadySessionAsync();
        var dm = FakeMessages.Message(FakeInteractionContext.Dm, "Who is Kushner?");

        await session.Discord.DispatchMessageAsync(dm);
        var reply = await ReplyToAsync(session, dm);

        Assert.Equal(FakeInteractionContext.Dm.ChannelId, reply["channel_id"]!.GetValue<string>());
        Assert.NotEqual("Ask me about the talks to end Russia's war in Ukraine", Titles(reply)[0]);
        Assert.DoesNotContain(reply["embeds"]!.AsArray(), e => e!["color"]!.GetValue<int>() == 0xD93025);
    }

    public static TheoryData<string> NotForTheBot =>
    [
        "the bot's own message", "another bot's message", "a webhook's message", "a system message", "a message without a mention",
        "a role mention and @everyone",
    ];

    [Theory]
    [MemberData(nameof(NotForTheBot))]
    public async Task Message_NotWrittenToTheBot_GetsNoReply(string kind)
    {
        await using var session = await ReadySessionAsync();
        var message = kind switch
        {
            "the bot's own message" => Authored(FakeMessages.Mention("Who is Kushner?"), FakeMessages.BotUserId, bot: true),
            "another bot's message" => Authored(FakeMessages.Mention("Who is Kushner?"), "1500000000000000001", bot: true),
            "a webhook's message" => WithField(Authored(FakeMessages.Mention("Who is Kushner?"), "1500000000000000002", bot: false), "webhook_id", "1500000000000000002"),
            "a system message" => WithField(FakeMessages.Mention("Who is Kushner?"), "type", 7),
            "a message without a mention" => FakeMessages.Message(FakeInteractionContext.Member, "Who is Kushner?"),
            _ => FakeMessages.Message(FakeInteractionContext.Member, "@everyone <@&1400000000000000009> Who is Kushner?"),
        };

        await session.Discord.DispatchMessageAsync(message);
        var control = FakeMessages.Mention(Bob, "Who is Kushner?");
        await session.Discord.DispatchMessageAsync(control);
        await ReplyToAsync(session, control);

        var posted = Assert.Single(session.Discord.ChannelMessages);
        Assert.Equal(control["id"]!.GetValue<string>(), posted.Message["message_reference"]!["message_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task MessageCreate_DispatchedTwice_IsAnsweredOnce()
    {
        await using var session = await ReadySessionAsync();
        var mention = FakeMessages.Mention("Who is Kushner?");

        await session.Discord.DispatchMessageAsync(mention);
        await session.Discord.DispatchMessageAsync(mention);
        var control = FakeMessages.Mention(Bob, "What is the latest on the ceasefire?");
        await session.Discord.DispatchMessageAsync(control);
        await ReplyToAsync(session, control);
        await ReplyToAsync(session, mention);

        Assert.Equal(2, session.Discord.ChannelMessages.Count);
        Assert.Single(session.Discord.ChannelMessages, m => m.Message["message_reference"]!["message_id"]!.GetValue<string>() == mention["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Mentions_MoreThanTheAskBurst_TheExtraAreToldToSlowDown()
    {
        await using var session = await ReadySessionAsync();
        var mentions = Enumerable.Range(0, 6).Select(i => FakeMessages.Mention($"Who is Kushner? ({i})")).ToList();

        foreach (var mention in mentions)
        {
            await session.Discord.DispatchMessageAsync(mention);
        }

        var replies = new List<JsonObject>();
        foreach (var mention in mentions)
        {
            replies.Add(await ReplyToAsync(session, mention));
        }

        Assert.InRange(replies.Count(r => Titles(r)[0] == "Slow down"), 1, 2);
        Assert.InRange(replies.Count(r => Titles(r)[0] != "Slow down"), 4, 5);
        Assert.DoesNotContain(replies, r => r.ContainsKey("flags") && (r["flags"]!.GetValue<int>() & 64) != 0);
    }

    [Fact]
    public async Task DeferAsync_ShowsTypingAndAChannelThatRefusesItIsNoFailure()
    {
        await using var session = await ReadySessionAsync();
        var rest = session.Bot.Services.GetRequiredService<DiscordRestClient>();
        var logger = session.Bot.Services.GetRequiredService<ILogger<DiscordSession>>();
        var mention = FakeMessages.Mention("Who is Kushner?");
        var refused = FakeMessages.Mention(new FakeInteractionContext { ChannelId = "1200000000000000099" }, "Who is Kushner?");
        session.Discord.DenyChannel("1200000000000000099", 50013);

        var unwritable = new UnwritableChannels(TimeProvider.System);
        await new MessageReplyChannel(AddressedMessagesTests.Message(mention), rest, unwritable, logger).DeferAsync(ephemeral: false, CancellationToken.None);
        await new MessageReplyChannel(AddressedMessagesTests.Message(refused), rest, unwritable, logger).DeferAsync(ephemeral: false, CancellationToken.None);

        Assert.Equal([204, 403], session.Discord.Requests.Where(r => r.RelativePath.EndsWith("/typing", StringComparison.Ordinal)).Select(r => r.Status));
    }

    [Fact]
    public async Task Mentions_InAChannelTheBotCannotPostIn_AreTriedOnceAndNotApologisedForThere()
    {
        await using var session = await ReadySessionAsync();
        var processor = session.Bot.Services.GetRequiredService<MessageProcessor>();
        var muted = new FakeInteractionContext { ChannelId = "1200000000000000099" };
        session.Discord.DenyChannel(muted.ChannelId, 50013);

        // Every refused request counts towards Discord's 10,000 per 10 minutes before it bans the bot's address.
        for (var i = 0; i < 6; i++)
        {
            await processor.ProcessAsync(AddressedMessagesTests.Message(FakeMessages.Mention(muted, $"Who is Kushner? ({i})")), FakeMessages.BotUserId, CancellationToken.None);
        }

        var control = FakeMessages.Mention(Bob, "Who is Kushner?");
        await processor.ProcessAsync(AddressedMessagesTests.Message(control), FakeMessages.BotUserId, CancellationToken.None);

        Assert.Equal([403], session.Discord.Requests.Where(r => r.RelativePath.Contains(muted.ChannelId, StringComparison.Ordinal)).Select(r => r.Status));
        Assert.Equal(control["id"]!.GetValue<string>(), Assert.Single(session.Discord.ChannelMessages).Message["message_reference"]!["message_id"]!.GetValue<string>());
    }

    public static TheoryData<string> Malformed =>
    [
        "without an author", "with the author as a string", "with a numeric id", "with the type as a string", "with mentions as an object",
        "with a channel id that is no snowflake",
    ];

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task MessageCreate_Malformed_IsDroppedAndMentionsAreStillAnswered(string malformed)
    {
        await using var session = await ReadySessionAsync();
        var message = FakeMessages.Mention("Who is Kushner?");
        switch (malformed)
        {
            case "without an author":
                message.Remove("author");
                break;
            case "with the author as a string":
                message["author"] = "alice";
                break;
            case "with a numeric id":
                message["id"] = 1234;
                break;
            case "with the type as a string":
                message["type"] = "0";
                break;
            case "with mentions as an object":
                message["mentions"] = new JsonObject();
                break;
            default:
                message["channel_id"] = "general";
                break;
        }

        await session.Discord.DispatchMessageAsync(message);
        await session.Discord.WaitUntilAsync(d => d.ResumeCount >= 1, DiscordSession.Wait, "a RESUME after the malformed MESSAGE_CREATE");
        await session.Discord.WaitForReadyAsync(DiscordSession.Wait);
        var control = FakeMessages.Mention(Bob, "Who is Kushner?");
        await session.Discord.DispatchMessageAsync(control);
        await ReplyToAsync(session, control);

        Assert.Single(session.Discord.ChannelMessages);
        Assert.Equal(1, session.Discord.IdentifyCount);
    }

    internal static async Task<DiscordSession> ReadySessionAsync()
    {
        var session = await DiscordSession.StartAsync();
        await session.Discord.WaitForReadyAsync(DiscordSession.Wait);
        return session;
    }

    /// <summary>The bot's post replying to <paramref name="message"/>, as Discord stored it.</summary>
    internal static Task<JsonObject> ReplyToAsync(DiscordSession session, JsonObject message) =>
        session.Discord.WaitForChannelMessageAsync(
            message["channel_id"]!.GetValue<string>(),
            m => m["message_reference"]?["message_id"]?.GetValue<string>() == message["id"]!.GetValue<string>(),
            DiscordSession.Wait);

    /// <summary>The JSON the bot sent for its reply to <paramref name="message"/>.</summary>
    internal static JsonObject Posted(DiscordSession session, JsonObject message) =>
        session.Discord.Requests.Single(r => r.Method == "POST" && r.RelativePath.EndsWith("/messages", StringComparison.Ordinal) &&
            r.Body?["message_reference"]?["message_id"]?.GetValue<string>() == message["id"]!.GetValue<string>()).Body!.AsObject();

    /// <summary>The titles /ask gives <paramref name="question"/> on this session.</summary>
    private static async Task<List<string>> AskedTitlesAsync(DiscordSession session, string question)
    {
        var (_, asked) = await session.AskAsync(FakeInteractions.Command("ask", ("question", question)));
        return Titles(asked.Data!);
    }

    internal static List<string> Titles(JsonNode message) => [.. message["embeds"]!.AsArray().Select(e => e!["title"]!.GetValue<string>())];

    private static JsonObject Authored(JsonObject message, string userId, bool bot)
    {
        message["author"] = new JsonObject { ["id"] = userId, ["username"] = bot ? "OtherBot" : "Hook", ["discriminator"] = "0", ["avatar"] = null, ["bot"] = bot };
        return message;
    }

    private static JsonObject WithField(JsonObject message, string name, JsonNode value)
    {
        message[name] = value;
        return message;
    }
}
