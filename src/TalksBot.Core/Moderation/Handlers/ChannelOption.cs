using TalksBot.Core.Cards;
using TalksBot.Core.Commands;

namespace TalksBot.Core.Moderation.Handlers;

/// <summary>The channel option: a Discord channel id, a Slack channel link (&lt;#C123|name&gt;), or the current channel.</summary>
internal static class ChannelOption
{
    /// <summary>Whether the command is about the inbox digest: <c>feed:inbox</c>, or "inbox" typed where the channel goes (Slack's "/subscribe inbox").</summary>
    public static bool IsInboxDigest(CommandInvocation invocation)
    {
        var feed = invocation.Option("feed") ?? (string.Equals(invocation.Option("channel"), "inbox", StringComparison.OrdinalIgnoreCase) ? "inbox" : null);
        return feed?.ToLowerInvariant() switch
        {
            null or "changes" => false,
            "inbox" => true,
            _ => throw new ModerationException("Which feed?", $"“{UserText.Echo(feed, 20)}” is not something to subscribe to: use changes (every fact change) or inbox (the daily news digest)."),
        };
    }

    public static string Resolve(CommandInvocation invocation)
    {
        var typed = invocation.Option("channel");
        if (string.Equals(typed, "inbox", StringComparison.OrdinalIgnoreCase) && invocation.Option("feed") is null)
        {
            typed = null;
        }

        if (typed is null)
        {
            return invocation.ChannelId.Length > 0
                ? invocation.ChannelId
                : throw new ModerationException("Which channel?", "Run this in the channel to subscribe, or name the channel.");
        }

        var id = typed.Trim();
        if (id.StartsWith("<#", StringComparison.Ordinal) && id.EndsWith('>'))
        {
            id = id[2..^1].Split('|')[0];
        }

        if (id.Length is 0 or > 40 || !id.All(char.IsAsciiLetterOrDigit))
        {
            throw new ModerationException(
                "Which channel?",
                $"“{UserText.Echo(typed, 40)}” is not a channel TalksBot can find. Pick it from the list (Discord), type #channel and choose it from Slack's suggestions, or run the command in the channel itself.");
        }

        return id;
    }

    public static string Describe(CommandInvocation invocation, string channelId) =>
        channelId == invocation.ChannelId ? "This channel" : invocation.Platform == "discord" ? $"<#{channelId}>" : $"Channel {channelId}";
}
