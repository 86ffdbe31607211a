using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TalksBot.Core;
using TalksBot.Discord.Interactions;

namespace TalksBot.Discord.Http;

/// <summary>
/// <c>POST /discord/interactions</c>: Discord's alternative to the gateway, for several instances behind a load balancer.
/// Requests are verified (401 for a missing or bad signature), PING gets PONG, everything else the same handlers.
/// </summary>
public static class DiscordInteractionsEndpoint
{
    public const string Route = "/discord/interactions";
    private const int MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapDiscordInteractions(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Route, (Delegate)HandleAsync);
        return endpoints;
    }

    private static async Task<IResult> HandleAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var grace = services.GetRequiredService<ShutdownGrace>();
        if (grace.Stopping)
        {
            // Shutting down: take no new work (a load balancer's readiness probe has seen /readyz fail).
            return Results.Text("shutting down", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var verifier = services.GetRequiredService<SignatureVerifier>();
        var body = await ReadBodyAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        if (body is null ||
            !verifier.IsValid(context.Request.Headers["X-Signature-Timestamp"], context.Request.Headers["X-Signature-Ed25519"], body))
        {
            Log.BadSignature(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DiscordInteractionsEndpoint)));
            return Results.Text("invalid request signature", statusCode: StatusCodes.Status401Unauthorized);
        }

        JsonObject? interaction;
        try
        {
            interaction = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            interaction = null;
        }

        if (interaction is null)
        {
            return Results.BadRequest();
        }

        // The work outlives this request when it is deferred, so it follows the host's lifetime (and its shutdown grace), not the request's.
        var responder = new HttpInteractionResponder();
        var processing = services.GetRequiredService<InteractionProcessor>().ProcessAsync(interaction, responder, grace.Token);
        var first = await Task.WhenAny(responder.Response, processing).ConfigureAwait(false);
        if (first == processing && !responder.Response.IsCompleted)
        {
            await processing.ConfigureAwait(false);
            return Results.StatusCode(StatusCodes.Status500InternalServerError);
        }

        try
        {
            // Written here rather than by a result, so that an edit of the original waits until Discord has this answer.
            var response = await responder.Response.ConfigureAwait(false);
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/json";
            var bytes = System.Text.Encoding.UTF8.GetBytes(response.ToJsonString());
            context.Response.ContentLength = bytes.Length;
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
            await context.Response.CompleteAsync().ConfigureAwait(false);
            return Results.Empty;
        }
        finally
        {
            responder.MarkDelivered();
        }
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.Length > MaxBodyBytes ? null : buffer.ToArray();
    }
}
