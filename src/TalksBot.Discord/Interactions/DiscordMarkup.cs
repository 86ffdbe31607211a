using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using TalksBot.Discord.Api;

namespace TalksBot.Discord.Interactions;

/// <summary>
/// Discord's markup in what a member typed (an option, a form, a message), turned into plain text before it reaches
/// Core (the one place the adapter does so). In an interaction, mentions of users, roles and channels become the name
/// when the interaction resolved it, and otherwise go (Discord resolves nothing inside a string option, and a snowflake
/// only misleads the search); custom emoji and slash-command mentions go; a timestamp becomes its date (yyyy-MM-dd,
/// UTC), which a question about time can use.
/// </summary>
internal static partial class DiscordMarkup
{
    /// <summary>Text in which <paramref name="text"/>'s markup is replaced; spaces left behind are collapsed.</summary>
    public static string ToPlainText(string text, InteractionResolved? resolved) => Replace(text, match => Plain(match, resolved));

    /// <summary>
    /// A message's text as members read it, with the bot's own mentions (<paramref name="botUserId"/>) taken out: other
    /// users become @name (from the message's <paramref name="mentions"/>), channels #channel, roles @role, custom emoji
    /// :name:, timestamps their date. A message resolves no channel or role names, so those stay generic.
    /// </summary>
    public static string MessageToPlainText(string text, string? botUserId, IReadOnlyList<DiscordUser> mentions) =>
        Replace(text, match => match switch
        {
            _ when match.Groups["user"] is { Success: true } user => user.Value == botUserId
                ? ""
                : "@" + (mentions.FirstOrDefault(m => m.Id == user.Value)?.DisplayName ?? "user"),
            _ when match.Groups["role"].Success => "@role",
            _ when match.Groups["channel"].Success => "#channel",
            _ when match.Groups["emoji"] is { Success: true } emoji => $":{emoji.Value}:",
            _ => Date(match) ?? "",
        });

    [GeneratedRegex(
        @"<(?:@!?(?<user>\d{1,20})|@&(?<role>\d{1,20})|#(?<channel>\d{1,20})|a?:(?<emoji>\w{1,32}):\d{1,20}|/[\w\- ]{1,100}:\d{1,20}|t:(?<time>-?\d{1,14})(?::[tTdDfFR])?)>",
        RegexOptions.CultureInvariant)]
    private static partial Regex Markup();

    private static string Replace(string text, MatchEvaluator plain)
    {
        if (!text.Contains('<', StringComparison.Ordinal))
        {
            return text;
        }

        var replaced = false;
        var result = Markup().Replace(text, match =>
        {
            replaced = true;
            return plain(match);
        });
        return replaced ? CollapseSpaces(result) : text;
    }

    private static string Plain(Match match, InteractionResolved? resolved)
    {
        if (match.Groups["user"] is { Success: true } user)
        {
            return resolved?.Users?.GetValueOrDefault(user.Value)?.DisplayName ?? "";
        }

        if (match.Groups["role"] is { Success: true } role)
        {
            return resolved?.Roles?.GetValueOrDefault(role.Value)?.Name ?? "";
        }

        if (match.Groups["channel"] is { Success: true } channel)
        {
            return resolved?.Channels?.GetValueOrDefault(channel.Value)?.Name is { Length: > 0 } name ? "#" + name : "";
        }

        return Date(match) ?? "";
    }

    /// <summary>A timestamp's date (yyyy-MM-dd, UTC); null for any other markup or a time out of range.</summary>
    private static string? Date(Match match) =>
        match.Groups["time"] is { Success: true } time &&
        long.TryParse(time.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds) &&
        seconds is >= -62_135_596_800 and <= 253_402_300_799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : null;

    /// <summary>Runs of spaces become one, and the ends are trimmed; line breaks stay.</summary>
    private static string CollapseSpaces(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c == ' ' && (builder.Length == 0 || builder[^1] is ' ' or '\n'))
            {
                continue;
            }

            if (c == '\n' && builder.Length > 0 && builder[^1] == ' ')
            {
                builder.Length--;
            }

            builder.Append(c);
        }

        return builder.ToString().TrimEnd(' ');
    }
}
