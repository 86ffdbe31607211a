namespace TalksBot.Platform.Http;

/// <summary>Time-outs, retries and circuit breaking of a platform's named HttpClient (see <see cref="PlatformHttpClients"/>).</summary>
public sealed record PlatformHttpOptions
{
    /// <summary>One attempt (connect, send, headers) may take this long.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>All attempts of one request together, backoff included.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first attempt (of repeatable requests, for transient failures only).</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>The first retry's delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The share of failed requests in <see cref="CircuitSamplingDuration"/> that opens the circuit.</summary>
    public double CircuitFailureRatio { get; init; } = 0.5;

    /// <summary>Requests needed in the sampling window before the ratio counts.</summary>
    public int CircuitMinimumThroughput { get; init; } = 10;

    public TimeSpan CircuitSamplingDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit refuses requests before one is let through to test the platform.</summary>
    public TimeSpan CircuitBreakDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The most a response may buffer (<c>HttpClient.MaxResponseContentBufferSize</c>).</summary>
    public long MaxResponseBytes { get; init; } = 8 * 1024 * 1024;
}
