using System.Text.Json.Nodes;
using TalksBot.Discord.Tests.Fakes;

namespace TalksBot.Discord.Tests.Conversations;

/// <summary>"Check with TalksBot" on a message (a message command) over the gateway, and sharing its answer under the message.</summary>
public sealed class CheckMessageSessionTests
{
    internal const string Claim = "Russia demands that Ukraine withdraw from all of Donetsk and Luhansk before any ceasefire.";

    private static readonly FakeInteractionContext Bob = new() { UserId = "1300000000000000077", Username = "bob", GlobalName = "Bob" };

    [Fact]
    public async Task CheckMessage_WithAClaim_AnswersPrivatelyWithAShareButton()
    {
        await using var session = await MentionSessionTests.ReadySessionAsync();
        var target = FakeMessages.Message(Bob, Claim);

        var (_, callback) = await session.AskAsync(FakeMessages.Check(FakeInteractionContext.Member, target));

        Assert.Equal(4, callback.Type);
        Assert.Equal(64, callback.Data!["flags"]!.GetValue<int>());
        Assert.Equal("What my knowledge says about this message", MentionSessionTests.Titles(callback.Data!)[0]);
        Assert.StartsWith($"run:share:{target["id"]!.GetValue<string>()}:", ShareButton(callback.Data!), StringComparison.Ordinal);
        Assert.Empty(session.Discord.ChannelMessages);
    }

    [Fact]
    public async Task CheckMessage_WithoutText_SaysThereIsNothingToCheck()
    {
        await using var session = await MentionSessionTests.ReadySessionAsync();
        var target = FakeMessages.Message(Bob, "");

        var (_, callback) = await session.AskAsync(FakeMessages.Check(FakeInteractionContext.Member, target));

        Assert.Equal((4, 64), (callback.Type, callback.Data!["flags"]!.GetValue<int>()));
        Assert.Equal("Nothing to check", MentionSessionTests.Titles(callback.Data!)[0]);
    }

    [Fact]
    public async Task Share_Pressed_PostsOnceUnderTheCheckedMessageAndTheCardLosesItsButton()
    {
        await using var session = await MentionSessionTests.ReadySessionAsync();
        var target = FakeMessages.Message(Bob, Claim);
        var (_, check) = await session.AskAsync(FakeMessages.Check(FakeInteractionContext.Member, target));
        var button = ShareButton(check.Data!);

        var (_, first) = await session.AskAsync(FakeInteractions.Button(button));
        var (_, second) = await session.AskAsync(FakeInteractions.Button(button));

        var (channelId, posted) = Assert.Single(session.Discord.ChannelMessages);
        Assert.Equal(FakeInteractionContext.Member.ChannelId, channelId);
        Assert.Equal(target["id"]!.GetValue<string>(), posted["message_reference"]!["message_id"]!.GetValue<string>());
        Assert.Equal(0, posted["flags"]!.GetValue<int>());
        Assert.StartsWith("Shared by Alice.", posted["embeds"]![0]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        var request = Assert.Single(session.Discord.Requests, r => r.Method == "POST" && r.RelativePath.EndsWith("/messages", StringComparison.Ordinal));
        Assert.Equal("""{"parse":[],"replied_user":false}""", request.Body!["allowed_mentions"]!.ToJsonString());
        Assert.False(request.Body!["message_reference"]!["fail_if_not_exists"]!.GetValue<bool>());
        Assert.Equal(7, first.Type);
        Assert.Equal("Shared", MentionSessionTests.Titles(first.Data!)[0]);
        Assert.Equal("[]", first.Data!["components"]!.ToJsonString());
        Assert.Equal((4, 64), (second.Type, second.Data!["flags"]!.GetValue<int>()));
        Assert.Equal("Already shared", MentionSessionTests.Titles(second.Data!)[0]);
    }

    [Fact]
    public async Task Share_InAChannelTheBotCannotPostIn_TellsThePresserAloneAndPostsNothing()
    {
        await using var session = await MentionSessionTests.ReadySessionAsync();
        var target = FakeMessages.Message(Bob, Claim);
        var (_, check) = await session.AskAsync(FakeMessages.Check(FakeInteractionContext.Member, target));
        session.Discord.DenyChannel(FakeInteractionContext.Member.ChannelId, 50013);

        var (_, pressed) = await session.AskAsync(FakeInteractions.Button(ShareButton(check.Data!)));

        Assert.Equal((4, 64), (pressed.Type, pressed.Data!["flags"]!.GetValue<int>()));
        Assert.Equal("Not shared", MentionSessionTests.Titles(pressed.Data!)[0]);
        Assert.Empty(session.Discord.ChannelMessages);
    }

    [Fact]
    public async Task CheckAndShare_MessageWithEveryoneAndARoleMention_PingsNobody()
    {
        await using var session = await MentionSessionTests.ReadySessionAsync();
        var target = FakeMessages.Message(Bob, "@everyone <@&1400000000000000009> " + Claim);
        var (_, check) = await session.AskAsync(FakeMessages.Check(FakeInteractionContext.Member, target));

        var (_, pressed) = await session.AskAsync(FakeInteractions.Button(ShareButton(check.Data!)));

        var posted = Assert.Single(session.Discord.Requests, r => r.Method == "POST" && r.RelativePath.EndsWith("/messages", StringComparison.Ordinal)).Body!;
        foreach (var payload in new[] { check.Data!, pressed.Data!, posted })
        {
            Assert.Equal("[]", payload["allowed_mentions"]!["parse"]!.ToJsonString());
            Assert.DoesNotContain("@everyone", payload.ToJsonString(), StringComparison.Ordinal);
            Assert.DoesNotContain("<@&", payload.ToJsonString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task CheckMessage_OfAnotherName_IsNotSupported()
    {
        await using var session = await MentionSessionTests.ReadySessionAsync();

        var (_, callback) = await session.AskAsync(FakeMessages.Check(FakeInteractionContext.Member, FakeMessages.Message(Bob, Claim), name: "Translate"));

        Assert.Equal((4, 64), (callback.Type, callback.Data!["flags"]!.GetValue<int>()));
        Assert.Equal("Not supported", MentionSessionTests.Titles(callback.Data!)[0]);
    }

    /// <summary>The custom id of the "Share in channel" button under a check's answer.</summary>
    internal static string ShareButton(JsonNode answer) =>
        answer["components"]!.AsArray().SelectMany(row => row!["components"]!.AsArray())
            .Select(b => b!["custom_id"]!.GetValue<string>())
            .Single(id => id.StartsWith("run:share:", StringComparison.Ordinal));
}
