using TalksBot.Core.Cards;
using TalksBot.Discord.Api;

namespace TalksBot.Discord.Rendering;

/// <summary>
/// Renders a platform-neutral <see cref="Reply"/> as a Discord message (embeds, buttons). A pure function that enforces
/// every Discord limit by splitting or trimming, so Discord never rejects a message of ours, turns mentions off, and
/// keeps control, bidi and invisible characters out of every text it writes (<see cref="DisplayText.Clean"/>).
/// </summary>
internal static class EmbedRenderer
{
    public const int MaxEmbeds = 10;
    public const int MaxTitle = 256;
    public const int MaxDescription = 4096;
    public const int MaxFields = 25;
    public const int MaxFieldName = 256;
    public const int MaxFieldValue = 1024;
    public const int MaxFooter = 2048;
    public const int MaxUrl = 2048;
    public const int MaxTotal = 6000;
    public const int MaxContent = 2000;
    public const int MaxButtonLabel = 80;
    public const int MaxCustomId = 100;
    public const int MaxButtonsPerRow = 5;
    public const int MaxRows = 5;
    public const int MaxFileName = 100;

    /// <summary>The prefix of a button's custom id that runs a command when pressed.</summary>
    public const string RunPrefix = "run:";

    /// <summary>What an empty title or field shows: Discord refuses empty ones, and an invisible character would be one of those we keep out.</summary>
    private const string Blank = "—";

    /// <summary>The message body for an interaction response, a webhook edit or a channel post; its files' names in <see cref="DiscordMessage.Attachments"/>.</summary>
    public static DiscordMessage Render(Reply reply)
    {
        var embeds = new List<Embed>(Math.Min(reply.Cards.Count, MaxEmbeds));
        var budget = MaxTotal;
        foreach (var card in reply.Cards.Take(MaxEmbeds))
        {
            if (Embed(card, ref budget) is not { } embed)
            {
                break;
            }

            embeds.Add(embed);
        }

        var components = Components(reply.Buttons);
        return new DiscordMessage
        {
            Content = embeds.Count < reply.Cards.Count
                ? Text($"Showing {embeds.Count} of {reply.Cards.Count} answers; narrow the question to see the rest.", MaxContent)
                : null,
            Embeds = embeds,
            Components = components.Count > 0 ? components : null,
            Flags = reply.Ephemeral ? MessageFlags.Ephemeral : null,
            AllowedMentions = AllowedMentions.None,
            Attachments = reply.Files.Count > 0 ? reply.Files.Select((file, i) => new AttachmentReference(i, FileName(file.Name))).ToList() : null,
        };
    }

    /// <summary>
    /// A channel post replying to message <paramref name="messageId"/> in the same channel: for everyone (a channel
    /// message cannot be ephemeral), still posted if that message is gone, pinging neither anyone named in it nor the
    /// author of the message it answers.
    /// </summary>
    public static DiscordMessage RenderReplyTo(Reply reply, string messageId) =>
        Render(reply) with
        {
            Flags = null,
            AllowedMentions = AllowedMentions.NoneInReply,
            Reference = new MessageReference(messageId) { FailIfNotExists = false },
        };

    /// <summary>The embed colour: the party's, or the tone's for errors, warnings and information.</summary>
    public static int Colour(Card card) => card.Tone switch
    {
        CardTone.Error => 0xD93025,
        CardTone.Warning => 0xF29900,
        CardTone.Info => 0x5F6368,
        _ => card.PartyId switch
        {
            "russia" => 0xB22234,
            "ukraine" => 0xFFD500,
            "united-states" => 0x3C3B6E,
            "europe" => 0x003399,
            _ => 0x1A7F64,
        },
    };

    /// <summary>
    /// Shows text as typed: a fact a moderator wrote with * _ ~ ` | [ ] (or a line starting with # &gt; -) can neither
    /// restyle the card nor hide a link behind words. Web addresses are left alone so Discord still links them.
    /// </summary>
    public static string EscapeMarkdown(string text)
    {
        var escaped = new System.Text.StringBuilder(text.Length + 8);
        var atLineStart = true;
        for (var i = 0; i < text.Length; i++)
        {
            if (atLineStart || text[i] == ' ')
            {
                var rest = text.AsSpan(i).TrimStart(' ');
                if (rest.StartsWith("http://", StringComparison.Ordinal) || rest.StartsWith("https://", StringComparison.Ordinal))
                {
                    var start = text.Length - rest.Length;
                    var end = text.IndexOfAny([' ', '\n'], start);
                    end = end < 0 ? text.Length : end;
                    escaped.Append(text, i, end - i);
                    i = end - 1;
                    atLineStart = false;
                    continue;
                }
            }

            var c = text[i];
            if (c is '\\' or '*' or '_' or '~' or '`' or '|' or '[' or ']' || (atLineStart && c is '#' or '>' or '-'))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
            atLineStart = c == '\n' || (atLineStart && c == ' ');
        }

        return escaped.ToString();
    }

    /// <summary>
    /// Any text for a Discord payload: control, bidi and invisible characters removed, then cut to <paramref name="max"/>
    /// on a character boundary with an ellipsis; never empty (Discord refuses empty titles, values and labels).
    /// </summary>
    public static string Text(string? text, int max) => Trim(DisplayText.Clean(text), max);

    /// <summary>Cuts clean text to a limit on a character boundary, ending with an ellipsis when cut; never empty.</summary>
    public static string Trim(string? text, int max)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Blank;
        }

        if (text.Length <= max)
        {
            return text;
        }

        if (max <= 1)
        {
            return "…";
        }

        var cut = max - 1;
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return string.Concat(text.AsSpan(0, cut), "…");
    }

    /// <summary>A file's name as Discord shows it: clean, without path separators, within the limit.</summary>
    public static string FileName(string name)
    {
        var clean = DisplayText.Clean(name).Replace('/', '_').Replace('\\', '_').Replace('\n', ' ').Trim();
        return clean.Length == 0 ? "file" : Trim(clean, MaxFileName);
    }

    private static Embed? Embed(Card card, ref int budget)
    {
        if (budget < 16)
        {
            return null;
        }

        var title = Trim(EscapeMarkdown(DisplayText.Clean(card.Title)), Math.Min(MaxTitle, budget));
        budget -= title.Length;

        // The footer (as-of date, sources) is kept even when the description must shrink for it.
        var footer = card.Footer is null || budget < 8 ? null : Text(card.Footer, Math.Min(MaxFooter, Math.Max(8, budget / 4)));
        budget -= footer?.Length ?? 0;
        string? description = null;
        if (!string.IsNullOrWhiteSpace(card.Description) && budget > 16)
        {
            description = Trim(EscapeMarkdown(DisplayText.Clean(card.Description)), Math.Min(MaxDescription, budget));
            budget -= description.Length;
        }

        var fields = new List<EmbedField>();
        foreach (var (name, value, inline) in SplitFields(card.Fields))
        {
            if (fields.Count == MaxFields || budget < name.Length + 16)
            {
                break;
            }

            var fitted = Trim(value, Math.Min(MaxFieldValue, budget - name.Length));
            fields.Add(new EmbedField(name, fitted, inline));
            budget -= name.Length + fitted.Length;
        }

        return new Embed(title, Colour(card))
        {
            Url = EmbedUrl(card.Url),
            Description = description,
            Fields = fields.Count > 0 ? fields : null,
            Footer = footer is null ? null : new EmbedFooter(footer),
        };
    }

    /// <summary>
    /// The card's link as the embed's title link, or none: Discord refuses a whole message whose embed URL is not a
    /// well-formed http(s) address or is longer than <see cref="MaxUrl"/> (a feed's link may be either), so such a link
    /// is left to the card's text rather than costing the answer.
    /// </summary>
    private static string? EmbedUrl(string? url)
    {
        var cleaned = url is null ? null : DisplayText.Clean(url);
        return cleaned is { Length: > 0 and <= MaxUrl } && Uri.TryCreate(cleaned, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? cleaned
            : null;
    }

    /// <summary>A field longer than Discord allows continues in further fields, split at line ends where possible.</summary>
    private static IEnumerable<(string Name, string Value, bool Inline)> SplitFields(IReadOnlyList<CardField> fields)
    {
        foreach (var field in fields)
        {
            var cleanName = DisplayText.Clean(field.Name);
            var name = Trim(EscapeMarkdown(cleanName), MaxFieldName);
            var cleanValue = DisplayText.Clean(field.Value);
            var value = string.IsNullOrWhiteSpace(cleanValue) ? Blank : EscapeMarkdown(cleanValue);
            var part = 0;
            while (value.Length > 0)
            {
                var take = value.Length <= MaxFieldValue ? value.Length : BreakAt(value, MaxFieldValue);
                yield return (part == 0 ? name : Trim($"{cleanName} (continued)", MaxFieldName), value[..take].TrimEnd(), field.Inline);
                value = value[take..].TrimStart('\n');
                part++;
            }
        }
    }

    private static int BreakAt(string text, int max)
    {
        var newline = text.LastIndexOf('\n', max - 1);
        if (newline > max / 2)
        {
            return newline + 1;
        }

        var cut = max;
        return char.IsHighSurrogate(text[cut - 1]) ? cut - 1 : cut;
    }

    private static List<ActionRow> Components(IReadOnlyList<ReplyButton> buttons) =>
        [.. buttons
            .Where(b => (RunPrefix + b.Action).Length <= MaxCustomId)
            .Chunk(MaxButtonsPerRow)
            .Take(MaxRows)
            .Select(chunk => new ActionRow([.. chunk.Select(Button)]))];

    private static Component Button(ReplyButton button) => new Button(
        button.Kind switch
        {
            ButtonKind.Primary => ButtonStyle.Primary,
            ButtonKind.Success => ButtonStyle.Success,
            ButtonKind.Danger => ButtonStyle.Danger,
            _ => ButtonStyle.Secondary,
        },
        Text(button.Label, MaxButtonLabel),
        RunPrefix + button.Action);
}
