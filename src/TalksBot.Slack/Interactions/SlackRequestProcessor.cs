using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using TalksBot.Core;
using TalksBot.Core.Cards;
using TalksBot.Core.Commands;
using TalksBot.Core.Conversations;
using TalksBot.Core.Delivery;
using TalksBot.Platform.WebSockets;
using TalksBot.Slack.Protocol;
using TalksBot.Slack.Rendering;

namespace TalksBot.Slack.Interactions;

/// <summary>
/// Translates Slack's requests, whichever way they arrived, onto Core: a slash command, a button press, a modal submission
/// or the "Check with TalksBot" message shortcut becomes a <see cref="CommandInvocation"/> (or a ready error reply) answered
/// through the <see cref="AnswerPipeline"/> and a <see cref="SlackReplyChannel"/>; a mention or a direct message becomes a
/// <see cref="ConversationMessage"/> for the <see cref="ConversationService"/>, answered in its thread. Each delivery is acted
/// on once: it is claimed in the <see cref="IDeliveryLog"/> by its trigger_id (or event id, or envelope id), a message also by
/// its channel and ts (a retry, a redelivery to another connection or instance, and app_mention with message.im for one
/// message answer once), and a redelivery or replay is only acknowledged. Moderator rights are looked up only for moderator
/// commands. Every request is acknowledged, whatever happens.
/// </summary>
internal sealed class SlackRequestProcessor(
    AnswerPipeline pipeline,
    ConversationService conversations,
    SlashCommandReader reader,
    CommandTextParser parser,
    SlackModerators moderators,
    SlackReplySender sender,
    IDeliveryLog deliveries,
    SlackTuning tuning,
    ShutdownGrace grace,
    TimeProvider time,
    ILogger<SlackRequestProcessor> logger)
{
    public const string Platform = "slack";

    private static readonly BlockKitMessage RenderedApology = BlockKitRenderer.Render(AnswerPipeline.Apology);

    /// <summary>Answers a Socket Mode envelope: its payload read as its type says; a malformed payload is acknowledged and dropped.</summary>
    public async Task AnswerEnvelopeAsync(SocketModeMessageType type, JsonElement? payload, ISlackAcknowledgement acknowledgement, CancellationToken cancellationToken)
    {
        Task answer;
        try
        {
            answer = type switch
            {
                SocketModeMessageType.SlashCommands => AnswerSlashCommandAsync(Read(payload, SlackJson.Default.SlashCommandPayload), acknowledgement, cancellationToken),
                SocketModeMessageType.Interactive => AnswerInteractionAsync(Read(payload, SlackJson.Default.InteractionPayload), acknowledgement, cancellationToken),
                SocketModeMessageType.EventsApi => AnswerEventAsync(Read(payload, SlackJson.Default.EventsRequest), acknowledgement, cancellationToken),
                _ => acknowledgement.TryAcknowledgeAsync(null, cancellationToken),
            };
        }
        catch (MalformedMessageException malformed)
        {
            // Slack sent it, so it is no attack; the ack stops redeliveries of what this version cannot read.
            Log.MalformedEnvelope(logger, type.ToString(), malformed.Message);
            await acknowledgement.TryAcknowledgeAsync(null, cancellationToken).ConfigureAwait(false);
            return;
        }

        await answer.ConfigureAwait(false);
    }

    /// <summary>Answers a slash command; the first answer goes with <paramref name="acknowledgement"/>.</summary>
    public Task AnswerSlashCommandAsync(SlashCommandPayload command, ISlackAcknowledgement acknowledgement, CancellationToken cancellationToken) =>
        AcknowledgedAsync(acknowledgement, "slash command", RenderedApology, async () =>
        {
            if (!await FirstDeliveryAsync(command.TriggerId, acknowledgement, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            var conversation = new SlackConversation(command.UserId, command.ChannelId ?? "", command.TriggerId, SlackConversation.ResponseUrlOf(command.ResponseUrl));
            var channel = new SlackReplyChannel(SlackRequestKind.SlashCommand, conversation, acknowledgement, sender);
            var typed = reader.Read(command.Command, command.Text);
            await AnswerAsync(typed.Parsed, typed.Usage, conversation, command.UserName, channel, acknowledgement, Timing(), cancellationToken).ConfigureAwait(false);
        });

    /// <summary>Answers a button press (to the presser alone) or a modal's submission; other interactions are acknowledged.</summary>
    public Task AnswerInteractionAsync(InteractionPayload interaction, ISlackAcknowledgement acknowledgement, CancellationToken cancellationToken) =>
        AcknowledgedAsync(acknowledgement, "interaction", null, async () =>
        {
            if (!await FirstDeliveryAsync(interaction.TriggerId, acknowledgement, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            var userName = interaction.User.Username ?? interaction.User.Name;
            var responseUrl = SlackConversation.ResponseUrlOf(interaction.ResponseUrl);
            if (interaction.Type == InteractionType.BlockActions && interaction.Actions is [var action, ..])
            {
                var channelId = interaction.Channel?.Id ?? interaction.Container?.ChannelId ?? "";
                var conversation = new SlackConversation(interaction.User.Id, channelId, interaction.TriggerId, responseUrl);
                var channel = new SlackReplyChannel(SlackRequestKind.ButtonPress, conversation, acknowledgement, sender);

                // Slack shows nothing from a press's acknowledgement: it goes out at once, the answer follows through the
                // response_url. The presser sees the result on their own; the shared answer above stays as it is.
                await acknowledgement.TryAcknowledgeAsync(null, cancellationToken).ConfigureAwait(false);
                await AnswerAsync(parser.ParseAction(action.Value ?? ""), null, conversation, userName, channel, acknowledgement, Timing() with { Privately = true }, cancellationToken).ConfigureAwait(false);
            }
            else if (interaction is { Type: InteractionType.MessageAction, CallbackId: SlackManifest.CheckMessageCallbackId })
            {
                var conversation = new SlackConversation(interaction.User.Id, interaction.Channel?.Id ?? "", interaction.TriggerId, responseUrl);
                var channel = new SlackReplyChannel(SlackRequestKind.ButtonPress, conversation, acknowledgement, sender);

                // Like a press, a shortcut is acknowledged empty; the check reaches the member alone through the response_url.
                await acknowledgement.TryAcknowledgeAsync(null, cancellationToken).ConfigureAwait(false);
                var (check, refusal) = CheckOf(interaction.Message);
                await AnswerAsync(check, refusal, conversation, userName, channel, acknowledgement, Timing() with { Privately = true }, cancellationToken).ConfigureAwait(false);
            }
            else if (interaction.Type == InteractionType.ViewSubmission && interaction.View is { } view && ModalRenderer.Read(view) is { } submission)
            {
                var conversation = new SlackConversation(interaction.User.Id, submission.ChannelId, interaction.TriggerId, null);
                var channel = new SlackReplyChannel(SlackRequestKind.FormSubmission, conversation, acknowledgement, sender, submission.FirstInput);
                await AnswerAsync(new ParsedCommand(submission.Command, submission.Options, null), null, conversation, userName, channel, acknowledgement, Timing(), cancellationToken).ConfigureAwait(false);
            }
        });

    /// <summary>
    /// An event is acknowledged at once (Slack retries one not acknowledged within 3 s), then a mention or a direct message is
    /// answered in its thread, once per event id and once per message; every other event is only acknowledged.
    /// </summary>
    public Task AnswerEventAsync(EventsRequest request, ISlackAcknowledgement acknowledgement, CancellationToken cancellationToken) =>
        AcknowledgedAsync(acknowledgement, "event", null, async () =>
        {
            await acknowledgement.TryAcknowledgeAsync(null, cancellationToken).ConfigureAwait(false);
            var key = request.EventId is { Length: > 0 } id ? DeliveryKeys.Event(id) : acknowledgement.DeliveryKey;
            if (!await ClaimAsync(key, cancellationToken).ConfigureAwait(false)
                || request is not { Type: EventsRequestType.EventCallback, Event: { } body }
                || ReadMessageEvent(body) is not { } message
                || ConversationEventReader.Read(request, message) is not { } incoming
                || !await ClaimAsync(DeliveryKeys.Message(incoming.ChannelId, incoming.Ts), cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            await conversations.AnswerAsync(incoming.Message, new SlackThreadReplyChannel(sender, incoming), cancellationToken).ConfigureAwait(false);
        });

    /// <summary>
    /// The "check" of a shortcut's message: its text as members read it, within the length a check reads, and the message's
    /// reference for sharing (its thread's ts, or its own); or, for a message without words, the friendly refusal.
    /// </summary>
    private static (ParsedCommand? Check, Reply? Refusal) CheckOf(ShortcutMessage? message)
    {
        var text = SlackMarkup.MessageText(message?.Text ?? "", botUserId: null).Trim();
        if (text.Length == 0)
        {
            return (null, Reply.Error("Nothing to check", "This message has no text TalksBot can read (only files, images or a layout). Use Check with TalksBot on a message with words in it."));
        }

        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["text"] = Truncate(text, CommandCatalog.MaxCheckedMessageLength) };

        // The reference rides in the Share button's action, between colons: only a ts as Slack writes it goes there.
        if ((message?.ThreadTs ?? message?.Ts) is { Length: > 0 and <= 32 } reference && reference.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            options["message"] = reference;
        }

        return (new ParsedCommand("check", options, null), null);
    }

    /// <summary>Cuts <paramref name="text"/> to <paramref name="max"/> characters without splitting a surrogate pair.</summary>
    private static string Truncate(string text, int max) =>
        text.Length <= max ? text : text[..(char.IsHighSurrogate(text[max - 1]) ? max - 1 : max)];

    /// <summary>A mention or a message event; null for any other event, or one this version cannot read (logged).</summary>
    private MessageEvent? ReadMessageEvent(JsonElement body)
    {
        var type = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("type", out var named) && named.ValueKind == JsonValueKind.String ? named.GetString() : null;
        if (type is not ("app_mention" or "message"))
        {
            return null;
        }

        try
        {
            return Read(body, SlackJson.Default.MessageEvent);
        }
        catch (MalformedMessageException malformed)
        {
            // Slack signed or sent it, so it is no attack; acknowledged, so Slack does not retry what this version cannot read.
            Log.MalformedEvent(logger, type, malformed.Message);
            return null;
        }
    }

    private static T Read<T>(JsonElement? payload, JsonTypeInfo<T> typeInfo)
    {
        if (payload is not { ValueKind: JsonValueKind.Object } element)
        {
            throw new MalformedMessageException($"The envelope's payload is not an object ({payload?.ValueKind.ToString() ?? "missing"}).");
        }

        try
        {
            return element.Deserialize(typeInfo) ?? throw new MalformedMessageException("The envelope's payload is null.");
        }
        catch (JsonException exception)
        {
            throw new MalformedMessageException($"Not a valid {typeof(T).Name}: {exception.Message}", exception);
        }
    }

    private AnswerTiming Timing() => new(tuning.AckAfter);

    /// <summary>
    /// Runs <paramref name="answer"/> and makes sure the request is acknowledged in the end — with <paramref name="apology"/>
    /// when the answer failed outside the pipeline (which apologises itself). The host's shutdown waits for it.
    /// </summary>
    private async Task AcknowledgedAsync(ISlackAcknowledgement acknowledgement, string kind, SlackResponse? apology, Func<Task> answer)
    {
        using var inFlight = grace.BeginWork();
        try
        {
            await answer().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.HandlingFailed(logger, kind, exception);
            await acknowledgement.TryAcknowledgeAsync(apology, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await acknowledgement.TryAcknowledgeAsync(null, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The command (or the ready reply) through the pipeline, with the caller's moderator rights looked up only when they matter.</summary>
    private async Task AnswerAsync(
        ParsedCommand? parsed, Reply? ready, SlackConversation conversation, string? userName, SlackReplyChannel channel, ISlackAcknowledgement acknowledgement, AnswerTiming timing, CancellationToken cancellationToken)
    {
        if (ready is not null || parsed is null || parsed.Error is not null)
        {
            var reply = ready ?? Reply.Error($"/{parsed?.Name}", parsed?.Error ?? "TalksBot could not read this request.");
            await pipeline.AnswerAsync(reply, Platform, channel, timing, cancellationToken).ConfigureAwait(false);
            return;
        }

        var isModerator = await IsModeratorAsync(parsed, conversation.UserId, acknowledgement, cancellationToken).ConfigureAwait(false);
        var invocation = new CommandInvocation(parsed.Name, parsed.Options, new CommandCaller(conversation.UserId, userName ?? conversation.UserId, [], isModerator), conversation.ChannelId, Platform);
        await pipeline.AnswerAsync(invocation, channel, timing, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Listed ids cost nothing (so /help shows them their commands); Slack is asked (user groups, admin flags) only for a
    /// moderator command. Should Slack be slow to say, the request is acknowledged empty in time and answered late.
    /// </summary>
    private async Task<bool> IsModeratorAsync(ParsedCommand parsed, string userId, ISlackAcknowledgement acknowledgement, CancellationToken cancellationToken)
    {
        if (moderators.IsListed(userId))
        {
            return true;
        }

        if (!NeedsModerator(parsed))
        {
            return false;
        }

        var lookup = moderators.IsModeratorAsync(userId, cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (await Task.WhenAny(lookup, Task.Delay(tuning.AckAfter, time, deadline.Token)).ConfigureAwait(false) != lookup)
        {
            await acknowledgement.TryAcknowledgeAsync(null, cancellationToken).ConfigureAwait(false);
        }

        await deadline.CancelAsync().ConfigureAwait(false);
        return await lookup.ConfigureAwait(false);
    }

    /// <summary>Moderator commands, and help about one (help shows moderator commands to moderators only).</summary>
    private static bool NeedsModerator(ParsedCommand parsed)
    {
        var definition = CommandCatalog.Find(parsed.Name);
        return definition is { ModeratorOnly: true }
            || (definition?.Name == "help" && parsed.Options.TryGetValue("command", out var about) && CommandCatalog.Find(about) is { ModeratorOnly: true });
    }

    /// <summary>True for the first delivery of a request (by trigger_id, or the envelope); a repeat is acknowledged empty.</summary>
    private async Task<bool> FirstDeliveryAsync(string? triggerId, ISlackAcknowledgement acknowledgement, CancellationToken cancellationToken)
    {
        var key = triggerId is { Length: > 0 } id ? DeliveryKeys.Trigger(id) : acknowledgement.DeliveryKey;
        if (await ClaimAsync(key, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        await acknowledgement.TryAcknowledgeAsync(null, cancellationToken).ConfigureAwait(false);
        return false;
    }

    private async Task<bool> ClaimAsync(string? key, CancellationToken cancellationToken)
    {
        if (key is null || await deliveries.TryClaimAsync(key, tuning.DuplicateWindow, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        Log.Duplicate(logger, key);
        return false;
    }
}

/// <summary>The keys Slack deliveries are claimed by in the <see cref="IDeliveryLog"/> (shared by every instance).</summary>
internal static class DeliveryKeys
{
    public static string Trigger(string triggerId) => "slack:trigger:" + triggerId;

    public static string Event(string eventId) => "slack:event:" + eventId;

    public static string Envelope(string envelopeId) => "slack:envelope:" + envelopeId;

    /// <summary>One message, whichever events brought it (app_mention, message.im) and however often.</summary>
    public static string Message(string channelId, string ts) => $"slack:message:{channelId}:{ts}";
}
