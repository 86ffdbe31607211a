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
}
