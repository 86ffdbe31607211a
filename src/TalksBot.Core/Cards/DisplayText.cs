using System.Buffers;
using System.Globalization;
using System.Text;

namespace TalksBot.Core.Cards;

/// <summary>
/// Keeps characters that can restyle a terminal or disguise text out of every answer. Stored facts, sources and
/// anything a member typed may hold them: C0/C1 control characters (ESC sequences retitle or recolour a terminal,
/// NUL cuts text short), bidirectional overrides and isolates (they reorder what a reader sees: "‮txt.exe"), and
/// invisible formatting characters (zero-width spaces hide words from a reader but not from a search).
/// Renderers pass all text through <see cref="Clean"/>; moderator input containing them is refused with <see cref="FindUnsafe"/>.
/// </summary>
/// <remarks>
/// Zero-width joiner and non-joiner (U+200D, U+200C) stay: emoji sequences and Persian or Indic scripts need them.
/// A zero-width space stays right after '@' or '&lt;', where <see cref="UserText.Defuse"/> puts it to break a mention;
/// there it hides nothing.
/// </remarks>
public static class DisplayText
{
    private static readonly SearchValues<char> Unsafe = SearchValues.Create(
        string.Concat(
            Range('\u0000', '\u001F'),
            Range('\u007F', '\u009F'),
            "\u00AD\u061C\u180E\u200B\u200E\u200F",
            Range('\u202A', '\u202E'),
            Range('\u2060', '\u2064'),
            Range('\u2066', '\u2069'),
            "\uFEFF"));

    /// <summary>
    /// The text without control, bidirectional-override and invisible characters. Line breaks stay (a CR LF or lone CR
    /// becomes LF) and a tab becomes a space; everything else unsafe is dropped.
    /// </summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        var first = text.AsSpan().IndexOfAny(Unsafe);
        if (first < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        builder.Append(text.AsSpan(0, first));
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (!Unsafe.Contains(c))
            {
                builder.Append(c);
                continue;
            }

            switch (c)
            {
                case '\n':
                    builder.Append('\n');
                    break;
                case '\r':
                    if (i + 1 >= text.Length || text[i + 1] != '\n')
                    {
                        builder.Append('\n');
                    }

                    break;
                case '\t':
                    builder.Append(' ');
                    break;
                case '\u200B' when builder.Length > 0 && builder[^1] is '@' or '<':
                    builder.Append(c);
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// <paramref name="text"/> cut to at most <paramref name="maxLength"/> characters, ending with "…" when cut, never
    /// between the two halves of a surrogate pair (an emoji, a flag's letter): half a pair is no character at all, shown
    /// as "�" or refused by JSON and database encoders.
    /// </summary>
    public static string Shorten(string text, int maxLength)
    {
        if (text.Length <= maxLength)
        {
            return text;
        }

        var cut = Math.Max(0, maxLength - 1);
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return string.Concat(text.AsSpan(0, cut).TrimEnd(), "…");
    }

    /// <summary>
    /// The first character that <see cref="Clean"/> would drop or change (line breaks and tabs are allowed), described for
    /// an error message: "U+202E (right-to-left override) at position 12"; null when the text is clean.
    /// </summary>
    public static string? FindUnsafe(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\n' or '\r' or '\t' || !Unsafe.Contains(c))
            {
                continue;
            }

            return string.Create(CultureInfo.InvariantCulture, $"U+{(int)c:X4} ({Describe(c)}) at position {i + 1}");
        }

        return null;
    }

    private static string Describe(char c) => c switch
    {
        '\u001B' => "escape",
        '\u0000' => "null",
        '\u0007' => "bell",
        '\u0008' => "backspace",
        '\u007F' => "delete",
        '\u00AD' => "soft hyphen",
        '\u200B' => "zero-width space",
        '\uFEFF' => "zero-width no-break space",
        '\u200E' or '\u200F' or '\u061C' => "direction mark",
        >= '\u202A' and <= '\u202E' => "bidirectional override",
        >= '\u2066' and <= '\u2069' => "bidirectional isolate",
        >= '\u2060' and <= '\u2064' => "invisible formatting character",
        '\u180E' => "invisible formatting character",
        _ => "control character",
    };

    private static string Range(char from, char to)
    {
        var builder = new StringBuilder(to - from + 1);
        for (var c = from; c <= to; c++)
        {
            builder.Append(c);
        }

        return builder.ToString();
    }
}
