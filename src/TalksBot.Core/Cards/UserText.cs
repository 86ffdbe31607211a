using System.Text;

namespace TalksBot.Core.Cards;

/// <summary>Makes text a user typed safe to echo back: short, on one line, and unable to ping anyone.</summary>
public static class UserText
{
    public const int MaxEchoLength = 80;

    /// <summary>Quotes user input for an error message or a heading.</summary>
    public static string Echo(string? text, int maxLength = MaxEchoLength)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "(empty)";
        }

        var builder = new StringBuilder(Math.Min(text.Length, maxLength) + 8);
        foreach (var c in text.Trim())
        {
            if (builder.Length >= maxLength)
            {
                builder.Append('…');
                break;
            }

            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return Defuse(builder.ToString());
    }

    /// <summary>Breaks mentions (@everyone, @here, &lt;@id&gt;, &lt;!channel&gt;) with a zero-width space; renderers also turn mentions off.</summary>
    public static string Defuse(string text) => text
        .Replace("@", "@\u200B", StringComparison.Ordinal)
        .Replace("<!", "<\u200B!", StringComparison.Ordinal)
        .Replace("<#", "<\u200B#", StringComparison.Ordinal);
}
