using System.Text.Json.Nodes;
using TalksBot.Core.Cards;

namespace TalksBot.Discord.Rendering;

/// <summary>
/// Renders a platform-neutral <see cref="Reply"/> as a Discord message (embeds, buttons). A pure function that enforces
/// every Discord limit by splitting or trimming, so Discord never rejects a message of ours, and turns mentions off.
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
    public const int MaxTotal = 6000;
    public const int MaxContent = 2000;
    public const int MaxButtonLabel = 80;
    public const int MaxCustomId = 100;
    public const int MaxButtonsPerRow = 5;
    public const int MaxRows = 5;
    public const int EphemeralFlag = 64;

    /// <summary>The prefix of a button's custom id that runs a command when pressed.</summary>
    public const string RunPrefix = "run:";

    private const string Blank = "\u200B";

    /// <summary>The message body for an interaction response or a webhook edit.</summary>
    public static JsonObject Render(Reply reply)
    {
        var embeds = new JsonArray();
        var budget = MaxTotal;
        var shown = 0;
        foreach (var card in reply.Cards.Take(MaxEmbeds))
        {
            var embed = Embed(card, ref budget);
            if (embed is null)
            {
                break;
            }

            embeds.Add(embed);
            shown++;
        }

        var message = new JsonObject
        {
            ["embeds"] = embeds,
            ["allowed_mentions"] = new JsonObject { ["parse"] = new JsonArray() },
        };
        if (shown < reply.Cards.Count)
        {
            message["content"] = Trim($"Showing {shown} of {reply.Cards.Count} answers; narrow the question to see the rest.", MaxContent);
        }

        var components = Components(reply.Buttons);
        if (components.Count > 0)
        {
            message["components"] = components;
        }

        if (reply.Ephemeral)
        {
            message["flags"] = EphemeralFlag;
        }

        return message;
    }

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

    /// <summary>Cuts text to a limit on a character boundary, ending with an ellipsis when cut; never empty.</summary>
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

    private static JsonObject? Embed(Card card, ref int budget)
    {
        if (budget < 16)
        {
            return null;
        }

        var title = Trim(EscapeMarkdown(card.Title), Math.Min(MaxTitle, budget));
        budget -= title.Length;
        var embed = new JsonObject { ["title"] = title, ["color"] = Colour(card) };
        if (card.Url is not null)
        {
            embed["url"] = card.Url;
        }

        // The footer (as-of date, sources) is kept even when the description must shrink for it.
        var footer = card.Footer is null || budget < 8 ? null : Trim(card.Footer, Math.Min(MaxFooter, Math.Max(8, budget / 4)));
        budget -= footer?.Length ?? 0;
        if (!string.IsNullOrWhiteSpace(card.Description) && budget > 16)
        {
            var description = Trim(EscapeMarkdown(card.Description), Math.Min(MaxDescription, budget));
            embed["description"] = description;
            budget -= description.Length;
        }

        var fields = new JsonArray();
        foreach (var (name, value, inline) in SplitFields(card.Fields))
        {
            if (fields.Count == MaxFields || budget < name.Length + 16)
            {
                break;
            }

            var fitted = Trim(value, Math.Min(MaxFieldValue, budget - name.Length));
            fields.Add(new JsonObject { ["name"] = name, ["value"] = fitted, ["inline"] = inline });
            budget -= name.Length + fitted.Length;
        }

        if (fields.Count > 0)
        {
            embed["fields"] = fields;
        }

        if (footer is not null)
        {
            embed["footer"] = new JsonObject { ["text"] = footer };
        }

        return embed;
    }

    /// <summary>A field longer than Discord allows continues in further fields, split at line ends where possible.</summary>
    private static IEnumerable<(string Name, string Value, bool Inline)> SplitFields(IReadOnlyList<CardField> fields)
    {
        foreach (var field in fields)
        {
            var name = Trim(EscapeMarkdown(field.Name), MaxFieldName);
            var value = string.IsNullOrWhiteSpace(field.Value) ? Blank : EscapeMarkdown(field.Value);
            var part = 0;
            while (value.Length > 0)
            {
                var take = value.Length <= MaxFieldValue ? value.Length : BreakAt(value, MaxFieldValue);
                yield return (part == 0 ? name : Trim($"{field.Name} (continued)", MaxFieldName), value[..take].TrimEnd(), field.Inline);
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

    private static JsonArray Components(IReadOnlyList<ReplyButton> buttons)
    {
        var rows = new JsonArray();
        foreach (var chunk in buttons.Where(b => (RunPrefix + b.Action).Length <= MaxCustomId).Chunk(MaxButtonsPerRow).Take(MaxRows))
        {
            var row = new JsonArray();
            foreach (var button in chunk)
            {
                row.Add(new JsonObject
                {
                    ["type"] = 2,
                    ["style"] = button.Kind switch
                    {
                        ButtonKind.Primary => 1,
                        ButtonKind.Success => 3,
                        ButtonKind.Danger => 4,
                        _ => 2,
                    },
                    ["label"] = Trim(button.Label, MaxButtonLabel),
                    ["custom_id"] = RunPrefix + button.Action,
                });
            }

            rows.Add(new JsonObject { ["type"] = 1, ["components"] = row });
        }

        return rows;
    }
}
