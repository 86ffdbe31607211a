using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using TalksBot.Core.Cards;
using TalksBot.Core.Commands;
using TalksBot.Core.Health;

namespace TalksBot.Core.Tests.Health;

/// <summary>What /metrics is built from: the measurements the router and /ask record on the "TalksBot" meter.</summary>
public sealed class TalksBotMetricsTests : IClassFixture<Queries.RealKnowledgeFixture>, IDisposable
{
    // The meter is process-wide and tests run in parallel: only measurements from this test's own platform count.
    private readonly string _platform = "metrics-test-" + Guid.NewGuid().ToString("N");
    private readonly TestKnowledge _knowledge;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags)> _measurements = new();

    public TalksBotMetricsTests(Queries.RealKnowledgeFixture fixture)
    {
        _knowledge = fixture.Knowledge;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == TalksBotMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    [Fact]
    public async Task Route_AnsweredAndRefusedCommands_AreCountedByCommandPlatformAndOutcome()
    {
        await RouteAsync(_knowledge.Router, "/about");
        await RouteAsync(_knowledge.Router, "/about");
        await RouteAsync(_knowledge.Router, "/positions topic:atlantis");

        Assert.Equal(2, Count("talksbot.commands", ("command", "about"), ("outcome", "ok")));
        Assert.Equal(1, Count("talksbot.commands", ("command", "positions"), ("outcome", "refused")));
        Assert.Equal(3, _measurements.Count(m => m.Instrument == "talksbot.command.duration"));
    }

    [Fact]
    public async Task Route_HandlerThrows_IsCountedAsFailed()
    {
        var handlers = _knowledge.Handlers.Where(h => h.Name != "about").Append(new ThrowingAboutHandler());
        var router = new CommandRouter(handlers, NullLogger<CommandRouter>.Instance);

        var reply = await RouteAsync(router, "/about");

        Assert.Equal("Something went wrong", reply.Cards[0].Title);
        Assert.Equal(1, Count("talksbot.commands", ("command", "about"), ("outcome", "failed")));
        Assert.Equal(0, Count("talksbot.commands", ("command", "about"), ("outcome", "ok")));
    }

    [Fact]
    public async Task Ask_OnlyUnansweredQuestions_AreCounted()
    {
        await RouteAsync(_knowledge.Router, "/ask What is the best pancake recipe?");
        await RouteAsync(_knowledge.Router, "/ask Who is Kushner?");

        Assert.Equal(1, Count("talksbot.questions.unanswered"));
        Assert.Equal(2, Count("talksbot.commands", ("command", "ask"), ("outcome", "ok")));
    }

    public void Dispose() => _listener.Dispose();

    private Task<Reply> RouteAsync(CommandRouter router, string line)
    {
        var parsed = _knowledge.Parser.Parse(line);
        return router.RouteAsync(new CommandInvocation(parsed.Name, parsed.Options, new CommandCaller("u1", "tester", []), "c1", _platform), CancellationToken.None);
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(tags.ToArray());
        if (copy.TryGetValue("platform", out var platform) && (string?)platform == _platform)
        {
            _measurements.Enqueue((instrument.Name, value, copy));
        }
    }

    private double Count(string instrument, params (string Key, string Value)[] tags) =>
        _measurements.Where(m => m.Instrument == instrument && tags.All(t => m.Tags.TryGetValue(t.Key, out var v) && (string?)v == t.Value)).Sum(m => m.Value);

    private sealed class ThrowingAboutHandler : ICommandHandler
    {
        public string Name => "about";

        public Task<Reply> HandleAsync(CommandInvocation invocation, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the database went away");
    }
}
