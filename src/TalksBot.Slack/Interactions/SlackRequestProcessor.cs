using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using TalksBot.Core;
using TalksBot.Core.Cards;
using TalksBot.Core.Commands;
using TalksBot.Core.Delivery;
using TalksBot.Platform.WebSockets;
using TalksBot.Slack.Protocol;
using TalksBot.Slack.Rendering;

namespace TalksBot.Slack.Interactions;

/// <summary>
/// Translates Slack's requests, whichever way they arrived, onto Core's <see cref="AnswerPipeline"/>: a slash command, a
/// button press or a modal submission becomes a <see cref="CommandInvocation"/> (or a ready error reply) answered through
/// a <see cref="SlackReplyChannel"/>. Each delivery is acted on once: it is claimed in the <see cref="IDeliveryLog"/> by its
/// trigger_id (or event id, or envelope id), and a redelivery or replay is only acknowledged. Moderator rights are looked
/// up only for moderator commands. Every request is acknowledged, whatever happens.
/// </summary>
internal sealed class SlackRequestProcessor(
    AnswerPipeline pipeline,
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
                SocketModeMessageType.EventsApi => AcknowledgeEventAsync(Read(payload, SlackJson.Default.EventsRequest), acknowledgement, cancellationToken),
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
            else if (interaction.Type == InteractionType.ViewSubmission && interaction.View is { } view && ModalRenderer.Read(view) is { } submission)
            {
                var conversation = new SlackConversation(interaction.User.Id, submission.ChannelId, interaction.TriggerId, null);
                var channel = new SlackReplyChannel(SlackRequestKind.FormSubmission, conversation, acknowledgement, sender, submission.FirstInput);
                await AnswerAsync(new ParsedCommand(submission.Command, submission.Options, null), null, conversation, userName, channel, acknowledgement, Timing(), cancellationToken).ConfigureAwait(false);
            }
        });

    /// <summary>Events are acknowledged (once per event id) and otherwise ignored: TalksBot subscribes to none yet.</summary>
    public Task AcknowledgeEventAsync(EventsRequest request, ISlackAcknowledgement acknowledgement, CancellationToken cancellationToken) =>
        AcknowledgedAsync(acknowledgement, "event", null, async () =>
        {
            var key = request.EventId is { Length: > 0 } id ? DeliveryKeys.Event(id) : acknowledgement.DeliveryKey;
            await ClaimAsync(key, cancellationToken).ConfigureAwait(false);
        });

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
}
