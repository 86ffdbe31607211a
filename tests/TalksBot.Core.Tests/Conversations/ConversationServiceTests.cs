using TalksBot.Core.Tests.Queries;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using TalksBot.Core.Cards;
using TalksBot.Core.Commands;
using TalksBot.Core.Conversations;

namespace TalksBot.Core.Tests.Conversations;

/// <summary>Mentions and direct messages, as Core answers them once an adapter has translated the message.</summary>
public sealed class ConversationServiceTests : IClassFixture<RealKnowledgeFixture>
{
    private static readonly CommandCaller Member = new("u1", "Olena", []);
    private readonly TestKnowledge _knowledge;

    public ConversationServiceTests(RealKnowledgeFixture fixture)
    {
        _knowledge = fixture.Knowledge;
        Conversations = Compose(_knowledge.Router);
    }

    private ConversationService Conversations { get; }

    private ConversationService Compose(CommandRouter router, CommandRateLimiter? limiter = null)
    {
        var lifetime = new Mock<IHostApplicationLifetime>();
        var grace = new ShutdownGrace(lifetime.Object, Options.Create(new HostOptions { ShutdownTimeout = TimeSpan.FromSeconds(5) }), TimeProvider.System);
        var pipeline = new AnswerPipeline(router, grace, TimeProvider.System, NullLogger<AnswerPipeline>.Instance);
        return new ConversationService(pipeline, _knowledge.Queries, new MemoryConversationMemory(TimeProvider.System), limiter);
    }

    private async Task<Reply> SayAsync(string text, string thread, ConversationService? conversations = null, bool direct = false)
    {
        var channel = new RecordingReplyChannel();
        await (conversations ?? Conversations).AnswerAsync(new ConversationMessage("discord", thread, text, Member, "c1", direct), channel, CancellationToken.None);
        return channel.Single;
    }

    private static string NewThread() => "test:" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Mention_WithAQuestion_GetsTheAskAnswer()
    {
        var reply = await SayAsync("What does Russia say about NATO membership for Ukraine?", NewThread());

        Assert.False(reply.Ephemeral);
        Assert.Equal(CardTone.Answer, reply.Cards[0].Tone);
        Assert.Equal("russia", reply.Cards[0].PartyId);
        Assert.StartsWith("Russia · NATO", reply.Cards[0].Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FollowUp_NamingOnlyAParty_AsksTheThreadsPreviousQuestionAboutThatParty()
    {
        var thread = NewThread();
        await SayAsync("What does Russia say about NATO membership for Ukraine?", thread);

        var reply = await SayAsync("and the United States?", thread);

        Assert.Equal("united-states", reply.Cards[0].PartyId);
        Assert.Contains("NATO", reply.Cards[0].Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FollowUp_NamingOnlyATopic_KeepsThePartyOfThePreviousQuestion()
    {
        var thread = NewThread();
        await SayAsync("What does Russia say about NATO membership for Ukraine?", thread);

        var reply = await SayAsync("what about territory?", thread);

        Assert.Equal("Russia · Territory", reply.Cards[0].Title);
    }

    [Fact]
    public async Task FollowUp_InAnotherThread_DoesNotReuseThisThreadsQuestion()
    {
        await SayAsync("What does Russia say about NATO membership for Ukraine?", NewThread());

        var reply = await SayAsync("and the United States?", NewThread());

        Assert.DoesNotContain("NATO", reply.Cards[0].Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mention_WithNothingElse_GetsATwoLineHelp()
    {
        var reply = await SayAsync("   ", NewThread());

        Assert.Equal(CardTone.Info, reply.Cards[0].Tone);
        Assert.Equal(2, reply.Cards[0].Description!.Split('\n').Length);
        Assert.Contains("/ask", reply.Cards[0].Description, StringComparison.Ordinal);
        Assert.Contains("Check with TalksBot", reply.Cards[0].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DirectMessage_WithNothing_GetsHelpWithoutTheMentionExample()
    {
        var reply = await SayAsync("", NewThread(), direct: true);

        Assert.DoesNotContain("@TalksBot", reply.Cards[0].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Message_TypingAModeratorCommand_IsToldCommandsAreSlashCommands()
    {
        var reply = await SayAsync("/fact retract russia-nato reason:wrong", NewThread(), direct: true);

        Assert.Equal("Commands are slash commands", reply.Cards[0].Title);
    }

    [Fact]
    public async Task Mentions_FasterThanTheAskLimit_AreToldToSlowDown()
    {
        using var limiter = new CommandRateLimiter(Options.Create(new RateLimitOptions { AskBurst = 2, AsksPerMinute = 1 }));
        var router = new CommandRouter(_knowledge.Handlers, NullLogger<CommandRouter>.Instance, limiter);
        var conversations = Compose(router);

        var replies = new List<Reply>();
        for (var i = 0; i < 4; i++)
        {
            replies.Add(await SayAsync("What does Russia say about NATO?", NewThread(), conversations));
        }

        Assert.Equal(2, replies.Count(r => r.Cards[0].Tone == CardTone.Answer));
        Assert.Equal(2, replies.Count(r => r.Cards[0].Title == "Slow down"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/ask why")]
    public async Task Messages_WithoutAQuestion_FasterThanTheAskLimit_AreToldToSlowDownToo(string text)
    {
        using var limiter = new CommandRateLimiter(Options.Create(new RateLimitOptions { AskBurst = 2, AsksPerMinute = 1 }));
        var router = new CommandRouter(_knowledge.Handlers, NullLogger<CommandRouter>.Instance, limiter);
        var conversations = Compose(router, limiter);

        var replies = new List<Reply>();
        for (var i = 0; i < 5; i++)
        {
            replies.Add(await SayAsync(text, NewThread(), conversations, direct: true));
        }

        replies.Add(await SayAsync("What does Russia say about NATO?", NewThread(), conversations, direct: true));

        Assert.Equal(2, replies.Count(r => r.Cards[0].Tone == CardTone.Info));
        Assert.Equal(4, replies.Count(r => r.Cards[0].Title == "Slow down"));
    }
}
