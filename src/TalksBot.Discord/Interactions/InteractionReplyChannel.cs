using Microsoft.Extensions.Logging;
using TalksBot.Core.Cards;
using TalksBot.Core.Commands;
using TalksBot.Discord.Api;
using TalksBot.Discord.Rendering;
using TalksBot.Discord.Rest;

namespace TalksBot.Discord.Interactions;

/// <summary>
/// How one interaction is answered on Discord (<see cref="AnswerPipeline"/>'s channel): the first response through the
/// <see cref="IInteractionResponder"/> (a REST callback on the gateway, the HTTP response body on the endpoint), later
/// answers as an edit of @original once Discord has the first. Discord's rules live here: a form (modal) only as the
/// first response and never in answer to a form, files only with an edit of the deferred original.
/// </summary>
internal sealed class InteractionReplyChannel(
    Interaction interaction,
    IInteractionResponder responder,
    DiscordRestClient rest,
    TimeProvider time,
    ILogger logger) : IReplyChannel
{
    /// <summary>How long an edit waits for the first response to reach Discord (over HTTP it travels in our answer to its request).</summary>
    private static readonly TimeSpan DeliveryWait = TimeSpan.FromSeconds(3);

    public async Task AnswerAsync(Reply reply, CancellationToken cancellationToken)
    {
        if (reply.PostUnderMessage is { } messageId)
        {
            var shared = await TryShareAsync(reply, messageId, cancellationToken).ConfigureAwait(false);
            await responder.RespondAsync(shared ? SharedResponse() : Message(RefusedShare), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (reply.Form is { } form)
        {
            await responder.RespondAsync(FormResponse(form), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (reply.Files.Count > 0)
        {
            // Only an edit of the original carries files: defer, then edit.
            await responder.RespondAsync(InteractionResponse.Deferred(reply.Ephemeral), cancellationToken).ConfigureAwait(false);
            await EditOriginalAsync(reply, cancellationToken).ConfigureAwait(false);
            return;
        }

        await responder.RespondAsync(new InteractionResponse(InteractionCallbackType.ChannelMessageWithSource, EmbedRenderer.Render(reply)), cancellationToken).ConfigureAwait(false);
    }

    public Task DeferAsync(bool ephemeral, CancellationToken cancellationToken) =>
        responder.RespondAsync(InteractionResponse.Deferred(ephemeral), cancellationToken);

    public async Task AnswerLateAsync(Reply reply, CancellationToken cancellationToken)
    {
        if (reply.PostUnderMessage is { } messageId)
        {
            // The deferral made a new message for the presser; the confirmation (or the refusal) replaces it.
            reply = await TryShareAsync(reply, messageId, cancellationToken).ConfigureAwait(false) ? Reply.SharedInThread : RefusedShare;
        }
        else if (reply.Form is { } form)
        {
            // Discord shows a modal only as the first response, and that was the deferral.
            Log.FormNotShown(logger, interaction.Id, form.Command, "the command took too long to open it");
            reply = Reply.Error("The form did not open", $"TalksBot took too long to prepare the form for /{form.Command}. Please run the command again.");
        }

        await EditOriginalAsync(reply, cancellationToken).ConfigureAwait(false);
    }

    private InteractionResponse FormResponse(ReplyForm form)
    {
        if (interaction.Type == InteractionType.ModalSubmit)
        {
            Log.FormNotShown(logger, interaction.Id, form.Command, "a form cannot answer a form");
            return Message(Reply.Error("Another form", $"/{form.Command} wanted to open a form in answer to a form, which Discord does not allow. Please run /{form.Command} again."));
        }

        var (modal, problem) = DiscordModals.Render(form);
        if (modal is not null)
        {
            return new InteractionResponse(InteractionCallbackType.Modal, modal);
        }

        Log.FormNotShown(logger, interaction.Id, form.Command, problem!);
        return Message(Reply.Error("The form cannot open", $"Discord cannot show the form for /{form.Command}: {problem}. Give the values as options instead."));
    }

    private async Task EditOriginalAsync(Reply reply, CancellationToken cancellationToken)
    {
        try
        {
            // Over HTTP the deferral travels in our response to Discord's request; an edit that overtakes it finds no original.
            await responder.Delivered.WaitAsync(DeliveryWait, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Try the edit anyway; if Discord did not get the deferral, the edit's error is logged.
        }

        // The deferral decided who sees the message; an edit cannot change it.
        var edit = EmbedRenderer.Render(reply) with { Flags = null };
        await rest.EditOriginalResponseAsync(interaction.Token, edit, reply.Files, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// "Share in channel": posts the reply's cards for everyone as a reply to the checked message, in the channel the
    /// button was pressed in. False when Discord refuses the post: the presser alone learns why, and nothing is public.
    /// </summary>
    private async Task<bool> TryShareAsync(Reply reply, string messageId, CancellationToken cancellationToken)
    {
        if (interaction.ChannelId is not { } channelId)
        {
            return false;
        }

        try
        {
            await rest.CreateMessageAsync(channelId, EmbedRenderer.RenderReplyTo(reply, messageId), reply.Files, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DiscordApiException refused) when (refused.Status is 403 or 404)
        {
            Log.ShareRefused(logger, interaction.Id, refused.Status, refused.Code ?? 0, refused.DiscordMessage);
            return false;
        }
    }

    /// <summary>After a share, the presser's card becomes <see cref="Reply.SharedInThread"/>, with no button left to press again.</summary>
    private InteractionResponse SharedResponse() =>
        interaction.Type == InteractionType.MessageComponent
            ? new InteractionResponse(InteractionCallbackType.UpdateMessage, EmbedRenderer.Render(Reply.SharedInThread) with { Flags = null, Components = [] })
            : Message(Reply.SharedInThread);

    private static Reply RefusedShare { get; } = Reply.Error(
        "Not shared",
        "Discord did not let TalksBot post in this channel (it needs View Channel, Send Messages, Embed Links and Read Message History here). Nothing was posted.");

    private static InteractionResponse Message(Reply reply) => new(InteractionCallbackType.ChannelMessageWithSource, EmbedRenderer.Render(reply));
}
