using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.CircuitBreaker;
using Polly.Telemetry;
using Polly.Timeout;

namespace TalksBot.Platform.Http;

/// <summary>
/// The one way both platforms register their HttpClient: a named client (<see cref="IHttpClientFactory"/>; the
/// resilience pipeline and its circuit are then one per platform, whoever creates the client), no request logging (URLs
/// carry interaction tokens and response_url credentials), and transport resilience from
/// Microsoft.Extensions.Http.Resilience: total and per-attempt time-outs, retries with exponential backoff and jitter of
/// transient failures (connection errors, attempt time-outs, 408, 5xx) for repeatable requests only, and a circuit
/// breaker. A 429 is never retried nor counted as a failure here: the platforms' own rate-limit protocols (Discord's
/// buckets and Retry-After, Slack's tiers) stay in the adapters.
/// </summary>
public static class PlatformHttpClients
{
    /// <summary>Set on a non-idempotent request (POST, PATCH) that is nevertheless safe to send again: <c>request.Options.Set(PlatformHttpClients.Repeatable, true)</c>.</summary>
    public static readonly HttpRequestOptionsKey<bool> Repeatable = new("TalksBot.Platform.Repeatable");

    /// <summary>Marks <paramref name="request"/> as safe to send again after a transient failure (see <see cref="Repeatable"/>).</summary>
    public static HttpRequestMessage MarkRepeatable(this HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Set(Repeatable, true);
        return request;
    }

    /// <summary>
    /// GET, HEAD, OPTIONS, TRACE, PUT and DELETE are idempotent (RFC 9110) and may be retried; POST, PATCH and anything
    /// else only when marked <see cref="Repeatable"/> (a POST that creates a message must not create it twice).
    /// </summary>
    public static bool IsRepeatable(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var method = request.Method;
        return method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options || method == HttpMethod.Trace
            || method == HttpMethod.Put || method == HttpMethod.Delete
            || (request.Options.TryGetValue(Repeatable, out var repeatable) && repeatable);
    }

    internal static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, PlatformHttpOptions settings)
    {
        pipeline.AddTimeout(settings.TotalTimeout);
        if (settings.MaxRetries > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = settings.MaxRetries,
                Delay = settings.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                // Retry-After belongs to the adapters' rate-limit protocols.
                ShouldRetryAfterHeader = false,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)
                    && (args.Context.GetRequestMessage() ?? args.Outcome.Result?.RequestMessage) is { } request && IsRepeatable(request)),
            });
        }

        pipeline
            .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = settings.CircuitFailureRatio,
                MinimumThroughput = settings.CircuitMinimumThroughput,
                SamplingDuration = settings.CircuitSamplingDuration,
                BreakDuration = settings.CircuitBreakDuration,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
            })
            .AddTimeout(settings.AttemptTimeout);
    }

    /// <summary>
    /// How loud the resilience library's events are: a failed attempt and its retry are routine on the internet and the
    /// adapters log what they give up on, so they go to Debug (with their stack trace) instead of a Warning per attempt;
    /// an opened circuit and the like keep the library's own severity.
    /// </summary>
    internal static ResilienceEventSeverity Severity(SeverityProviderArguments args) => args.Event.EventName switch
    {
        "OnRetry" or "ExecutionAttempt" => ResilienceEventSeverity.Debug,
        _ => args.Event.Severity,
    };

    /// <summary>Connection failures, attempt time-outs, 408 and 5xx; never 429 (the platform's rate limit, not a fault).</summary>
    internal static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Result: { } response } => response.StatusCode != HttpStatusCode.TooManyRequests
            && (response.StatusCode == HttpStatusCode.RequestTimeout || (int)response.StatusCode >= 500),
        { Exception: { } exception } => exception is HttpRequestException or TimeoutRejectedException,
        _ => false,
    };

    /// <summary>Outside the pipeline: what it gives up with becomes an <see cref="HttpRequestException"/>, like any transport failure.</summary>
    internal sealed class TransportFailureHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            try
            {
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (BrokenCircuitException exception)
            {
                throw new HttpRequestException("The platform failed repeatedly; requests are paused for a while (circuit open).", exception);
            }
            catch (TimeoutRejectedException exception) when (!cancellationToken.IsCancellationRequested)
            {
                throw new HttpRequestException("The request timed out.", exception, HttpStatusCode.RequestTimeout);
            }
        }
    }
}
