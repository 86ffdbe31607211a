namespace TalksBot.ConsoleBot;

/// <summary>Console bot settings (configuration section <c>Console</c>).</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";

    /// <summary>Local user names (comma separated) who may use the moderator commands; empty: whoever runs the console bot.</summary>
    public string? Moderators { get; set; }

    public bool IsModerator(string userName)
    {
        var names = (Moderators ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return names.Length == 0 || names.Contains(userName, StringComparer.Ordinal);
    }
}
