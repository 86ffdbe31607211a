namespace TalksBot.Platform.WebSockets;

/// <summary>Exponential backoff with jitter for reconnects.</summary>
public sealed record ReconnectBackoffOptions
{
    /// <summary>The first delay after a failure (before jitter).</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>No delay is longer than this, jitter included.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A connection that lived at least this long resets the backoff: the next failure waits <see cref="InitialDelay"/> again.</summary>
    public TimeSpan StableConnection { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// Delays for consecutive failures: <c>InitialDelay × 2^(n−1)</c>, times a jitter factor in [0.5, 1.5), capped at
/// <c>MaxDelay</c>; reset by a connection that lived <c>StableConnection</c>. Not thread-safe: one per reconnect loop.
/// </summary>
public sealed class ReconnectBackoff
{
    private readonly ReconnectBackoffOptions _options;
    private readonly Func<double> _random;
    private int _failures;

    public ReconnectBackoff(ReconnectBackoffOptions options)
        : this(options, Random.Shared.NextDouble)
    {
    }

    /// <param name="options">The delays.</param>
    /// <param name="random">Numbers in [0, 1) for the jitter (tests pass a fixed one).</param>
    public ReconnectBackoff(ReconnectBackoffOptions options, Func<double> random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        _options = options;
        _random = random;
    }

    /// <summary>Failures since the last reset.</summary>
    public int Failures => _failures;

    /// <summary>The delay before the next attempt, after a connection (or attempt) that lasted <paramref name="lived"/>.</summary>
    public TimeSpan NextDelay(TimeSpan lived)
    {
        if (lived >= _options.StableConnection)
        {
            _failures = 0;
        }

        _failures = Math.Min(_failures + 1, 31);
        var exponential = _options.InitialDelay * Math.Pow(2, Math.Min(_failures - 1, 20));
        var jittered = exponential * (0.5 + _random());
        return jittered > _options.MaxDelay ? _options.MaxDelay : jittered;
    }

    /// <summary>Forgets the failures (after a connection that proved stable).</summary>
    public void Reset() => _failures = 0;
}
