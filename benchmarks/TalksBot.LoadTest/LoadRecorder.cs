using System.Diagnostics;

namespace TalksBot.LoadTest;

/// <summary>How one interaction ended, as the platform (our loopback Discord or Slack) saw it.</summary>
internal enum Outcome : byte
{
    Pending,
    Answered,
    Error,
}

/// <summary>
/// Timestamps of every interaction, indexed by its sequence number: sent, first response (an answer, a deferral or an
/// empty ack), final answer. Lock-free: each slot is written by the sender once and by the first answer once.
/// An interaction whose first response came later than <paramref name="firstResponseDeadline"/> counts as unanswered
/// (the platform gave up on it); with no deadline (messages), every answer counts.
/// </summary>
internal sealed class LoadRecorder(int capacity, int warmUp, TimeSpan? firstResponseDeadline)
{
    /// <summary>Discord and Slack both give up on an interaction not acknowledged within 3 s.</summary>
    public static readonly TimeSpan AnswerDeadline = TimeSpan.FromSeconds(3);

    private readonly long[] _sent = new long[capacity];
    private readonly long[] _acknowledged = new long[capacity];
    private readonly long[] _answered = new long[capacity];
    private readonly Outcome[] _outcome = new Outcome[capacity];
    private readonly bool[] _deferred = new bool[capacity];
    private readonly int[] _status = new int[capacity];
    private long _schedulerLagTicks;
    private long _maxSchedulerLagTicks;
    private int _sentCount;
    private int _errorSamples;
    private int _duplicateAnswers;

    public int Capacity => capacity;

    public int WarmUp => warmUp;

    public int SentCount => Volatile.Read(ref _sentCount);

    /// <summary>Answers to an interaction that already had its answer: the bot answered something twice.</summary>
    public int DuplicateAnswers => Volatile.Read(ref _duplicateAnswers);

    /// <summary>The start of the first measured answer, to see that answers are real.</summary>
    public string? AnswerSample { get; private set; }

    /// <summary>A few error bodies, to say what went wrong.</summary>
    public List<string> ErrorSamples { get; } = [];

    /// <summary>The interaction left the tool (the request is being written, the frame sent).</summary>
    public void Sent(int seq, long intendedTimestamp)
    {
        var now = Stopwatch.GetTimestamp();
        _sent[seq] = now;
        Interlocked.Increment(ref _sentCount);
        var lag = now - intendedTimestamp;
        Interlocked.Add(ref _schedulerLagTicks, lag);
        long max;
        while (lag > (max = Volatile.Read(ref _maxSchedulerLagTicks)) && Interlocked.CompareExchange(ref _maxSchedulerLagTicks, lag, max) != max)
        {
        }
    }

    /// <summary>A deferral or an empty ack: the platform has its first response; the answer follows.</summary>
    public void Deferred(int seq)
    {
        if (!InRange(seq))
        {
            return;
        }

        _deferred[seq] = true;
        Interlocked.CompareExchange(ref _acknowledged[seq], Stopwatch.GetTimestamp(), 0);
    }

    /// <summary>The answer arrived; <paramref name="error"/> when it is an error card, a non-2xx status or a failure.</summary>
    public void Answered(int seq, bool error, int status, ReadOnlySpan<byte> body) => Answered(seq, error, status, body, null);

    /// <summary>A failure without a response (connection refused, time-out): <paramref name="problem"/> says what.</summary>
    public void Failed(int seq, string problem) => Answered(seq, error: true, 0, [], problem);

    private void Answered(int seq, bool error, int status, ReadOnlySpan<byte> body, string? problem)
    {
        if (!InRange(seq))
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        Interlocked.CompareExchange(ref _acknowledged[seq], now, 0);
        if (Interlocked.CompareExchange(ref _answered[seq], now, 0) != 0)
        {
            Interlocked.Increment(ref _duplicateAnswers);
            return;
        }

        _status[seq] = status;
        _outcome[seq] = error ? Outcome.Error : Outcome.Answered;
        if (error && Interlocked.Increment(ref _errorSamples) <= 5)
        {
            lock (ErrorSamples)
            {
                ErrorSamples.Add($"#{seq} status {status}: {problem ?? Text(body)}");
            }
        }
        else if (!error && seq >= warmUp && AnswerSample is null)
        {
            AnswerSample = $"#{seq}: {Text(body)}";
        }
    }

    /// <summary>True when every interaction sent so far has its final answer (or error).</summary>
    public bool AllSettled(int sent)
    {
        for (var i = 0; i < sent; i++)
        {
            if (Volatile.Read(ref _answered[i]) == 0)
            {
                return false;
            }
        }

        return true;
    }

    public RunStats Summarize(int sent)
    {
        var deadline = firstResponseDeadline is { } limit ? (long)(limit.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        var latencies = new List<double>(Math.Max(0, sent - warmUp));
        int answered = 0, errors = 0, unanswered = 0, deferred = 0, warmUpErrors = 0;
        long firstSent = long.MaxValue, lastAnswer = 0;
        var byStatus = new Dictionary<int, int>();
        for (var i = 0; i < sent; i++)
        {
            if (i < warmUp)
            {
                warmUpErrors += _outcome[i] == Outcome.Error || _answered[i] == 0 ? 1 : 0;
                continue;
            }

            firstSent = Math.Min(firstSent, _sent[i]);
            deferred += _deferred[i] ? 1 : 0;
            var acknowledgedInTime = _acknowledged[i] != 0 && _acknowledged[i] - _sent[i] <= deadline;
            if (_answered[i] == 0 || !acknowledgedInTime)
            {
                unanswered++;
                continue;
            }

            lastAnswer = Math.Max(lastAnswer, _answered[i]);
            if (_outcome[i] == Outcome.Error)
            {
                errors++;
                byStatus[_status[i]] = byStatus.GetValueOrDefault(_status[i]) + 1;
                continue;
            }

            answered++;
            latencies.Add((_answered[i] - _sent[i]) * 1000.0 / Stopwatch.Frequency);
        }

        var slowest = Enumerable.Range(warmUp, Math.Max(0, sent - warmUp))
            .Where(i => _outcome[i] == Outcome.Answered)
            .OrderByDescending(i => _answered[i] - _sent[i])
            .Take(5)
            .Select(i => new SlowInteraction(i, Math.Round((_answered[i] - _sent[i]) * 1000.0 / Stopwatch.Frequency, 1), Math.Round((_sent[i] - firstSent) / (double)Stopwatch.Frequency, 2), _deferred[i]))
            .ToList();
        latencies.Sort();
        var measured = Math.Max(0, sent - warmUp);
        var window = lastAnswer > firstSent ? (lastAnswer - firstSent) / (double)Stopwatch.Frequency : 0;
        return new RunStats(
            Sent: measured,
            Answered: answered,
            Errors: errors,
            Unanswered: unanswered,
            Deferred: deferred,
            WarmUpSent: Math.Min(sent, warmUp),
            WarmUpProblems: warmUpErrors,
            AnsweredPerSecond: window > 0 ? answered / window : 0,
            P50Ms: Percentile(latencies, 0.50),
            P95Ms: Percentile(latencies, 0.95),
            P99Ms: Percentile(latencies, 0.99),
            MaxMs: latencies.Count > 0 ? latencies[^1] : 0,
            MeanSchedulerLagMs: sent > 0 ? Volatile.Read(ref _schedulerLagTicks) * 1000.0 / Stopwatch.Frequency / sent : 0,
            MaxSchedulerLagMs: Volatile.Read(ref _maxSchedulerLagTicks) * 1000.0 / Stopwatch.Frequency,
            ErrorStatuses: byStatus.OrderBy(p => p.Key).ToDictionary(p => p.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), p => p.Value),
            Slowest: slowest,
            Seconds: PerSecond(sent, firstSent));
    }

    /// <summary>Per second of sending: how many were sent, and the p99 and max latency of their answers (ms).</summary>
    private List<SecondStats> PerSecond(int sent, long firstSent)
    {
        var seconds = new List<SecondStats>();
        var bucket = new List<double>();
        var current = 0;
        var count = 0;
        for (var i = warmUp; i <= sent; i++)
        {
            var second = i < sent ? (int)((_sent[i] - firstSent) / Stopwatch.Frequency) : int.MaxValue;
            if (second != current || i == sent)
            {
                bucket.Sort();
                seconds.Add(new SecondStats(current, count, Math.Round(Percentile(bucket, 0.99), 1), bucket.Count > 0 ? Math.Round(bucket[^1], 1) : 0));
                bucket.Clear();
                count = 0;
                current = second;
            }

            if (i < sent)
            {
                count++;
                if (_answered[i] != 0)
                {
                    bucket.Add((_answered[i] - _sent[i]) * 1000.0 / Stopwatch.Frequency);
                }
            }
        }

        return seconds;
    }

    private static string Text(ReadOnlySpan<byte> body) =>
        System.Text.Encoding.UTF8.GetString(body[..Math.Min(body.Length, 300)]) + (body.Length > 300 ? "…" : "");

    private bool InRange(int seq) => seq >= 0 && seq < capacity;

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}

/// <summary>The measured part of a run (warm-up excluded). Latencies in ms, of answered interactions.</summary>
internal sealed record RunStats(
    int Sent,
    int Answered,
    int Errors,
    int Unanswered,
    int Deferred,
    int WarmUpSent,
    int WarmUpProblems,
    double AnsweredPerSecond,
    double P50Ms,
    double P95Ms,
    double P99Ms,
    double MaxMs,
    double MeanSchedulerLagMs,
    double MaxSchedulerLagMs,
    Dictionary<string, int> ErrorStatuses,
    IReadOnlyList<SlowInteraction> Slowest,
    IReadOnlyList<SecondStats> Seconds);

/// <summary>One of the slowest answers: which interaction, how long, when it was sent (s after the measured start).</summary>
internal sealed record SlowInteraction(int Seq, double Ms, double SentAtSecond, bool Deferred)
{
    public string? What { get; init; }
}

/// <summary>One second of the measured run (by send time).</summary>
internal sealed record SecondStats(int Second, int Sent, double P99Ms, double MaxMs);
