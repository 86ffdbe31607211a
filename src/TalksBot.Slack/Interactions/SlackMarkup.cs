using System.Text;

namespace TalksBot.Slack.Interactions;

/// <summary>
/// Slack's markup in what a member typed, turned into the plain text they meant before it reaches Core — the one place
/// the adapter does this. Slack wraps mentions, channels, dates and links in &lt;…&gt; and escapes &amp;, &lt; and &gt;:
/// <list type="bullet">
/// <item><c>&lt;@U123&gt;</c>, <c>&lt;@U123|name&gt;</c>, <c>&lt;!channel&gt;</c>, <c>&lt;!here&gt;</c>, <c>&lt;!everyone&gt;</c>,
/// <c>&lt;!subteam^S123|@group&gt;</c>: removed — they address people, they are not part of the question.</item>
/// <item><c>&lt;!date^1392734382^{date}|Feb 18, 2014&gt;</c>: its fallback text, the date as the member saw it.</item>
/// <item><c>&lt;#C123|general&gt;</c>: <c>#general</c> (<c>&lt;#C123&gt;</c> without a name: removed) — except for a command
/// that takes a channel (/subscribe), which gets the link itself, as Core reads the channel id from it.</item>
/// <item><c>&lt;https://…|label&gt;</c> and <c>&lt;mailto:…|label&gt;</c>: the label; <c>&lt;https://…&gt;</c>: the address;
/// <c>&lt;mailto:a@b&gt;</c>: the address without <c>mailto:</c>.</item>
/// <item><c>&amp;amp;</c>, <c>&amp;lt;</c>, <c>&amp;gt;</c>: <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c> (after the tokens, so text the
/// member typed as "&lt;@U1&gt;" stays text).</item>
/// </list>
/// A message written in a conversation (a mention, a direct message, a checked message) is read as a member reads it
/// instead (<see cref="MessageText"/>): the bot's own mention is removed, <c>&lt;@U123|bob&gt;</c> is <c>@bob</c> (a user
/// group the same way, a user without a name goes), and
/// <c>&lt;!channel&gt;</c>, <c>&lt;!here&gt;</c>, <c>&lt;!everyone&gt;</c> are the words, without the markup that pings.
/// </summary>
internal static class SlackMarkup
{
    /// <summary>A slash command's text, as Core reads options from it.</summary>
    public static string ToPlainText(string text, bool keepChannelLinks = false) =>
        Convert(text, new Reading(keepChannelLinks, AsMessage: false, BotUserId: null));

    /// <summary>A message's text as its readers see it, without the mention of <paramref name="botUserId"/> (when known).</summary>
    public static string MessageText(string text, string? botUserId) =>
        Convert(text, new Reading(KeepChannelLinks: false, AsMessage: true, botUserId));

    private static string Convert(string text, Reading reading)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.IndexOfAny(['<', '&']) < 0)
        {
            return text;
        }

        var plain = new StringBuilder(text.Length);
        var position = 0;
        while (position < text.Length)
        {
            var open = text.IndexOf('<', position);
            var close = open < 0 ? -1 : text.IndexOf('>', open + 1);
            if (close < 0)
            {
                plain.Append(Unescape(text.AsSpan(position)));
                break;
            }

            plain.Append(Unescape(text.AsSpan(position, open - position)));
            var token = text.AsSpan(open + 1, close - open - 1);
            if (reading.KeepChannelLinks && token.StartsWith('#'))
            {
                plain.Append(text.AsSpan(open, close - open + 1));
            }
            else
            {
                plain.Append(Unescape(Token(token, reading)));
            }

            position = close + 1;
        }

        return plain.ToString();
    }

    /// <summary>What one &lt;…&gt; token stands for in plain text.</summary>
    private static ReadOnlySpan<char> Token(ReadOnlySpan<char> token, Reading reading)
    {
        if (token.IsEmpty)
        {
            return [];
        }

        var bar = token.IndexOf('|');
        var target = bar < 0 ? token : token[..bar];
        var label = bar < 0 ? [] : token[(bar + 1)..];

        if (reading.AsMessage && Addressed(target, label, reading.BotUserId) is { } addressed)
        {
            return addressed;
        }

        return token[0] switch
        {
            // People: users, @channel, @here, @everyone, user groups.
            '@' => [],
            '!' when target.StartsWith("!date^") => label,
            '!' => [],
            '#' => label.IsEmpty ? [] : string.Concat("#", label),
            _ when !label.IsEmpty => label,
            _ when target.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) => target["mailto:".Length..],
            _ => target,
        };
    }

    /// <summary>
    /// In a message, who it addresses as its readers see it: the bot's own mention goes, a named user is @name, a broadcast
    /// is its word; null for any other token.
    /// </summary>
    private static string? Addressed(ReadOnlySpan<char> target, ReadOnlySpan<char> label, string? botUserId)
    {
        var isBot = botUserId is not null && target.StartsWith('@') && target[1..].SequenceEqual(botUserId);
        if (target.StartsWith('@') || target.StartsWith("!subteam^"))
        {
            return isBot || label.IsEmpty ? "" : string.Concat("@", label.TrimStart('@'));
        }

        return target switch
        {
            "!channel" or "!here" or "!everyone" => target[1..].ToString(),
            _ => null,
        };
    }

    private static string Unescape(ReadOnlySpan<char> text)
    {
        if (text.IndexOf('&') < 0)
        {
            return text.ToString();
        }

        var plain = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var rest = text[i..];
            if (rest.StartsWith("&amp;"))
            {
                plain.Append('&');
                i += 4;
            }
            else if (rest.StartsWith("&lt;"))
            {
                plain.Append('<');
                i += 3;
            }
            else if (rest.StartsWith("&gt;"))
            {
                plain.Append('>');
                i += 3;
            }
            else
            {
                plain.Append(text[i]);
            }
        }

        return plain.ToString();
    }

    /// <summary>How the text is read: a command's (optionally keeping channel links) or a message's, with the bot's user id.</summary>
    private readonly record struct Reading(bool KeepChannelLinks, bool AsMessage, string? BotUserId);
}
