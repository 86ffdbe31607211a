using TalksBot.Core.Cards;
using TalksBot.Core.Commands;

namespace TalksBot.Core.Moderation.Handlers;

/// <summary>The inputs of the add and edit forms, named after the commands' options.</summary>
internal static class FactForms
{
    public static IReadOnlyList<FormField> Fields(string? text, string? sourceUrl, string? sourceTitle, string? asOf, bool withReason)
    {
        List<FormField> fields =
        [
            new("text", "The fact, in one or two sentences", text, Multiline: true, Required: true, MaxLength: CommandCatalog.MaxFactTextLength),
            new("source_url", "Source address (https://…)", sourceUrl, Required: true, MaxLength: CommandCatalog.MaxUrlLength, Placeholder: "https://"),
            // A headline from a feed (up to 300 characters) or an old source's title may be longer than the save takes:
            // shortened here, the form saves as it opens (Discord keeps a longer value whole, and the save refused it).
            new("source_title", "Source headline", sourceTitle is null ? null : DisplayText.Shorten(sourceTitle, CommandCatalog.MaxSourceTitleLength), MaxLength: CommandCatalog.MaxSourceTitleLength),
            new("as_of", "True as of (YYYY-MM-DD)", asOf, Required: true, MaxLength: 10, Placeholder: "YYYY-MM-DD"),
        ];
        if (withReason)
        {
            fields.Add(new("reason", "Why (kept in the history)", null, MaxLength: CommandCatalog.MaxReasonLength));
        }

        return fields;
    }
}
