using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using TalksBot.Core;
using TalksBot.Core.Cards;
using TalksBot.Core.Commands;
using TalksBot.Slack.Rendering;
using TalksBot.Slack.WebApi;

namespace TalksBot.Slack.Interactions;

/// <summary>
/// Answers Slack's requests, whichever way they arrived: slash commands through the router (the answer rides on the
/// ack when ready in time, otherwise it follows through response_url), button presses as commands or feedback,
/// modal submissions as commands whose refusal keeps the modal open. Moderator rights are looked up only for
/// moderator commands. A failure still answers, with an ephemeral apology.
/// </summary>
internal sealed class SlackRequestProcessor(
    CommandRouter router,
    SlashCommandReader reader,
    CommandTextParser parser,
    SlackModerators moderators,
    SlackReplySender sender,
    SlackWebApiClient api,
    SlackTuning tuning,
    ShutdownGrace grace,
    TimeProvider time,
    ILogger<SlackRequestProcessor> logger)
{
    public const string Platform = "slack";

    /// <summary>Under a modal's input: short, the full answer follows as a private message.</summary>
    private const int MaxInputError = 150;

    /// <summary>Handles one request; returns what to send with the acknowledgement (null for an empty ack).</summary>
    public async Task<JsonObject?> HandleAsync(string type, JsonObject payload, CancellationToken stopping)
    {
        try
        {
            return type switch
            {
                "slash_commands" => await SlashCommandAsync(payload, stopping).ConfigureAwait(false),
                "interactive" => await InteractiveAsync(payload, stopping).ConfigureAwait(false),
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
        var conversation = new SlackConversation(Text(payload["user_id"]) ?? "unknown", Text(payload["channel_id"]) ?? "", Text(payload["trigger_id"]));
        var command = reader.Read(Text(payload["command"]) ?? "", Text(payload["text"]) ?? "");
        var work = command.Usage is { } usage
            ? Task.FromResult<JsonObject?>(BlockKitRenderer.Render(usage))
            : AnswerAsync(command.Parsed!, conversation, Text(payload["user_name"]), privately: false, stopping);
        if (await Task.WhenAny(work, Task.Delay(tuning.AckAfter, time, stopping)).ConfigureAwait(false) == work)
        {
            return await work.ConfigureAwait(false);
        }

        // Too slow for the ack: acknowledge now, answer through response_url when done.
        _ = FinishLaterAsync(work, Text(payload["response_url"]), stopping);
        return null;
    }

    private async Task<JsonObject?> InteractiveAsync(JsonObject payload, CancellationToken stopping)
    {
        var user = payload["user"];
        var userId = Text(user?["id"]) ?? "unknown";
        var userName = Text(user?["username"]) ?? Text(user?["name"]);
        var kind = Text(payload["type"]);
        if (kind == "block_actions")
        {
            var action = (payload["actions"] as JsonArray)?.FirstOrDefault() as JsonObject;
            var value = Text(action?["value"]) ?? "";
            var channel = Text(payload["channel"]?["id"]) ?? Text(payload["container"]?["channel_id"]) ?? "";
            var conversation = new SlackConversation(userId, channel, Text(payload["trigger_id"]));
            // The presser sees the result on their own; the shared answer above stays as it is.
            var work = AnswerAsync(parser.ParseAction(value), conversation, userName, privately: true, stopping);

            _ = FinishLaterAsync(work, Text(payload["response_url"]), stopping);
            return null;
        }

        if (kind == "view_submission" && ModalRenderer.Read(payload["view"] as JsonObject ?? []) is { } submission)
        {
            return await SubmissionAsync(submission, new SlackConversation(userId, submission.ChannelId, Text(payload["trigger_id"])), userName, stopping).ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>
    /// A modal's submission runs its command. A refusal keeps the modal open with a short note under the first input, and
    /// the full answer (which repeats what the moderator typed) goes to them privately; a success closes the modal.
    /// </summary>
    private async Task<JsonObject?> SubmissionAsync(FormSubmission submission, SlackConversation conversation, string? userName, CancellationToken stopping)
    {
        var work = RunAsync(new ParsedCommand(submission.Command, submission.Options, null), conversation, userName, stopping);
        if (await Task.WhenAny(work, Task.Delay(tuning.AckAfter, time, stopping)).ConfigureAwait(false) != work)
        {
            _ = SendPrivatelyLaterAsync(work, conversation, stopping);
            return null;
        }

        var reply = await work.ConfigureAwait(false);
        _ = SendPrivatelyLaterAsync(work, conversation, stopping);
        if (IsRefusal(reply) && submission.FirstInput is { } input)
        {
            var card = reply.Cards[0];
            var note = card.Description is { Length: <= MaxInputError } brief ? brief : $"{card.Title}. TalksBot sent you the details, with your text, as a private message.";
            return ModalRenderer.Errors(input, BlockKitRenderer.Trim(note, MaxInputError));
        }

        return null;
    }

    /// <summary>Runs a command and carries out its reply; returns the message to answer with, or null when nothing is left to say.</summary>
    private async Task<JsonObject?> AnswerAsync(ParsedCommand parsed, SlackConversation conversation, string? userName, bool privately, CancellationToken cancellationToken)
    {
        var reply = await RunAsync(parsed, conversation, userName, cancellationToken).ConfigureAwait(false);
        return await sender.PresentAsync(privately ? reply with { Ephemeral = true } : reply, conversation, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Reply> RunAsync(ParsedCommand parsed, SlackConversation conversation, string? userName, CancellationToken cancellationToken)
    {
        if (parsed.Error is not null)
        {
            return Reply.Error($"/{parsed.Name}", parsed.Error);
        }

        // Asking Slack (user groups, admin flags) only when it matters; the listed ids cost nothing, so /help shows them their commands.
        var isModerator = moderators.IsListed(conversation.UserId)
            || (NeedsModerator(parsed) && await moderators.IsModeratorAsync(conversation.UserId, cancellationToken).ConfigureAwait(false));
        var invocation = new CommandInvocation(parsed.Name, parsed.Options, Caller(conversation.UserId, userName, isModerator), conversation.ChannelId, Platform);
        return await router.RouteAsync(invocation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Moderator commands, and help about one (help shows moderator commands to moderators only).</summary>
    private static bool NeedsModerator(ParsedCommand parsed)
    {
        var definition = CommandCatalog.Find(parsed.Name);
        return definition is { ModeratorOnly: true }
            || (definition?.Name == "help" && parsed.Options.TryGetValue("command", out var about) && CommandCatalog.Find(about) is { ModeratorOnly: true });
    }

    private static bool IsRefusal(Reply reply) => reply.Cards.Count > 0 && reply.Cards[0].Tone == CardTone.Error;

    private async Task FinishLaterAsync(Task<JsonObject?> work, string? responseUrl, CancellationToken cancellationToken)
    {
        // The request was acked already; on SIGTERM the host still waits for this answer (within the grace period).
        using var inFlight = grace.BeginWork();
        try
        {
            var message = await work.ConfigureAwait(false);
            if (message is null || responseUrl is null || !Uri.TryCreate(responseUrl, UriKind.Absolute, out var url))
            {
                return;
            }

            message["replace_original"] = false;
            await api.PostToResponseUrlAsync(url, message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.HandlingFailed(logger, "late answer", exception);
        }
    }

    private async Task SendPrivatelyLaterAsync(Task<Reply> work, SlackConversation conversation, CancellationToken cancellationToken)
    {
        using var inFlight = grace.BeginWork();
        try
        {
            await sender.SendPrivatelyAsync(await work.ConfigureAwait(false), conversation, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.HandlingFailed(logger, "private answer", exception);
        }
    }

    private static CommandCaller Caller(string userId, string? name, bool isModerator) => new(userId, name ?? userId, [], isModerator);

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : null;
}
