using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using TalksBot.Core.Cards;
using TalksBot.Core.Commands;

namespace TalksBot.Core.Tests.Commands;

public sealed class AnswerPipelineTests : IDisposable
{
    private static readonly AnswerTiming InTwoSeconds = new(TimeSpan.FromSeconds(2));

    private readonly FakeTimeProvider _time = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ShutdownGrace _grace;

    public AnswerPipelineTests()
    {
        var lifetime = new Mock<IHostApplicationLifetime>();
        lifetime.SetupGet(l => l.ApplicationStopping).Returns(_stopping.Token);
        _grace = new ShutdownGrace(lifetime.Object, Options.Create(new HostOptions { ShutdownTimeout = TimeSpan.FromSeconds(5) }), _time);
    }

    [Fact]
    public async Task Answer_ReadyInTime_IsTheFirstResponse()
    {
        var channel = new RecordingChannel();
        var pipeline = Pipeline(new AnswerWith(Task.FromResult(Card("Fast"))));

        await pipeline.AnswerAsync(About(), channel, InTwoSeconds, CancellationToken.None);

        Assert.Equal(["answer:Fast"], channel.Calls);
    }

    [Fact]
    public async Task Answer_NotReadyByTheDeadline_IsDeferredThenSent()
    {
        var channel = new RecordingChannel();
        var slow = new TaskCompletionSource<Reply>(TaskCreationOptions.RunContinuationsAsynchronously);
        var pipeline = Pipeline(new AnswerWith(slow.Task));

        var answering = pipeline.AnswerAsync(About(), channel, InTwoSeconds with { Privately = true }, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1.9));
        Assert.Empty(channel.Calls);
        _time.Advance(TimeSpan.FromSeconds(0.2));
        await channel.Deferred.Task.WaitAsync(TimeSpan.FromSeconds(5));
        slow.SetResult(Card("Slow"));
        await answering.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(["defer:ephemeral", "late:Slow:ephemeral"], channel.Calls);
    }

    [Fact]
    public async Task Answer_ThePlatformRefusesTheAnswer_ApologisesAsTheFirstResponse()
    {
        var channel = new RecordingChannel { FailedAnswers = 1 };
        var pipeline = Pipeline(new AnswerWith(Task.FromResult(Card("Fine"))));

        await pipeline.AnswerAsync(About(), channel, InTwoSeconds, CancellationToken.None);

        Assert.Equal(["answer:Fine", "answer:Something went wrong:ephemeral"], channel.Calls);
    }

    [Fact]
    public async Task Answer_TheApologyIsRefusedAsAFirstResponseToo_ReplacesTheAnswerInstead()
    {
        var channel = new RecordingChannel { FailedAnswers = 2 };
        var pipeline = Pipeline(new AnswerWith(Task.FromResult(Card("Fine"))));

        await pipeline.AnswerAsync(About(), channel, InTwoSeconds, CancellationToken.None);

        Assert.Equal(["answer:Fine", "answer:Something went wrong:ephemeral", "late:Something went wrong:ephemeral"], channel.Calls);
    }

    [Fact]
    public async Task Answer_InFlightWhenTheHostStops_IsWaitedFor()
    {
        var channel = new RecordingChannel();
        var slow = new TaskCompletionSource<Reply>(TaskCreationOptions.RunContinuationsAsynchronously);
        var pipeline = Pipeline(new AnswerWith(slow.Task));
        var answering = pipeline.AnswerAsync(About(), channel, InTwoSeconds, CancellationToken.None);

        _stopping.Cancel();
        var stopped = _grace.StopAsync(CancellationToken.None);
        Assert.False(stopped.IsCompleted);
        slow.SetResult(Card("Done"));
        await answering.WaitAsync(TimeSpan.FromSeconds(5));
        await stopped.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(["answer:Done"], channel.Calls);
    }

    [Fact]
    public async Task Answer_WithoutACommand_SendsTheGivenReply()
    {
        var channel = new RecordingChannel();

        await Pipeline(new AnswerWith(Task.FromResult(Card("unused")))).AnswerAsync(Reply.Error("/form", "This form is out of date."), "test", channel, InTwoSeconds, CancellationToken.None);

        Assert.Equal(["answer:/form:ephemeral"], channel.Calls);
    }

    public void Dispose()
    {
        _grace.Dispose();
        _stopping.Dispose();
    }

    private AnswerPipeline Pipeline(ICommandHandler about)
    {
        var handlers = CommandCatalog.All.Concat(CommandCatalog.ButtonOnly)
            .Select(c => c.Name == "about" ? about : new AnswerWith(Task.FromResult(Card(c.Name)), c.Name));
        var router = new CommandRouter(handlers, NullLogger<CommandRouter>.Instance);
        return new AnswerPipeline(router, _grace, _time, NullLogger<AnswerPipeline>.Instance);
    }

    private static CommandInvocation About() => new("about", new Dictionary<string, string>(), new CommandCaller("u1", "member", []), "c1", "test");

    private static Reply Card(string title) => Reply.Of(new Card { Title = title });

    private sealed class AnswerWith(Task<Reply> reply, string name = "about") : ICommandHandler
    {
        public string Name => name;

        public Task<Reply> HandleAsync(CommandInvocation invocation, CancellationToken cancellationToken) => reply;
    }

    private sealed class RecordingChannel : IReplyChannel
    {
        private readonly List<string> _calls = [];

        private int _failedAnswers;

        /// <summary>How many answers (first responses) the platform refuses before it takes one.</summary>
        public int FailedAnswers
        {
            get => _failedAnswers;
            init => _failedAnswers = value;
        }

        public TaskCompletionSource Deferred { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyList<string> Calls
        {
            get
            {
                lock (_calls)
                {
                    return [.. _calls];
                }
            }
        }

        public Task AnswerAsync(Reply reply, CancellationToken cancellationToken)
        {
            Record($"answer:{reply.Cards[0].Title}{(reply.Ephemeral ? ":ephemeral" : "")}");
            return Interlocked.Decrement(ref _failedAnswers) >= 0 ? throw new InvalidOperationException("400 Bad Request: embed too long") : Task.CompletedTask;
        }

        public Task DeferAsync(bool ephemeral, CancellationToken cancellationToken)
        {
            Record(ephemeral ? "defer:ephemeral" : "defer");
            Deferred.TrySetResult();
            return Task.CompletedTask;
        }

        public Task AnswerLateAsync(Reply reply, CancellationToken cancellationToken)
        {
            Record($"late:{reply.Cards[0].Title}{(reply.Ephemeral ? ":ephemeral" : "")}");
            return Task.CompletedTask;
        }

        private void Record(string call)
        {
            lock (_calls)
            {
                _calls.Add(call);
            }
        }
    }
}
