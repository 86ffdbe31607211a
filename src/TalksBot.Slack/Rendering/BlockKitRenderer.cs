using TalksBot.Core.Cards;
using TalksBot.Slack.Protocol;

namespace TalksBot.Slack.Rendering;

/// <summary>
/// Renders a platform-neutral <see cref="Reply"/> as a Slack Block Kit message. A pure function: every Block Kit
/// limit is enforced by splitting or trimming, every text loses control, bidirectional and invisible characters
/// (<see cref="DisplayText.Clean"/>), user-visible mrkdwn is escaped (&amp;, &lt;, &gt;) so nothing can notify a channel,
/// mrkdwn is verbatim, and a plain-text fallback is always set.
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
    public const int MaxFileName = 255;

    /// <summary>The prefix of every TalksBot button's action_id; the value carries the action.</summary>
    public const string ActionPrefix = "talksbot-";

    public static BlockKitMessage Render(Reply reply)
    {
        var blocks = new List<Block>();
        foreach (var card in reply.Cards)
        {
            if (blocks.Count > 0)
            {
                blocks.Add(new DividerBlock());
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

        return new BlockKitMessage(Fallback(reply), blocks) { ResponseType = reply.Ephemeral ? ResponseType.Ephemeral : ResponseType.InChannel };
    }

    /// <summary>Text for mrkdwn: cleaned, then &amp; &lt; &gt; escaped, which also disarms &lt;!channel&gt;, &lt;!here&gt; and &lt;@U…&gt;.</summary>
    public static string Escape(string? text) =>
        DisplayText.Clean(text).Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>Text for a plain_text object (Slack does not interpret it): cleaned and cut to <paramref name="max"/>.</summary>
    public static string Plain(string? text, int max) => Trim(DisplayText.Clean(text), max);

    /// <summary>A file's name as Slack shows it: cleaned, without path separators, within Slack's limit.</summary>
    public static string FileName(string name)
    {
        var clean = DisplayText.Clean(name).Replace('/', '_').Replace('\\', '_').Replace('\n', ' ').Trim();
        return clean.Length == 0 ? "file" : Trim(clean, MaxFileName);
    }

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

    private static IEnumerable<Block> CardBlocks(Card card)
    {
        yield return new HeaderBlock(TextObject.Plain(Plain(card.Title, MaxHeader)));
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

    private static SectionBlock Section(string mrkdwn) => new(TextObject.Mrkdwn(Trim(mrkdwn, MaxSectionText)));

    private static ContextBlock Context(string text) => new([TextObject.Mrkdwn(Trim(Escape(text), MaxSectionText))]);

    private static ActionsBlock? Actions(IReadOnlyList<ReplyButton> buttons)
    {
        // The value is data (the action the press runs), not text anyone reads; the label is.
        var elements = buttons
            .Where(b => b.Action.Length <= MaxButtonValue)
            .Take(MaxActionsElements)
            .Select((button, index) => new ButtonElement(
                TextObject.Plain(Plain(button.Label, MaxButtonText)),
                $"{ActionPrefix}{index}",
                button.Action,
                button.Kind switch
                {
                    ButtonKind.Primary or ButtonKind.Success => "primary",
                    ButtonKind.Danger => "danger",
                    _ => null,
                }))
            .ToList();
        return elements.Count == 0 ? null : new ActionsBlock(elements);
    }

    /// <summary>The notification and screen-reader text: the first card's title and description, cleaned and escaped.</summary>
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
