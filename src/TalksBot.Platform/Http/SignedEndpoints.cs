using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TalksBot.Core;

namespace TalksBot.Platform.Http;

/// <summary>
/// Webhook endpoints for hostile input, in this order: 503 while the host stops (<see cref="ShutdownGrace.Stopping"/>);
/// 413 at once for a Content-Length over the limit; the body read while streaming (chunked too) and 413 as soon as it
/// passes the limit, without buffering the excess (Kestrel's per-request limit is set as well, so it neither reads nor
/// drains past it); 401 unless the signature over the raw bytes is valid; 400 when the adapter's parser fails; then the
/// adapter's handler.
/// </summary>
public static class SignedEndpoints
{
    /// <summary>
    /// Maps <c>POST <paramref name="pattern"/></c> through the pipeline. <typeparamref name="TVerifier"/> is resolved from
    /// DI on each request (register it as a singleton).
    /// </summary>
    public static IEndpointConventionBuilder MapSignedPost<TVerifier, TRequest>(this IEndpointRouteBuilder endpoints, string pattern, SignedEndpoint<TRequest> endpoint)
        where TVerifier : IRequestSignatureVerifier
        where TRequest : class
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(endpoint.MaxBodyBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(endpoint.MaxBodyBytes, BoundedRead.MaxLimit);
        // One logger for the endpoint, not one lookup per request.
        var logger = endpoints.ServiceProvider.GetService<ILoggerFactory>()?.CreateLogger(typeof(SignedEndpoints)) ?? NullLogger.Instance;
        return endpoints.MapPost(pattern, context => HandleAsync<TVerifier, TRequest>(context, endpoint, logger))
            .WithMetadata(new RequestBodyLimit(endpoint.MaxBodyBytes));
    }

    private static async Task HandleAsync<TVerifier, TRequest>(HttpContext context, SignedEndpoint<TRequest> endpoint, ILogger logger)
        where TVerifier : IRequestSignatureVerifier
        where TRequest : class
    {
        IResult result;
        try
        {
            result = await DecideAsync<TVerifier, TRequest>(context, endpoint, logger).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            // The client went away while sending; there is nobody to answer.
            return;
        }

        await result.ExecuteAsync(context).ConfigureAwait(false);
    }

    private static async Task<IResult> DecideAsync<TVerifier, TRequest>(HttpContext context, SignedEndpoint<TRequest> endpoint, ILogger logger)
        where TVerifier : IRequestSignatureVerifier
        where TRequest : class
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        if (context.RequestServices.GetService<ShutdownGrace>() is { Stopping: true })
        {
            // Shutting down: take no new work (a load balancer's readiness probe has seen /readyz fail).
            return Refuse(logger, path, StatusCodes.Status503ServiceUnavailable, "shutting down");
        }

        var limit = endpoint.MaxBodyBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            // Kestrel then refuses to read past the limit, and closes the connection rather than drain a huge rest.
            size.MaxRequestBodySize = limit;
        }

        if (request.ContentLength > limit)
        {
            return TooLarge(context, logger, path, "declared length over the limit");
        }

        ReadOnlyMemory<byte>? body;
        try
        {
            body = await BoundedRead.ReadAtMostAsync(request.Body, limit, request.ContentLength, context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            body = null;
        }
        catch (BadHttpRequestException exception)
        {
            return Refuse(logger, path, StatusCodes.Status400BadRequest, exception.Message);
        }

        if (body is not { } bytes)
        {
            return TooLarge(context, logger, path, "body over the limit");
        }

        bool valid;
        try
        {
            valid = context.RequestServices.GetRequiredService<TVerifier>().IsValid(request.Headers, bytes.Span);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            Log.RequestCheckThrew(logger, path, exception);
            valid = false;
        }

        if (!valid)
        {
            // A warning, as before: a wrong secret or key shows in the log; the details of the attempt do not.
            Log.RequestRefusedWarning(logger, path, StatusCodes.Status401Unauthorized, "invalid request signature");
            return Results.Text("invalid request signature", statusCode: StatusCodes.Status401Unauthorized);
        }

        TRequest? parsed;
        try
        {
            parsed = endpoint.Parse(new SignedBody(bytes, request));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            Log.RequestCheckThrew(logger, path, exception);
            parsed = null;
        }

        if (parsed is null)
        {
            return Refuse(logger, path, StatusCodes.Status400BadRequest, "malformed body");
        }

        return await endpoint.Handle(parsed, context).ConfigureAwait(false);
    }

    private static IResult TooLarge(HttpContext context, ILogger logger, string path, string why)
    {
        // Do not wait for (or drain) the rest of a body we refuse.
        context.Response.Headers.Connection = "close";
        return Refuse(logger, path, StatusCodes.Status413PayloadTooLarge, why);
    }

    private static IResult Refuse(ILogger logger, string path, int status, string why)
    {
        Log.RequestRefused(logger, path, status, why);
        return Results.Text(why, statusCode: status);
    }

    /// <summary>Endpoint metadata naming the body limit (read by routing, and by anything that inspects endpoints).</summary>
    private sealed record RequestBodyLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
}
