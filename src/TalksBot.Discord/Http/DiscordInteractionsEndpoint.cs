using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TalksBot.Core;
using TalksBot.Discord.Api;
using TalksBot.Discord.Interactions;
using TalksBot.Platform.Http;

namespace TalksBot.Discord.Http;

/// <summary>
/// <c>POST /discord/interactions</c>: Discord's alternative to the gateway, for several instances behind a load balancer.
/// Through the platform's signed endpoint (503 while stopping, 413 over 1 MB while streaming, 401 for a bad or stale
/// signature, 400 for a malformed interaction), then: 401 for a replayed interaction, and the answer in the response.
/// </summary>
public static class DiscordInteractionsEndpoint
{
    public const string Route = "/discord/interactions";

    /// <summary>Interactions are a few kilobytes; a megabyte leaves room for any Discord adds, and nothing an attacker could use.</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapDiscordInteractions(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapSignedPost<DiscordSignatureVerifier, Interaction>(Route, new SignedEndpoint<Interaction>
        {
            MaxBodyBytes = MaxBodyBytes,
            Parse = body => InteractionPayload.Parse(body.Bytes.Span),
            Handle = HandleAsync,
        });
        return endpoints;
    }

    private static async Task<IResult> HandleAsync(Interaction interaction, HttpContext context)
    {
        var services = context.RequestServices;
        var processor = services.GetRequiredService<InteractionProcessor>();
        if (!await processor.ClaimAsync(interaction, context.RequestAborted).ConfigureAwait(false))
        {
            // Correctly signed and fresh, but already handled: someone resent Discord's request. Discord never does, so
            // it is refused like a bad signature (the signature does not authorise this delivery) and nothing runs.
            Log.ReplayRefused(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DiscordInteractionsEndpoint)), interaction.Id, "http");
            return Results.Text("replayed request", statusCode: StatusCodes.Status401Unauthorized);
        }

        // The work outlives this request when it is deferred, so it follows the host's lifetime (and its shutdown grace), not the request's.
        var responder = new HttpInteractionResponder();
        var processing = processor.ProcessAsync(interaction, responder, services.GetRequiredService<ShutdownGrace>().Token);
        try
        {
            var first = await Task.WhenAny(responder.Response, processing).ConfigureAwait(false);
            if (first == processing && !responder.Response.IsCompleted)
            {
                // The pipeline answers every request, even with an apology; ending without one is a bug of ours.
                await processing.ConfigureAwait(false);
                return Results.StatusCode(StatusCodes.Status500InternalServerError);
            }

            // Written here rather than by a result, so that an edit of the original waits until Discord has this answer.
            var bytes = JsonSerializer.SerializeToUtf8Bytes(await responder.Response.ConfigureAwait(false), DiscordJson.Default.InteractionResponse);
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/json";
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
}
