using TalksBot.Core.Tests.Queries;
using TalksBot.Core.Cards;
using TalksBot.Core.Commands;

namespace TalksBot.Core.Tests.Conversations;

/// <summary>"Check with TalksBot" on someone's message, and sharing the answer in the thread.</summary>
public sealed class MessageCheckTests : IClassFixture<RealKnowledgeFixture>
{
    private const string CheckedMessage = "1234567890123456789";
    private readonly TestKnowledge _knowledge;

    public MessageCheckTests(RealKnowledgeFixture fixture) => _knowledge = fixture.Knowledge;

    private Task<Reply> CheckAsync(string text, string? message = CheckedMessage)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["text"] = text };
        if (message is not null)
        {
            options["message"] = message;
        }

        return _knowledge.Router.RouteAsync(new CommandInvocation("check", options, new CommandCaller("u1", "Olena", []), "c1", "discord"), CancellationToken.None);
    }

    private Task<Reply> PressAsync(string action, string name = "Taras", string channel = "c1")
    {
        var parsed = _knowledge.Parser.ParseAction(action);
        Assert.Null(parsed.Error);
        return _knowledge.Router.RouteAsync(new CommandInvocation(parsed.Name, parsed.Options, new CommandCaller("u2", name, []), channel, "discord"), CancellationToken.None);
    }

    [Fact]
    public async Task Check_OfAMessageWithAClaim_AnswersPrivatelyWithSourcedFactsAndAShareButton()
    {
        var reply = await CheckAsync("lol. Russia still wants Ukraine to give up all of Donetsk before any ceasefire, that's their demand");

        Assert.True(reply.Ephemeral);
        var card = reply.Cards[0];
        Assert.Equal("What my knowledge says about this message", card.Title);
        var facts = card.Fields.Where(f => f.Name != "Sources").ToList();
        Assert.InRange(facts.Count, 1, 3);
        Assert.StartsWith("Russia · Territory", facts[0].Name, StringComparison.Ordinal);
        Assert.Contains("[1]", card.Fields.Single(f => f.Name == "Sources").Value, StringComparison.Ordinal);
        var share = Assert.Single(reply.Buttons);
        Assert.Equal("Share in channel", share.Label);
        Assert.True(share.Action.Length <= 100, $"Discord custom ids hold 100 characters; the action has {share.Action.Length}.");
    }

    [Fact]
    public async Task Check_OfAMessageQuotingASupersededPosition_PutsTheNewerPositionFirst()
    {
        var reply = await CheckAsync("Putin said the fighting ends once Ukrainian troops leave the land Russia claims, otherwise Russia takes it by force. That's still the offer, right?");

        var card = reply.Cards[0];
        Assert.Contains("older position", card.Description, StringComparison.Ordinal);
        Assert.Contains("Bishkek", card.Description, StringComparison.Ordinal);
        Assert.EndsWith("russia-territory-year-end-demands-restated", card.Fields[0].Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_OfAMessageQuotingTheCurrentPosition_DoesNotCallItOld()
    {
        var reply = await CheckAsync("At his year-end press conference Putin kept all his territorial terms, more than the August offer Trump relayed: all of Donetsk for freezing the other front lines.");

        Assert.DoesNotContain("older position", reply.Cards[0].Description, StringComparison.Ordinal);
        Assert.EndsWith("russia-territory-year-end-demands-restated", reply.Cards[0].Fields[0].Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_OfAMessageTheKnowledgeDoesNotCover_SaysSoWithTheNearestTopicsAndNoShareButton()
    {
        var reply = await CheckAsync("Who won the football last night? The pizza at the stadium was great.");

        Assert.True(reply.Ephemeral);
        Assert.Equal("Nothing in my knowledge speaks to this message", reply.Cards[0].Title);
        Assert.Empty(reply.Buttons);
    }

    [Fact]
    public async Task Share_PressedOnce_PostsTheSameFactsPubliclyUnderTheCheckedMessage_NamingWhoShared()
    {
        var check = await CheckAsync("Russia still wants Ukraine to give up all of Donetsk before any ceasefire.", "share-once-" + Guid.NewGuid().ToString("N")[..8]);

        var shared = await PressAsync(check.Buttons[0].Action);

        Assert.False(shared.Ephemeral);
        Assert.StartsWith("share-once-", shared.PostUnderMessage, StringComparison.Ordinal);
        Assert.StartsWith("Shared by Taras.", shared.Cards[0].Description, StringComparison.Ordinal);
        Assert.Equal(check.Cards[0].Fields.Select(f => f.Value), shared.Cards[0].Fields.Select(f => f.Value));
        Assert.Empty(shared.Buttons);
    }

    [Fact]
    public async Task Share_PressedTwice_PostsOnce()
    {
        var check = await CheckAsync("Russia still wants Ukraine to give up all of Donetsk before any ceasefire.", "share-twice-" + Guid.NewGuid().ToString("N")[..8]);

        var first = await PressAsync(check.Buttons[0].Action);
        var second = await PressAsync(check.Buttons[0].Action, name: "Someone else");

        Assert.NotNull(first.PostUnderMessage);
        Assert.Null(second.PostUnderMessage);
        Assert.True(second.Ephemeral);
        Assert.Equal("Already shared", second.Cards[0].Title);
    }

    [Fact]
    public async Task Share_OfFactsTheKnowledgeNoLongerHolds_PostsNothing()
    {
        var reply = await PressAsync("share:1234:deadbeef,00000000");

        Assert.Null(reply.PostUnderMessage);
        Assert.Equal("Nothing to share", reply.Cards[0].Title);
    }

    [Theory]
    [InlineData("share:")]
    [InlineData("share::abc")]
    [InlineData("share:1:2:3:4")]
    public void ShareAction_Malformed_IsNoLongerSupportedButton(string action)
    {
        Assert.NotNull(_knowledge.Parser.ParseAction(action).Error);
    }
}
