using System.Diagnostics.Metrics;
using TalksBot.Core.Cards;

namespace TalksBot.Core.Health;

/// <summary>
/// TalksBot's own metrics on the meter "TalksBot" (System.Diagnostics.Metrics; exported on <c>/metrics</c> when the HTTP
/// surface is on). Every tag has few values: command names come from the catalogue, platforms and outcomes are fixed words.
/// </summary>
public static class TalksBotMetrics
{
    public const string MeterName = "TalksBot";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Commands = Meter.CreateCounter<long>(
        "talksbot.commands", "{command}", "Commands handled, by command, platform and outcome (ok, refused: answered with an error card, failed: the handler threw)");

    private static readonly Histogram<double> CommandDuration = Meter.CreateHistogram(
        "talksbot.command.duration", "s", "Time from routing a command to its reply", tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10] });

    private static readonly Counter<long> Reconnects = Meter.CreateCounter<long>(
        "talksbot.gateway.reconnects", "{reconnect}", "Platform connections opened again, by platform and reason (lost, requested)");

    private static readonly Histogram<double> RateLimitWaits = Meter.CreateHistogram(
        "talksbot.rate_limit.wait.duration", "s", "Waits for a platform's rate limit, by platform and reason (bucket: a bucket was empty, 429: the platform refused)", tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60] });

    private static readonly Counter<long> Unanswered = Meter.CreateCounter<long>(
        "talksbot.questions.unanswered", "{question}", "Questions the bot could not answer (stored for moderators), by platform");

    private static readonly Counter<long> AnsweredLexically = Meter.CreateCounter<long>(
        "talksbot.questions.lexical_only", "{question}", "Questions answered from BM25 alone because the sentence encoder was overloaded");

    private static readonly Histogram<double> ChangeLag = Meter.CreateHistogram(
        "talksbot.knowledge.change.lag", "s", "Time from another instance's commit of a knowledge change to this instance applying it (shared store)", tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30] });

    private static readonly Counter<long> Intake = Meter.CreateCounter<long>(
        "talksbot.intake.items", "{item}", "News inbox, by outcome: fetched (items read from feeds), opened (new candidates), merged (another outlet of a known story), dropped (below the relevance threshold), drafted, updated, dismissed (moderators' decisions)");

    private static readonly Counter<long> FeedErrors = Meter.CreateCounter<long>(
        "talksbot.intake.feed_errors", "{error}", "Feed polls that failed (unreachable, refused, too big, malformed), by feed name");

    private static long _outboxDepth = -1;

    // Read at each scrape from the last count taken (the store counts every few seconds, off the scrape).
    private static readonly ObservableGauge<long> OutboxDepth = Meter.CreateObservableGauge(
        "talksbot.outbox.depth",
        () => Interlocked.Read(ref _outboxDepth) is var depth and >= 0 ? [new Measurement<long>(depth)] : Array.Empty<Measurement<long>>(),
        "{announcement}",
        "Fact-change announcements waiting to be posted to subscribed channels (shared store)");

    /// <summary>News inbox items counted by <paramref name="outcome"/> (fetched, opened, merged, dropped, drafted, updated, dismissed).</summary>
    public static void IntakeCounted(string outcome, int count = 1)
    {
        if (count > 0)
        {
            Intake.Add(count, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    /// <summary>A poll of <paramref name="feed"/> failed.</summary>
    public static void FeedFailed(string feed) => FeedErrors.Add(1, new KeyValuePair<string, object?>("feed", feed));

    /// <summary>A change another instance committed was applied here, <paramref name="lag"/> after its commit.</summary>
    public static void KnowledgeChangeArrived(TimeSpan lag) => ChangeLag.Record(Math.Max(0, lag.TotalSeconds));

    /// <summary>How many announcements wait in the outbox, as last counted.</summary>
    public static void OutboxCounted(long depth) => Interlocked.Exchange(ref _outboxDepth, depth);

    /// <summary>A handler returned: "ok", or "refused" when its reply is an error card (an unknown topic, a bad date …).</summary>
    public static void CommandAnswered(string command, string platform, Reply reply, TimeSpan elapsed) =>
        Record(command, platform, reply.Cards.Any(c => c.Tone == CardTone.Error) ? "refused" : "ok", elapsed);

    /// <summary>A handler threw; the user got an apology.</summary>
    public static void CommandFailed(string command, string platform, TimeSpan elapsed) => Record(command, platform, "failed", elapsed);

    /// <summary>A platform connection is being opened again: "lost" after a drop or failure, "requested" when the platform asked.</summary>
    public static void GatewayReconnect(string platform, string reason) =>
        Reconnects.Add(1, new("platform", platform), new("reason", reason));

    /// <summary>A request waits for a rate limit: "bucket" (known limit exhausted, waited before sending), "429" (refused, retried after).</summary>
    public static void RateLimitWait(string platform, string reason, TimeSpan wait) =>
        RateLimitWaits.Record(wait.TotalSeconds, new("platform", platform), new("reason", reason));

    /// <summary>The sentence encoder had a long queue: a question was answered from BM25 alone, on time.</summary>
    public static void QuestionAnsweredLexically() => AnsweredLexically.Add(1);

    public static void QuestionUnanswered(string platform) => Unanswered.Add(1, new KeyValuePair<string, object?>("platform", platform));

    private static void Record(string command, string platform, string outcome, TimeSpan elapsed)
    {
        Commands.Add(1, new("command", command), new("platform", platform), new("outcome", outcome));
        CommandDuration.Record(elapsed.TotalSeconds, new("command", command), new("platform", platform));
    }
}
