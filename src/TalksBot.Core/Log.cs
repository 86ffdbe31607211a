using Microsoft.Extensions.Logging;

namespace TalksBot.Core;

/// <summary>Core's log messages (event ids 1xxx core, 2xxx knowledge). Structured values only, never a token.</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Error, "Command /{Command} from {Platform} failed")]
    public static partial void CommandFailed(ILogger logger, string command, string platform, Exception exception);

    [LoggerMessage(1002, LogLevel.Debug, "Command /{Command} from {Platform} answered in {ElapsedMs} ms")]
    public static partial void CommandAnswered(ILogger logger, string command, string platform, double elapsedMs);

    [LoggerMessage(1003, LogLevel.Warning, "Refused /{Command} from {Platform} user {UserId} ({DisplayName}): not a moderator")]
    public static partial void ModeratorCommandRefused(ILogger logger, string command, string platform, string userId, string displayName);

    [LoggerMessage(1004, LogLevel.Information, "Rate limited /{Command} from {Platform} user {UserId} for {RetryAfterSeconds} s")]
    public static partial void CommandRateLimited(ILogger logger, string command, string platform, string userId, int retryAfterSeconds);

    [LoggerMessage(1005, LogLevel.Information, "Fact {FactId} {Action} by {Actor}: revision {Revision}")]
    public static partial void FactChanged(ILogger logger, string factId, string action, string actor, int revision);

    [LoggerMessage(1006, LogLevel.Warning, "Could not tell {Platform} channel {ChannelId} about fact {FactId}; will retry: {Problem}")]
    public static partial void NotificationFailed(ILogger logger, string platform, string channelId, string factId, string problem);

    [LoggerMessage(1007, LogLevel.Warning, "Gave up announcing fact {FactId} revision {Revision} after {Age}")]
    public static partial void NotificationExpired(ILogger logger, string factId, int revision, TimeSpan age);

    [LoggerMessage(1008, LogLevel.Information, "Backed up the knowledge database to {Path} before importing")]
    public static partial void BackedUpBeforeImport(ILogger logger, string path);

    [LoggerMessage(1020, LogLevel.Debug, "/{Command} from {Platform} was not ready in time: deferred")]
    public static partial void AnswerDeferred(ILogger logger, string command, string platform);

    [LoggerMessage(1021, LogLevel.Error, "Answering /{Command} on {Platform} failed; apologising")]
    public static partial void AnswerFailed(ILogger logger, string command, string platform, Exception exception);

    [LoggerMessage(1022, LogLevel.Warning, "Could not apologise for /{Command} on {Platform} either: {Problem}")]
    public static partial void ApologyFailed(ILogger logger, string command, string platform, string problem);

    [LoggerMessage(1023, LogLevel.Information, "Refused /{Command} from {Platform} user {UserId}: option {Option} holds {Problem}")]
    public static partial void UnsafeInputRefused(ILogger logger, string command, string platform, string userId, string option, string problem);

    [LoggerMessage(2001, LogLevel.Information, "Imported knowledge from {Directory}: {Report}")]
    public static partial void KnowledgeImported(ILogger logger, string directory, string report);

    [LoggerMessage(2002, LogLevel.Warning, "Knowledge import conflict: {Conflict}")]
    public static partial void ImportConflict(ILogger logger, string conflict);
}
