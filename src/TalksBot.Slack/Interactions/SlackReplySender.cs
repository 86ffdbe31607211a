using Microsoft.Extensions.Logging;
using TalksBot.Core.Cards;
using TalksBot.Core.Commands;
using TalksBot.Slack.Protocol;
using TalksBot.Slack.Rendering;
using TalksBot.Slack.WebApi;

namespace TalksBot.Slack.Interactions;

/// <summary>Where a reply goes: who asked, in which channel, the trigger that may open a form (single use, 3 s), and the response_url for a late answer.</summary>
internal sealed record SlackConversation(string UserId, string ChannelId, string? TriggerId, Uri? ResponseUrl)
{
    /// <summary>A response_url Slack gave, when it is one (an absolute http(s) address).</summary>
    public static Uri? ResponseUrlOf(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "https" or "http" ? url : null;
}

/// <summary>
/// Carries out what a reply asks beyond a message, Slack's way: a form opens as a modal (views.open with the trigger_id),
/// files are shared in the channel (the three-step upload), a shared check is posted in the thread under the checked
/// message (chat.postMessage with thread_ts) while the presser is told privately; a late answer goes through the
/// response_url; a private answer outside an acknowledgement goes out as chat.postEphemeral, or as a direct message when
/// the channel refuses it, so the user never loses an answer.
/// </summary>
internal sealed class SlackReplySender(SlackWebApiClient api, ILogger<SlackReplySender> logger)
{
    /// <summary>Opens the reply's form or shares its files; returns the message still to send, or null when nothing is left to say.</summary>
    public async Task<BlockKitMessage?> PresentAsync(Reply reply, SlackConversation conversation, CancellationToken cancellationToken)
    {
        if (reply.Form is { } form)
        {
            return await OpenFormAsync(form, conversation, cancellationToken).ConfigureAwait(false);
        }

        if (reply.Files.Count > 0)
        {
            return await ShareFilesAsync(reply, conversation, cancellationToken).ConfigureAwait(false);
        }

        if (reply.PostUnderMessage is { } messageTs)
        {
            return await ShareInThreadAsync(reply, messageTs, conversation, cancellationToken).ConfigureAwait(false);
        }

        return BlockKitRenderer.Render(reply);
    }

    /// <summary>
    /// Answers a message in a conversation: for all to see in <paramref name="threadTs"/> (or the channel itself when null),
    /// or to the writer alone when the reply is ephemeral. A refusal by Slack (not_in_channel …) is thrown to the pipeline.
    /// </summary>
    public async Task PostInThreadAsync(Reply reply, SlackConversation conversation, string? threadTs, CancellationToken cancellationToken)
    {
        var message = BlockKitRenderer.Render(reply) with { ResponseType = null, ThreadTs = threadTs };
        if (reply.Ephemeral)
        {
            await PostPrivatelyAsync(message, conversation, cancellationToken).ConfigureAwait(false);
            return;
        }

        await api.PostMessageAsync(message with { Channel = conversation.ChannelId }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A message after the acknowledgement: through the response_url, or privately when the request brought none.</summary>
    public async Task PostLateAsync(BlockKitMessage message, SlackConversation conversation, CancellationToken cancellationToken)
    {
        if (conversation.ResponseUrl is { } url)
        {
            await api.PostToResponseUrlAsync(url, message with { ReplaceOriginal = message.ReplaceOriginal ?? false }, cancellationToken).ConfigureAwait(false);
            return;
        }

        await PostPrivatelyAsync(message, conversation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Shows a reply to the user alone, outside any acknowledgement (after a modal closed).</summary>
    public async Task SendPrivatelyAsync(Reply reply, SlackConversation conversation, CancellationToken cancellationToken)
    {
        var message = await PresentAsync(reply with { Ephemeral = true }, conversation, cancellationToken).ConfigureAwait(false);
        if (message is not null)
        {
            await PostPrivatelyAsync(message, conversation, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task PostPrivatelyAsync(BlockKitMessage message, SlackConversation conversation, CancellationToken cancellationToken)
    {
        var plain = message with { ResponseType = null, ReplaceOriginal = null };
        if (conversation.ChannelId.Length > 0)
        {
            try
            {
                await api.PostEphemeralAsync(plain with { Channel = conversation.ChannelId, User = conversation.UserId }, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.EphemeralFailed(logger, conversation.UserId, conversation.ChannelId, SlackApiException.CodeOf(exception));
            }
        }

        try
        {
            // Posting to a user id lands in the app's direct messages with them, outside the channel's thread.
            await api.PostMessageAsync(plain with { Channel = conversation.UserId, ThreadTs = null }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.AnswerLost(logger, conversation.UserId, SlackApiException.CodeOf(exception));
        }
    }

    private async Task<BlockKitMessage?> OpenFormAsync(ReplyForm form, SlackConversation conversation, CancellationToken cancellationToken)
    {
        var asText = CommandCatalog.Find(form.Command) is { } command ? $" You can also give the values as text: {command.Usage}" : "";
        var view = ModalRenderer.Render(form, conversation.ChannelId);
        if (view is null)
        {
            return BlockKitRenderer.Render(Reply.Error("The form did not open", "What the form has to remember is more than Slack keeps with a form." + asText));
        }

        if (conversation.TriggerId is not { Length: > 0 } trigger)
        {
            return BlockKitRenderer.Render(Reply.Error("The form did not open", "Slack can open forms only right after a command or a button press." + asText));
        }

        try
        {
            await api.OpenViewAsync(trigger, view, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.FormNotOpened(logger, form.Command, SlackApiException.CodeOf(exception));
            return BlockKitRenderer.Render(Reply.Error(
                "The form did not open",
                $"Slack did not open the form ({SlackApiException.CodeOf(exception)}); it has to open within 3 seconds of the command. Please run /{form.Command} again.{asText}"));
        }
    }

    /// <summary>
    /// "Share in channel": the reply's cards for all to see, in the thread under the checked message of the channel the
    /// button was pressed in; the presser's private check becomes "Shared". When Slack refuses the post, nothing is public
    /// and the presser is told why.
    /// </summary>
    private async Task<BlockKitMessage> ShareInThreadAsync(Reply reply, string messageTs, SlackConversation conversation, CancellationToken cancellationToken)
    {
        var shared = BlockKitRenderer.Render(reply with { Ephemeral = false }) with { ResponseType = null, Channel = conversation.ChannelId, ThreadTs = messageTs };
        try
        {
            await api.PostMessageAsync(shared, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.ShareFailed(logger, conversation.ChannelId, SlackApiException.CodeOf(exception));
            var reason = exception is SlackApiException slack ? slack.Reason : "Slack could not be reached";
            return BlockKitRenderer.Render(Reply.Error(
                "Not shared",
                $"TalksBot could not post in this channel: {reason}. Nothing was posted. Invite TalksBot to the channel (/invite @TalksBot) to share checks there."));
        }

        return BlockKitRenderer.Render(Reply.SharedInThread) with { ReplaceOriginal = true };
    }

    private async Task<BlockKitMessage?> ShareFilesAsync(Reply reply, SlackConversation conversation, CancellationToken cancellationToken)
    {
        // The message that introduces the files: the card's own text.
        var comment = BlockKitRenderer.Render(reply).Text;
        foreach (var (file, index) in reply.Files.Select((f, i) => (f, i)))
        {
            var name = BlockKitRenderer.FileName(file.Name);
            try
            {
                await api.UploadFileAsync(conversation.ChannelId, name, file.Content, index == 0 ? comment : null, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.UploadFailed(logger, name, conversation.ChannelId, SlackApiException.CodeOf(exception));
                var reason = exception is SlackApiException slack ? slack.Reason : "Slack could not be reached";
                return BlockKitRenderer.Render(Reply.Error(
                    "File not shared",
                    $"TalksBot could not share {name} here: {reason}. Invite TalksBot to this channel (/invite @TalksBot) or run the command in a channel it is in, then try again."));
            }
        }

        return null;
    }
}
