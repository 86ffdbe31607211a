using TalksBot.Core.Cards;
using TalksBot.Core.Commands;
using TalksBot.Slack.Rendering;

namespace TalksBot.Slack.Interactions;

/// <summary>What kind of request a channel answers: each has its own Slack rules for the first answer.</summary>
internal enum SlackRequestKind
{
    /// <summary>The answer rides on the acknowledgement; a late one goes through the response_url.</summary>
    SlashCommand,

    /// <summary>Slack shows nothing from the acknowledgement of a press: the answer always goes through the response_url.</summary>
    ButtonPress,

    /// <summary>A modal's submission: the acknowledgement closes the modal, or keeps it open with a note under an input.</summary>
    FormSubmission,
}

/// <summary>
/// One Slack request's side of the <see cref="AnswerPipeline"/>: the first answer rides on the acknowledgement (the Socket
/// Mode ack or the HTTP response), a deferral is an empty acknowledgement, the late answer goes through the response_url.
/// Slack's rules live here: a form opens with views.open within 3 s of the trigger, files go through the upload flow, a
/// button press is answered to the presser through the response_url, and a refused submission keeps its modal open with a
/// short note while the full answer (which repeats what the moderator typed) reaches them privately.
/// </summary>
internal sealed class SlackReplyChannel(SlackRequestKind kind, SlackConversation conversation, ISlackAcknowledgement acknowledgement, SlackReplySender sender, string? firstInput = null)
    : IReplyChannel
{
    /// <summary>Under a modal's input: short, the full answer follows as a private message.</summary>
    public const int MaxInputError = 150;

    public async Task AnswerAsync(Reply reply, CancellationToken cancellationToken)
    {
        switch (kind)
        {
            case SlackRequestKind.FormSubmission:
                await acknowledgement.TryAcknowledgeAsync(IsRefusal(reply) && firstInput is { } input ? ModalRenderer.Errors(input, Note(reply), MaxInputError) : null, cancellationToken).ConfigureAwait(false);
                await sender.SendPrivatelyAsync(reply, conversation, cancellationToken).ConfigureAwait(false);
                break;
            case SlackRequestKind.ButtonPress:
                await acknowledgement.TryAcknowledgeAsync(null, cancellationToken).ConfigureAwait(false);
                await AnswerLateAsync(reply, cancellationToken).ConfigureAwait(false);
                break;
            default:
                var message = await sender.PresentAsync(reply, conversation, cancellationToken).ConfigureAwait(false);
                if (!await acknowledgement.TryAcknowledgeAsync(message, cancellationToken).ConfigureAwait(false) && message is not null)
                {
                    await sender.PostLateAsync(message, conversation, cancellationToken).ConfigureAwait(false);
                }

                break;
        }
    }

    public Task DeferAsync(bool ephemeral, CancellationToken cancellationToken) => acknowledgement.TryAcknowledgeAsync(null, cancellationToken);

    public async Task AnswerLateAsync(Reply reply, CancellationToken cancellationToken)
    {
        if (kind == SlackRequestKind.FormSubmission)
        {
            await sender.SendPrivatelyAsync(reply, conversation, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (await sender.PresentAsync(reply, conversation, cancellationToken).ConfigureAwait(false) is { } message)
        {
            await sender.PostLateAsync(message, conversation, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsRefusal(Reply reply) => reply.Cards.Count > 0 && reply.Cards[0].Tone == CardTone.Error;

    private static string Note(Reply reply)
    {
        var card = reply.Cards[0];
        return card.Description is { Length: <= MaxInputError } brief ? brief : $"{card.Title}. TalksBot sent you the details, with your text, as a private message.";
    }
}
