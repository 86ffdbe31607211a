using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TalksBot.Core;
using TalksBot.Slack.Interactions;

namespace TalksBot.Slack.Http;

/// <summary>
/// Slack's HTTP mode: <c>/slack/commands</c>, <c>/slack/interactivity</c> and <c>/slack/events</c>, each verified with the
/// signing secret (401 otherwise), with url_verification, ssl_check and de-duplication of Slack's retries.
/// </summary>
public static class SlackEndpoints
{
    private const int MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapSlackEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/slack/commands", (Delegate)CommandsAsync);
        endpoints.MapPost("/slack/interactivity", (Delegate)InteractivityAsync);
        endpoints.MapPost("/slack/events", (Delegate)EventsAsync);
        return endpoints;
    }

    private static Task<IResult> CommandsAsync(HttpContext context) =>
        HandleAsync(context, (body, form) =>
        {
            if (form.TryGetValue("ssl_check", out var check) && check == "1")
            {
                return (null, "", null);
            }

            var payload = new JsonObject();
            foreach (var (key, value) in form)
            {
                payload[key] = value.ToString();
            }

            return ("slash_commands", payload["trigger_id"]?.GetValue<string>(), payload);
        });

    private static Task<IResult> InteractivityAsync(HttpContext context) =>
        HandleAsync(context, (body, form) =>
        {
            var payload = form.TryGetValue("payload", out var json) ? JsonNode.Parse(json.ToString()) as JsonObject : null;
            return ("interactive", payload?["trigger_id"]?.GetValue<string>(), payload);
        });

    private static Task<IResult> EventsAsync(HttpContext context) =>
        HandleAsync(context, (body, form) =>
        {
            var payload = JsonNode.Parse(body) as JsonObject;
            return (payload?["type"]?.GetValue<string>() == "url_verification" ? "url_verification" : "events_api", payload?["event_id"]?.GetValue<string>(), payload);
        });

    private static async Task<IResult> HandleAsync(
        HttpContext context, Func<byte[], Dictionary<string, Microsoft.Extensions.Primitives.StringValues>, (string? Type, string? DeliveryId, JsonObject? Payload)> read)
    {
        var services = context.RequestServices;
        var grace = services.GetRequiredService<ShutdownGrace>();
        if (grace.Stopping)
        {
            // Shutting down: take no new work; Slack retries elsewhere or shows the user a failure.
            return Results.Text("shutting down", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var body = await ReadBodyAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var verifier = services.GetRequiredService<SlackSignatureVerifier>();
        if (body is null || !verifier.IsValid(context.Request.Headers["X-Slack-Request-Timestamp"], context.Request.Headers["X-Slack-Signature"], body))
        {
            Log.BadSignature(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SlackEndpoints)));
            return Results.Text("invalid signature", statusCode: StatusCodes.Status401Unauthorized);
        }

        (string? Type, string? DeliveryId, JsonObject? Payload) request;
        try
        {
            var form = context.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true
                ? QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body))
                : [];
            request = read(body, form);
        }
        catch (JsonException)
        {
            return Results.BadRequest();
        }

        if (request.Type is null)
        {
            return Results.Ok();
        }

        if (request.Type == "url_verification")
        {
            return Results.Json(new JsonObject { ["challenge"] = request.Payload?["challenge"]?.GetValue<string>() ?? "" });
        }

        // Slack retries when the first answer was slow; the first delivery is the one answered.
        var deduplicator = services.GetRequiredService<DeliveryDeduplicator>();
        if (request.DeliveryId is { Length: > 0 } id && !deduplicator.FirstTime("http:" + id) && context.Request.Headers.ContainsKey("X-Slack-Retry-Num"))
        {
            return Results.Ok();
        }

        if (request.Payload is null)
        {
            return Results.BadRequest();
        }

        var answer = await services.GetRequiredService<SlackRequestProcessor>().HandleAsync(request.Type, request.Payload, grace.Token).ConfigureAwait(false);
        return answer is null ? Results.Ok() : Results.Text(answer.ToJsonString(), "application/json", statusCode: StatusCodes.Status200OK);
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
