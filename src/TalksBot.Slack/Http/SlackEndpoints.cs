using System.Net.Mime;
using System.Text;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TalksBot.Core;
using TalksBot.Platform.Http;
using TalksBot.Platform.WebSockets;
using TalksBot.Slack.Interactions;
using TalksBot.Slack.Protocol;

namespace TalksBot.Slack.Http;

/// <summary>
/// Slack's HTTP mode: <c>/slack/commands</c>, <c>/slack/interactivity</c> and <c>/slack/events</c> on the platform's signed
/// endpoints (503 while stopping, 413 past the limit while streaming, 401 unless the signing secret signed the raw bytes,
/// 400 for what cannot be read as Slack's request), with ssl_check and url_verification answered here. The HTTP response
/// is the request's acknowledgement: it carries the answer when it is ready within the ack time, and is empty otherwise; an
/// event_callback is answered 200 at once, and its mention or direct message answered after, within the shutdown grace.
/// </summary>
public static class SlackEndpoints
{
    /// <summary>A slash command's form: Slack lets members type up to a message's length (Cyrillic is six bytes a letter once encoded).</summary>
    public const int MaxCommandBytes = 256 * 1024;

    /// <summary>A button press carries the whole message under it: 50 blocks of 3000 characters, JSON- and form-encoded.</summary>
    public const int MaxInteractionBytes = 2 * 1024 * 1024;

    /// <summary>Events carry one message or object; TalksBot answers mentions and direct messages and acknowledges the rest.</summary>
    public const int MaxEventBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapSlackEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapSignedPost<SlackSignatureVerifier, CommandRequest>("/slack/commands", new SignedEndpoint<CommandRequest>
        {
            MaxBodyBytes = MaxCommandBytes,
            Parse = ReadCommand,
            Handle = (request, context) => request.Command is { } command
                ? RespondAsync(context, (processor, acknowledgement, token) => processor.AnswerSlashCommandAsync(command, acknowledgement, token))
                : Task.FromResult(Results.Ok()),
        });
        endpoints.MapSignedPost<SlackSignatureVerifier, InteractionPayload>("/slack/interactivity", new SignedEndpoint<InteractionPayload>
        {
            MaxBodyBytes = MaxInteractionBytes,
            Parse = ReadInteraction,
            Handle = (interaction, context) => RespondAsync(context, (processor, acknowledgement, token) => processor.AnswerInteractionAsync(interaction, acknowledgement, token)),
        });
        endpoints.MapSignedPost<SlackSignatureVerifier, EventsRequest>("/slack/events", new SignedEndpoint<EventsRequest>
        {
            MaxBodyBytes = MaxEventBytes,
            Parse = ReadEvents,
            Handle = (events, context) => events is { Type: EventsRequestType.UrlVerification, Challenge: { } challenge }
                ? Task.FromResult(Results.Json(new UrlVerificationAnswer(challenge), SlackJson.Default.UrlVerificationAnswer))
                : RespondAsync(context, (processor, acknowledgement, token) => processor.AnswerEventAsync(events, acknowledgement, token)),
        });
        return endpoints;
    }

    /// <summary>A slash command's form, or Slack's ssl_check (no command).</summary>
    private static CommandRequest? ReadCommand(SignedBody body) =>
        IsForm(body.Request) && SlackForm.Read(body.Bytes.Span) is { } form
            ? form.GetValueOrDefault("ssl_check") == "1" ? new CommandRequest(null) : SlashCommandPayload.FromForm(form) is { } command ? new CommandRequest(command) : null
            : null;

    /// <summary>An events request: JSON that is UTF-8 throughout (skipped fields too), a url_verification with its challenge.</summary>
    private static EventsRequest? ReadEvents(SignedBody body) =>
        Utf8.IsValid(body.Bytes.Span) && PayloadJson.Deserialize(body.Bytes.Span, SlackJson.Default.EventsRequest) is var events
            && (events.Type != EventsRequestType.UrlVerification || events.Challenge is not null)
            ? events
            : null;

    /// <summary>The JSON in an interactivity form's <c>payload</c> field.</summary>
    private static InteractionPayload? ReadInteraction(SignedBody body) =>
        IsForm(body.Request) && SlackForm.Read(body.Bytes.Span) is { } form && form.TryGetValue("payload", out var payload)
            ? PayloadJson.Deserialize(Encoding.UTF8.GetBytes(payload), SlackJson.Default.InteractionPayload)
            : null;

    private static bool IsForm(HttpRequest request) =>
        request.ContentType?.StartsWith(MediaTypeNames.Application.FormUrlEncoded, StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>Starts the answer and responds with its acknowledgement: the answer when it is ready in time, otherwise an empty 200.</summary>
    private static async Task<IResult> RespondAsync(HttpContext context, Func<SlackRequestProcessor, ISlackAcknowledgement, CancellationToken, Task> answer)
    {
        var services = context.RequestServices;
        var acknowledgement = new HttpAcknowledgement();

        // The answer outlives the HTTP request when it is late (response_url); it runs until the shutdown grace period ends.
        var answering = answer(services.GetRequiredService<SlackRequestProcessor>(), acknowledgement, services.GetRequiredService<ShutdownGrace>().Token);
        await Task.WhenAny(acknowledgement.Response, answering).ConfigureAwait(false);
        _ = ObserveAsync(answering);
        return acknowledgement.Response.IsCompletedSuccessfully && acknowledgement.Response.Result is { } payload
            ? Results.Bytes(PayloadJson.Serialize(payload, SlackJson.Default.SlackResponse), MediaTypeNames.Application.Json)
            : Results.Ok();
    }

    private static async Task ObserveAsync(Task answering)
    {
        try
        {
            await answering.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The shutdown grace period ran out.
        }
    }

    /// <summary>A slash command request: the command, or null for Slack's ssl_check.</summary>
    internal sealed record CommandRequest(SlashCommandPayload? Command);

    /// <summary>The HTTP response as a request's acknowledgement: the first payload given, once.</summary>
    private sealed class HttpAcknowledgement : ISlackAcknowledgement
    {
        private readonly TaskCompletionSource<SlackResponse?> _response = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<SlackResponse?> Response => _response.Task;

        public string? DeliveryKey => null;

        public Task<bool> TryAcknowledgeAsync(SlackResponse? payload, CancellationToken cancellationToken) => Task.FromResult(_response.TrySetResult(payload));
    }
}
