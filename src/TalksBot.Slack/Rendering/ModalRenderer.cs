using System.Text.Json;
using System.Text.Json.Nodes;
using TalksBot.Core.Cards;

namespace TalksBot.Slack.Rendering;

/// <summary>What came back from a TalksBot modal: the command to run, its options (carried values and inputs), and where it was opened.</summary>
internal sealed record FormSubmission(string Command, IReadOnlyDictionary<string, string> Options, string ChannelId, string? FirstInput);

/// <summary>
/// A <see cref="ReplyForm"/> as a Slack modal and back. Pure functions: one input block per field (block_id = action_id =
/// the option's name), the values fixed when the form opened and the channel it was opened in kept in private_metadata,
/// Slack's limits enforced by trimming.
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
    public static JsonObject? Render(ReplyForm form, string channelId)
    {
        var carried = new JsonObject();
        foreach (var (name, value) in form.Carried)
        {
            carried[name] = value;
        }

        var metadata = new JsonObject { ["channel"] = channelId, ["carried"] = carried }.ToJsonString();
        if (metadata.Length > MaxPrivateMetadata)
        {
            return null;
        }

        return new JsonObject
        {
            ["type"] = "modal",
            ["callback_id"] = CallbackPrefix + form.Command,
            ["title"] = PlainText(BlockKitRenderer.Trim(form.Title, MaxTitle)),
            ["submit"] = PlainText("Save"),
            ["close"] = PlainText("Cancel"),
            ["private_metadata"] = metadata,
            ["blocks"] = new JsonArray([.. form.Fields.Take(MaxBlocks).Select(Input)]),
        };
    }

    /// <summary>Reads a view_submission's view; null when it is not a TalksBot form.</summary>
    public static FormSubmission? Read(JsonObject view)
    {
        var callbackId = view["callback_id"]?.GetValue<string>() ?? "";
        if (!callbackId.StartsWith(CallbackPrefix, StringComparison.Ordinal) || callbackId.Length == CallbackPrefix.Length)
        {
            return null;
        }

        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var state = view["state"]?["values"] as JsonObject ?? [];
        foreach (var (blockId, actions) in state)
        {
            var value = (actions as JsonObject)?.Select(a => a.Value?["value"]).OfType<JsonValue>().FirstOrDefault();
            options[blockId] = value is not null && value.TryGetValue(out string? text) ? text : "";
        }

        var channel = "";
        try
        {
            if (JsonNode.Parse(view["private_metadata"]?.GetValue<string>() is { Length: > 0 } json ? json : "{}") is JsonObject metadata)
            {
                channel = metadata["channel"] is JsonValue c && c.TryGetValue(out string? id) ? id : "";
                foreach (var (name, value) in metadata["carried"] as JsonObject ?? [])
                {
                    // What the form fixed when it opened (the fact and the revision it shows) wins over any input.
                    if (value is JsonValue v && v.TryGetValue(out string? text))
                    {
                        options[name] = text;
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not ours after all; the inputs alone still make a command the router checks.
        }

        var firstInput = (view["blocks"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .FirstOrDefault(b => b["type"]?.GetValue<string>() == "input" && b["block_id"] is not null)?["block_id"]?.GetValue<string>()
            ?? state.Select(s => s.Key).FirstOrDefault();
        return new FormSubmission(callbackId[CallbackPrefix.Length..], options, channel, firstInput);
    }

    /// <summary>The answer to a view_submission that keeps the modal open with a message under one input.</summary>
    public static JsonObject Errors(string blockId, string message) => new()
    {
        ["response_action"] = "errors",
        ["errors"] = new JsonObject { [blockId] = message },
    };

    private static JsonObject Input(FormField field)
    {
        var maxLength = Math.Clamp(field.MaxLength, 1, MaxInputLength);
        var element = new JsonObject
        {
            ["type"] = "plain_text_input",
            ["action_id"] = field.Option,
            ["multiline"] = field.Multiline,
            ["max_length"] = maxLength,
        };
        if (!string.IsNullOrEmpty(field.Value))
        {
            element["initial_value"] = field.Value.Length <= maxLength ? field.Value : BlockKitRenderer.Trim(field.Value, maxLength);
        }

        if (!string.IsNullOrWhiteSpace(field.Placeholder))
        {
            element["placeholder"] = PlainText(BlockKitRenderer.Trim(field.Placeholder, MaxPlaceholder));
        }

        return new JsonObject
        {
            ["type"] = "input",
            ["block_id"] = field.Option,
            ["optional"] = !field.Required,
            ["label"] = PlainText(BlockKitRenderer.Trim(field.Label, MaxLabel)),
            ["element"] = element,
        };
    }

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text, ["emoji"] = false };
}
