using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TalksBot.Core;
using TalksBot.Core.Cards;
using TalksBot.Core.Commands;
using TalksBot.Slack.Rendering;
using TalksBot.Slack.WebApi;

namespace TalksBot.Slack.Interactions;

/// <summary>
/// Answers Slack's requests, whichever way they arrived: slash commands through the router (the answer rides on the
/// ack when ready in time, otherwise it follows through response_url), button presses as commands or feedback,
/// modal submissions as commands. A failure still answers, with an ephemeral apology.
/// </summary>
internal sealed class SlackRequestProcessor(
    CommandRouter router,
    CommandTextParser parser,
    FeedbackButtons feedback,
    SlackWebApiClient api,
    IOptions<SlackOptions> options,
    SlackTuning tuning,
    ShutdownGrace grace,
    TimeProvider time,
    ILogger<SlackRequestProcessor> logger)
{
    public const string Platform = "slack";
    public const string ModalPrefix = "modal:";

    /// <summary>Handles one request; returns what to send with the acknowledgement (null for an empty ack).</summary>
    public async Task<JsonObject?> HandleAsync(string type, JsonObject payload, CancellationToken stopping)
    {
        try
        {
            return type switch
            {
                "slash_commands" => await SlashCommandAsync(payload, stopping).ConfigureAwait(false),
                "interactive" => Interactive(payload, stopping),
                _ => null,
            };
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.HandlingFailed(logger, type, exception);
            return BlockKitRenderer.Render(Reply.Error("Something went wrong", "TalksBot could not answer this time. The error was logged; please try again."));
        }
    }

    private async Task<JsonObject?> SlashCommandAsync(JsonObject payload, CancellationToken stopping)
    {
        var work = RunSlashCommandAsync(payload, stopping);
        if (await Task.WhenAny(work, Task.Delay(tuning.AckAfter, time, stopping)).ConfigureAwait(false) == work)
        {
            return BlockKitRenderer.Render(await work.ConfigureAwait(false));
        }

        // Too slow for the ack: acknowledge now, answer through response_url when done.
        var responseUrl = payload["response_url"]?.GetValue<string>();
        _ = FinishLaterAsync(work, responseUrl, replaceOriginal: false, stopping);
        return null;
    }

    private JsonObject? Interactive(JsonObject payload, CancellationToken stopping)
    {
        var kind = payload["type"]?.GetValue<string>();
        if (kind == "block_actions")
        {
            var action = (payload["actions"] as JsonArray)?.FirstOrDefault() as JsonObject;
            var value = action?["value"]?.GetValue<string>() ?? "";
            var caller = Caller(payload["user"]?["id"]?.GetValue<string>(), payload["user"]?["username"]?.GetValue<string>() ?? payload["user"]?["name"]?.GetValue<string>());
            Task<Reply> work;
            if (feedback.TryRecord(value, caller, Platform) is { } thanks)
            {
                work = Task.FromResult(thanks);
            }
            else if (ButtonActions.IsCommand(value))
            {
                var parsed = parser.Parse(value);
                var channel = payload["channel"]?["id"]?.GetValue<string>() ?? "";
                work = parsed.Error is not null
                    ? Task.FromResult(Reply.Error($"/{parsed.Name}", parsed.Error))
                    : router.RouteAsync(new CommandInvocation(parsed.Name, parsed.Options, caller, channel, Platform), stopping);
            }
            else
            {
                work = Task.FromResult(Reply.Error("Not supported", "This button is no longer supported."));
            }

            // The presser sees the result on its own; the shared answer above stays as it is.
            _ = FinishLaterAsync(work.ContinueWith(t => t.Result with { Ephemeral = true }, stopping, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default),
                payload["response_url"]?.GetValue<string>(), replaceOriginal: false, stopping);
            return null;
        }

        if (kind == "view_submission")
        {
            var view = payload["view"] as JsonObject ?? [];
            var callbackId = view["callback_id"]?.GetValue<string>() ?? "";
            var name = callbackId.StartsWith(ModalPrefix, StringComparison.Ordinal) ? callbackId[ModalPrefix.Length..] : callbackId;
            var values = (view["state"]?["values"] as JsonObject ?? [])
                .SelectMany(block => block.Value as JsonObject ?? [])
                .ToDictionary(a => a.Key, a => a.Value?["value"]?.GetValue<string>() ?? "", StringComparer.OrdinalIgnoreCase);
            var caller = Caller(payload["user"]?["id"]?.GetValue<string>(), payload["user"]?["username"]?.GetValue<string>());
            _ = router.RouteAsync(new CommandInvocation(name, values, caller, "", Platform), stopping);
            return null;
        }

        return null;
    }

    private Task<Reply> RunSlashCommandAsync(JsonObject payload, CancellationToken cancellationToken)
    {
        var command = (payload["command"]?.GetValue<string>() ?? "").TrimStart('/');
        var text = payload["text"]?.GetValue<string>() ?? "";
        var caller = Caller(payload["user_id"]?.GetValue<string>(), payload["user_name"]?.GetValue<string>());
        var channel = payload["channel_id"]?.GetValue<string>() ?? "";
        var definition = CommandCatalog.Find(command);
        ParsedCommand parsed;
        if (definition is null)
        {
            parsed = new ParsedCommand(command, new Dictionary<string, string>(), null);
        }
        else if (text.Trim().Equals("help", StringComparison.OrdinalIgnoreCase))
        {
            parsed = new ParsedCommand("help", new Dictionary<string, string> { ["command"] = definition.Name }, null);
        }
        else
        {
            parsed = parser.ParseOptions(definition, text);
        }

        return parsed.Error is not null
            ? Task.FromResult(Reply.Error($"/{parsed.Name}", parsed.Error))
            : router.RouteAsync(new CommandInvocation(parsed.Name, parsed.Options, caller, channel, Platform), cancellationToken);
    }

    private async Task FinishLaterAsync(Task<Reply> work, string? responseUrl, bool replaceOriginal, CancellationToken cancellationToken)
    {
        // The request was acked already; on SIGTERM the host still waits for this answer (within the grace period).
        using var inFlight = grace.BeginWork();
        try
        {
            var reply = await work.ConfigureAwait(false);
            if (responseUrl is null || !Uri.TryCreate(responseUrl, UriKind.Absolute, out var url))
            {
                return;
            }

            var message = BlockKitRenderer.Render(reply);
            message["replace_original"] = replaceOriginal;
            await api.PostToResponseUrlAsync(url, message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.HandlingFailed(logger, "late answer", exception);
        }
    }

    private CommandCaller Caller(string? userId, string? name) =>
        new(userId ?? "unknown", name ?? userId ?? "someone", [], userId is not null && options.Value.Moderators().Contains(userId));
}
