using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using TalksBot.Core.Cards;
using TalksBot.Core.Commands;

namespace TalksBot.Core.Tests.Commands;

public sealed class CommandRouterTests : IClassFixture<Queries.RealKnowledgeFixture>
{
    private readonly TestKnowledge _knowledge;

    public CommandRouterTests(Queries.RealKnowledgeFixture fixture) => _knowledge = fixture.Knowledge;

    [Fact]
    public async Task Route_UnknownCommand_SuggestsTheNearest()
    {
        var reply = await _knowledge.RunAsync("/postions territory");

        var card = Assert.Single(reply.Cards);
        Assert.Equal(CardTone.Error, card.Tone);
        Assert.True(reply.Ephemeral);
        Assert.Contains("Did you mean /positions?", card.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Route_MissingRequiredOption_ShowsUsage()
    {
        var reply = await _knowledge.RunAsync("/positions");

        Assert.Contains("topic is missing", reply.Cards[0].Title, StringComparison.Ordinal);
        Assert.Contains("Usage: /positions topic:<topic> [party:<party>]", reply.Cards[0].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Route_OverlongQuestion_IsRefusedPolitely()
    {
        var reply = await _knowledge.RunAsync("/ask " + string.Concat(Enumerable.Repeat("why ", 200)));

        Assert.Equal(CardTone.Error, reply.Cards[0].Tone);
        Assert.Contains("the limit is 500", reply.Cards[0].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Route_UnknownOptionName_ListsTheRealOnes()
    {
        var invocation = new CommandInvocation("positions", new Dictionary<string, string> { ["topic"] = "nato", ["colour"] = "red" }, new CommandCaller("u", "u", []), "c", "test");

        var reply = await _knowledge.Router.RouteAsync(invocation, CancellationToken.None);

        Assert.Contains("has no option 'colour'; its options are topic, party", reply.Cards[0].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Route_HandlerThrows_AnswersWithAFriendlyErrorInsteadOfCrashing()
    {
        var failing = new Mock<ICommandHandler>();
        failing.SetupGet(h => h.Name).Returns("about");
        failing.Setup(h => h.HandleAsync(It.IsAny<CommandInvocation>(), It.IsAny<CancellationToken>())).ThrowsAsync(new InvalidOperationException("disk on fire"));
        var handlers = _knowledge.Handlers.Where(h => h.Name != "about").Append(failing.Object);
        var router = new CommandRouter(handlers, NullLogger<CommandRouter>.Instance);

        var reply = await router.RouteAsync(_knowledge.Invocation("/about"), CancellationToken.None);

        Assert.Equal("Something went wrong", reply.Cards[0].Title);
        Assert.DoesNotContain("disk on fire", reply.Cards[0].Description, StringComparison.Ordinal);
        Assert.True(reply.Ephemeral);
    }

    [Fact]
    public void Constructor_TwoHandlersForOneCommand_FailsAtStart()
    {
        var handlers = _knowledge.Handlers.Append(new Core.Commands.Handlers.HelpHandler());

        var error = Assert.Throws<InvalidOperationException>(() => new CommandRouter(handlers, NullLogger<CommandRouter>.Instance));

        Assert.Contains("Two handlers answer /help", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_CatalogueCommandWithoutHandler_FailsAtStart()
    {
        var handlers = _knowledge.Handlers.Where(h => h.Name != "timeline");

        var error = Assert.Throws<InvalidOperationException>(() => new CommandRouter(handlers, NullLogger<CommandRouter>.Instance));

        Assert.Contains("no handler answers it", error.Message, StringComparison.Ordinal);
    }
}
