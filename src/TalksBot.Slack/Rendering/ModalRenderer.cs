using System.Text;
using TalksBot.Core.Cards;
using TalksBot.Platform.WebSockets;
using TalksBot.Slack.Protocol;

namespace TalksBot.Slack.Rendering;

/// <summary>What came back from a TalksBot modal: the command to run, its options (carried values and inputs), and where it was opened.</summary>
internal sealed record FormSubmission(string Command, IReadOnlyDictionary<string, string> Options, string ChannelId, string? FirstInput);

/// <summary>
/// A <see cref="ReplyForm"/> as a Slack modal and back. Pure functions: one input block per field (block_id = action_id =
/// the option's name), the values fixed when the form opened and the channel it was opened in kept in private_metadata
/// (data, not text: kept as it is), every text a moderator reads cleaned, Slack's limits enforced by trimming.
/// </summary>
internal static class ModalRenderer
{
    public const string CallbackPrefix = "modal:";
    public const int MaxTitle = 24;
    public const int MaxPrivateMetadata = 3000;
    public const int MaxLabel = 2000;
    public const int MaxPlaceholder = 150;
    public const int MaxInputLength = 3000;
    public const int MaxBlocks = 100;

    /// <summary>The modal view for views.open; null when the carried values do not fit private_metadata.</summary>
    public static ModalView? Render(ReplyForm form, string channelId)
    {
        var metadata = Encoding.UTF8.GetString(PayloadJson.Serialize(new ModalMetadata(channelId, form.Carried), SlackJson.Default.ModalMetadata));
        if (metadata.Length > MaxPrivateMetadata)
        {
            return null;
        }

        return new ModalView(
            CallbackPrefix + form.Command,
            TextObject.Plain(BlockKitRenderer.Plain(form.Title, MaxTitle)),
            TextObject.Plain("Save"),
            TextObject.Plain("Cancel"),
            metadata,
            [.. form.Fields.Take(MaxBlocks).Select(Input)]);
    }

    /// <summary>Reads a view_submission's view; null when it is not a TalksBot form.</summary>
    public static FormSubmission? Read(SubmittedView view)
    {
        var callbackId = view.CallbackId;
        if (!callbackId.StartsWith(CallbackPrefix, StringComparison.Ordinal) || callbackId.Length == CallbackPrefix.Length)
        {
            return null;
        }

        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var state = view.State?.Values ?? new Dictionary<string, IReadOnlyDictionary<string, SubmittedInput>>();
        foreach (var (blockId, actions) in state)
        {
            options[blockId] = actions.Values.Select(a => a.Value).FirstOrDefault(v => v is not null) ?? "";
        }

        var metadata = Metadata(view.PrivateMetadata);
        foreach (var (name, value) in metadata?.Carried ?? new Dictionary<string, string>())
        {
            // What the form fixed when it opened (the fact and the revision it shows) wins over any input.
            options[name] = value;
        }

        var firstInput = view.Blocks?.FirstOrDefault(b => b.Type == "input" && b.BlockId is not null)?.BlockId ?? state.Keys.FirstOrDefault();
        return new FormSubmission(callbackId[CallbackPrefix.Length..], options, metadata?.Channel ?? "", firstInput);
    }

    /// <summary>The answer to a view_submission that keeps the modal open with a message under one input.</summary>
    public static ViewErrorsResponse Errors(string blockId, string message, int maxLength) =>
        new(new Dictionary<string, string> { [blockId] = BlockKitRenderer.Plain(message, maxLength) });

    private static ModalMetadata? Metadata(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return PayloadJson.Deserialize(Encoding.UTF8.GetBytes(json), SlackJson.Default.ModalMetadata);
        }
        catch (MalformedMessageException)
        {
            // Not ours after all; the inputs alone still make a command the router checks.
            return null;
        }
    }

    private static InputBlock Input(FormField field)
    {
        var maxLength = Math.Clamp(field.MaxLength, 1, MaxInputLength);
        var value = DisplayText.Clean(field.Value);
        return new InputBlock(
            field.Option,
            TextObject.Plain(BlockKitRenderer.Plain(field.Label, MaxLabel)),
            new PlainTextInputElement(
                field.Option,
                field.Multiline,
                maxLength,
                value.Length == 0 ? null : value.Length <= maxLength ? value : BlockKitRenderer.Trim(value, maxLength),
                string.IsNullOrWhiteSpace(field.Placeholder) ? null : TextObject.Plain(BlockKitRenderer.Plain(field.Placeholder, MaxPlaceholder))),
            !field.Required);
    }
}
