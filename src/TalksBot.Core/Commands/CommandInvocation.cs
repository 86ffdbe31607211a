namespace TalksBot.Core.Commands;

/// <summary>Who runs a command; <see cref="IsModerator"/> is decided by the adapter from platform roles and permissions.</summary>
public sealed record CommandCaller(string UserId, string DisplayName, IReadOnlyList<string> Roles, bool IsModerator = false)
{
    public static CommandCaller Console { get; } = new("console", Environment.UserName, [], IsModerator: true);
}

/// <summary>A command as any adapter parsed it: no platform types past this point.</summary>
public sealed record CommandInvocation(
    string Name,
    IReadOnlyDictionary<string, string> Options,
    CommandCaller Caller,
    string ChannelId,
    string Platform)
{
    public string? Option(string name) =>
        Options.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>The page asked for (1 when none); null when the value is not a page number.</summary>
    public int? Page()
    {
        var text = Option("page");
        if (text is null)
        {
            return 1;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var page) && page is >= 1 and <= 999 ? page : null;
    }
}
