namespace TalksBot.Core.Moderation;

/// <summary>A moderator's change that cannot be made as asked; the message says why and what to do instead.</summary>
public sealed class ModerationException(string title, string message) : Exception(message)
{
    public string Title { get; } = title;
}
