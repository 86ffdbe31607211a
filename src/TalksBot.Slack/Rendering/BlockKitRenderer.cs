using System.Text.Json.Nodes;
using TalksBot.Core.Cards;

namespace TalksBot.Slack.Rendering;

/// <summary>
/// Renders a platform-neutral <see cref="Reply"/> as a Slack Block Kit message. A pure function: every Block Kit
/// limit is enforced by splitting or trimming, user-visible text is escaped (&amp;, &lt;, &gt;) so nothing can notify a
/// channel, mrkdwn is verbatim, and a plain-text fallback is always set.
/// </summary>
internal static class BlockKitRenderer
{
    public const int MaxBlocks = 50;
    public const int MaxHeader = 150;
    public const int MaxSectionText = 3000;
    public const int MaxContextElements = 10;
    public const int MaxButtonText = 75;
    public const int MaxActionId = 255;
    public const int MaxButtonValue = 2000;
    public const int MaxActionsElements = 25;
    public const int MaxFallback = 3000;

    /// <summary>The prefix of every TalksBot button's action_id; the value carries the action.</summary>
    public const string ActionPrefix = "talksbot-";

    public static JsonObject Render(Reply reply)
    {
        var blocks = new List<JsonObject>();
        foreach (var card in reply.Cards)
        {
            if (blocks.Count > 0)
            {
                blocks.Add(new JsonObject { ["type"] = "divider" });
            }

            blocks.AddRange(CardBlocks(card));
        }

        var actions = Actions(reply.Buttons);

        // Leave room for the buttons and a note; past 50 blocks the rest is cut, and the note says so.
        var room = MaxBlocks - (actions is null ? 0 : 1);
        if (blocks.Count > room)
        {
            blocks = blocks.Take(room - 1).ToList();
            blocks.Add(Context("Part of this answer was cut to fit Slack; narrow the question to see the rest."));
        }

        if (actions is not null)
        {
            blocks.Add(actions);
        }

        return new JsonObject
        {
            ["response_type"] = reply.Ephemeral ? "ephemeral" : "in_channel",
            ["text"] = Fallback(reply),
            ["blocks"] = new JsonArray([.. blocks]),
        };
    }

    /// <summary>Escapes text for mrkdwn: &amp; &lt; &gt;, which also disarms &lt;!channel&gt;, &lt;!here&gt; and &lt;@U…&gt;.</summary>
    public static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>Cuts text to a limit on a character boundary, with an ellipsis when cut; never empty.</summary>
    public static string Trim(string? text, int max)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return " ";
        }

        if (text.Length <= max)
        {
            return text;
        }

        var cut = max - 1;
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return string.Concat(text.AsSpan(0, cut), "…");
    }

    private static IEnumerable<JsonObject> CardBlocks(Card card)
    {
        yield return new JsonObject
        {
            ["type"] = "header",
            ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = Trim(card.Title, MaxHeader), ["emoji"] = false },
        };
        if (!string.IsNullOrWhiteSpace(card.Description))
        {
            foreach (var part in Split(Escape(card.Description), MaxSectionText))
            {
                yield return Section(part);
            }
        }

        foreach (var field in card.Fields)
        {
            var name = $"*{Escape(field.Name)}*\n";
            foreach (var (part, index) in Split(Escape(field.Value), MaxSectionText - name.Length - 16).Select((p, i) => (p, i)))
            {
                yield return Section((index == 0 ? name : $"*{Escape(field.Name)} (continued)*\n") + part);
            }
        }

        if (!string.IsNullOrWhiteSpace(card.Footer))
        {
            yield return Context(card.Footer);
        }
    }

    private static JsonObject Section(string mrkdwn) => new()
    {
        ["type"] = "section",
        ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = Trim(mrkdwn, MaxSectionText), ["verbatim"] = true },
    };

    private static JsonObject Context(string text) => new()
    {
        ["type"] = "context",
        ["elements"] = new JsonArray(new JsonObject { ["type"] = "mrkdwn", ["text"] = Trim(Escape(text), MaxSectionText), ["verbatim"] = true }),
    };

    private static JsonObject? Actions(IReadOnlyList<ReplyButton> buttons)
    {
        var elements = new JsonArray();
        foreach (var (button, index) in buttons.Where(b => b.Action.Length <= MaxButtonValue).Take(MaxActionsElements).Select((b, i) => (b, i)))
        {
            var element = new JsonObject
            {
                ["type"] = "button",
                ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = Trim(button.Label, MaxButtonText), ["emoji"] = false },
                ["action_id"] = $"{ActionPrefix}{index}",
                ["value"] = button.Action,
            };
            if (button.Kind is ButtonKind.Primary or ButtonKind.Success)
            {
                element["style"] = "primary";
            }
            else if (button.Kind == ButtonKind.Danger)
            {
                element["style"] = "danger";
            }

            elements.Add(element);
        }

        return elements.Count == 0 ? null : new JsonObject { ["type"] = "actions", ["elements"] = elements };
    }

    /// <summary>The notification and screen-reader text: the first card's title and description, escaped.</summary>
    private static string Fallback(Reply reply)
    {
        var first = reply.Cards.Count > 0 ? reply.Cards[0] : null;
        var text = first is null ? "TalksBot" : $"{first.Title}: {first.Description}";
        return Trim(Escape(text), MaxFallback);
    }

    /// <summary>Splits long text into parts of at most <paramref name="max"/> characters, at line ends where possible.</summary>
    private static IEnumerable<string> Split(string text, int max)
    {
        while (text.Length > max)
        {
            var cut = text.LastIndexOf('\n', max - 1);
            if (cut < max / 2)
            {
                cut = max;
                if (char.IsHighSurrogate(text[cut - 1]))
                {
                    cut--;
                }

                // Never cut an escape such as &amp; in half.
                var amp = text.LastIndexOf('&', cut - 1, Math.Min(5, cut));
                if (amp >= 0 && text.IndexOf(';', amp) >= cut)
                {
                    cut = amp;
                }
            }

            yield return text[..cut];
            text = text[cut..].TrimStart('\n');
        }

        if (text.Length > 0)
        {
            yield return text;
        }
    }
}
