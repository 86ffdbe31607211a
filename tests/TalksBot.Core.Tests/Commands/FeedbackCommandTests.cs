using Microsoft.Extensions.Logging.Abstractions;
using TalksBot.Core.Cards;
using TalksBot.Core.Commands;

namespace TalksBot.Core.Tests.Commands;

public sealed class FeedbackCommandTests
{
    private static CommandInvocation Press(TestKnowledge knowledge, string action, string userId = "u1")
    {
        var parsed = knowledge.Parser.ParseAction(action);
        Assert.Null(parsed.Error);
        return new CommandInvocation(parsed.Name, parsed.Options, new CommandCaller(userId, "member", []), "c1", "discord");
    }

    [Fact]
    public async Task FeedbackButton_OnAKnownFact_IsStoredAndThanked()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());

        var reply = await knowledge.Router.RouteAsync(Press(knowledge, ButtonActions.NotHelpful("ua-land")), CancellationToken.None);

        Assert.Equal("Thanks for the feedback", reply.Cards[0].Title);
        Assert.True(reply.Ephemeral);
        var stored = Assert.Single(knowledge.Store.Feedback());
        Assert.Equal(("ua-land", 0, 1), (stored.FactId, stored.Helpful, stored.NotHelpful));
    }

    [Fact]
    public async Task FeedbackButton_ForAFactThatDoesNotExist_IsRefusedAndNotStored()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());

        var reply = await knowledge.Router.RouteAsync(Press(knowledge, ButtonActions.Helpful("no-such-fact-at-all")), CancellationToken.None);

        Assert.Equal(CardTone.Error, reply.Cards[0].Tone);
        Assert.Contains("no fact “no-such-fact-at-all”", reply.Cards[0].Description, StringComparison.Ordinal);
        Assert.Empty(knowledge.Store.Feedback());
    }

    [Fact]
    public async Task FeedbackButton_PressedTwoHundredTimesAtOnce_IsRateLimitedLikeEveryCommand()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());
        using var limiter = new CommandRateLimiter(Microsoft.Extensions.Options.Options.Create(new RateLimitOptions { CommandBurst = 5, CommandsPerMinute = 1 }));
        var router = new CommandRouter(
            knowledge.Handlers,
            NullLogger<CommandRouter>.Instance,
            limiter);
        var facts = new[] { "ua-land", "ru-land" };

        var replies = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            router.RouteAsync(Press(knowledge, i % 2 == 0 ? ButtonActions.Helpful(facts[i % 2]) : ButtonActions.NotHelpful(facts[i % 2])), CancellationToken.None)));

        Assert.Equal(5, replies.Count(r => r.Cards[0].Title == "Thanks for the feedback"));
        Assert.Equal(195, replies.Count(r => r.Cards[0].Title == "Slow down"));
        Assert.Equal(2, knowledge.Store.Feedback().Sum(f => f.Helpful + f.NotHelpful));
    }

    [Fact]
    public void ParseAction_AnUnknownButton_IsAFriendlyError()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());

        Assert.Equal("This button is no longer supported.", knowledge.Parser.ParseAction("vote:42").Error);
    }

    [Fact]
    public async Task Help_DoesNotListButtonOnlyCommands()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());

        var reply = await knowledge.RunAsync("/help");

        var text = string.Join("\n", reply.Cards.SelectMany(c => c.Fields.Select(f => f.Name + f.Value)).Append(reply.Cards[0].Description ?? ""));
        Assert.DoesNotContain("/feedback", text, StringComparison.Ordinal);
        Assert.DoesNotContain("/check", text, StringComparison.Ordinal);
        Assert.DoesNotContain("/share", text, StringComparison.Ordinal);
        Assert.Contains("Check with TalksBot", text, StringComparison.Ordinal);
    }
}
