using System.Collections.Frozen;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using TalksBot.Core.Cards;
using TalksBot.Core.Commands;
using TalksBot.Discord.Api;
using TalksBot.Discord.Rendering;

namespace TalksBot.Discord.Interactions;

/// <summary>
/// A <see cref="ReplyForm"/> as a Discord modal (response type 9) and its submission back as a command.
/// The modal's custom id carries the command and the form's fixed values, since a submission holds nothing else and
/// any instance (HTTP mode) may receive it: <c>m:&lt;code&gt;|&lt;option index&gt;=&lt;value&gt;…</c>, where the code is
/// four hex digits of the command name's SHA-256 (stable when the catalogue is reordered) and the index is the
/// option's position in the command's definition. Both keep the worst case, /fact edit with an 80-character id and a
/// six-digit revision, at 98 of Discord's 100 characters; the inbox's Update carries its item's id besides (12 more),
/// which the knowledge's longest fact id (72 characters) still leaves room for. A form that does not fit is refused
/// with a private error, never sent to Discord.
/// </summary>
internal static class DiscordModals
{
    public const string Prefix = "m:";
    public const int MaxCustomId = 100;
    public const int MaxTitle = 45;
    public const int MaxLabel = 45;
    public const int MaxPlaceholder = 100;
    public const int MaxInputLength = 4000;

    // Button-only commands open forms too (the inbox's Dismiss asks for a reason), so their submissions must come back.
    private static readonly FrozenDictionary<string, CommandDefinition> ByCode =
        CommandCatalog.All.Concat(CommandCatalog.ButtonOnly).ToFrozenDictionary(c => Code(c.Name), StringComparer.Ordinal);

    /// <summary>The modal for a form, or why Discord could not show it (the caller answers with an error).</summary>
    public static (ModalData? Modal, string? Problem) Render(ReplyForm form)
    {
        if (CommandCatalog.Find(form.Command) is not { } command)
        {
            return (null, $"the form is for /{form.Command}, which TalksBot does not know");
        }

        if (form.Fields.Count is 0 or > ReplyForm.MaxFields)
        {
            return (null, $"the form has {form.Fields.Count} inputs; Discord shows 1 to {ReplyForm.MaxFields}");
        }

        var customId = new StringBuilder(Prefix).Append(Code(command.Name));
        foreach (var (name, value) in form.Carried.OrderBy(p => IndexOf(command, p.Key)))
        {
            var index = IndexOf(command, name);
            if (index < 0)
            {
                return (null, $"/{command.Name} has no option '{name}'");
            }

            customId.Append('|').Append(index.ToString(CultureInfo.InvariantCulture)).Append('=').Append(Uri.EscapeDataString(value));
        }

        if (customId.Length > MaxCustomId)
        {
            return (null, $"the values the form keeps ({string.Join(", ", form.Carried.Keys)}) are too long for a Discord form ({customId.Length} of {MaxCustomId} characters)");
        }

        var rows = form.Fields.Select(field => new ActionRow([Input(field)])).ToList();
        return (new ModalData(customId.ToString(), EmbedRenderer.Text(form.Title, MaxTitle), rows), null);
    }

    /// <summary>A modal submission's data as the command the form was for: the carried values plus the inputs' values.</summary>
    public static ParsedCommand Parse(InteractionData data)
    {
        var customId = data.CustomId ?? "";
        var parts = customId.StartsWith(Prefix, StringComparison.Ordinal) ? customId[Prefix.Length..].Split('|') : [];
        if (parts.Length == 0 || !ByCode.TryGetValue(parts[0], out var command))
        {
            return new ParsedCommand("form", new Dictionary<string, string>(), "This form is no longer supported. Please run the command again.");
        }

        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in parts.Skip(1))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals < 1 ||
                !int.TryParse(part.AsSpan(0, equals), NumberStyles.None, CultureInfo.InvariantCulture, out var index) ||
                index >= command.Options.Count)
            {
                return new ParsedCommand(command.Name, options, "This form is out of date. Please run the command again.");
            }

            options[command.Options[index].Name] = Uri.UnescapeDataString(part[(equals + 1)..]);
        }

        foreach (var input in (data.Components ?? []).SelectMany(row => row.Components ?? []).Where(c => c.Type == ComponentType.TextInput))
        {
            // A form never overrides what it carries (the id and revision it was opened for).
            if (input.CustomId is { } name && !options.ContainsKey(name))
            {
                options[name] = input.Value ?? "";
            }
        }

        return new ParsedCommand(command.Name, options, null);
    }

    internal static string Code(string commandName) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(commandName)))[..4];

    private static TextInput Input(FormField field)
    {
        var value = string.IsNullOrEmpty(field.Value) ? null : DisplayText.Clean(field.Value);
        return new TextInput(
            field.Option,
            EmbedRenderer.Text(field.Label, MaxLabel),
            field.Multiline ? TextInputStyle.Paragraph : TextInputStyle.Short,
            field.Required,
            // A pre-filled value longer than the limit stays whole, so nothing is silently cut; the router's own limit still applies.
            Math.Clamp(Math.Max(field.MaxLength, value?.Length ?? 0), 1, MaxInputLength))
        {
            Value = string.IsNullOrEmpty(value) ? null : value.Length > MaxInputLength ? value[..MaxInputLength] : value,
            Placeholder = string.IsNullOrWhiteSpace(field.Placeholder) ? null : EmbedRenderer.Text(field.Placeholder, MaxPlaceholder),
        };
    }

    private static int IndexOf(CommandDefinition command, string option)
    {
        for (var i = 0; i < command.Options.Count; i++)
        {
            if (string.Equals(command.Options[i].Name, option, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
