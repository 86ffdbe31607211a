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

    [LoggerMessage(2003, LogLevel.Error, "{Follower} could not apply knowledge changes {FirstSequence}–{LastSequence}; they are saved, and the next changes are applied as usual")]
    public static partial void KnowledgeChangeNotApplied(ILogger logger, string follower, long firstSequence, long lastSequence, Exception exception);

    [LoggerMessage(2004, LogLevel.Error, "The knowledge database {Path} could not be written ({Problem}); nothing of that change was saved, and writes are refused until the file can be written again")]
    public static partial void KnowledgeStorageFailed(ILogger logger, string path, string problem, Exception exception);

    [LoggerMessage(2005, LogLevel.Information, "Reopened the knowledge database {Path}")]
    public static partial void KnowledgeStorageReopened(ILogger logger, string path);

    [LoggerMessage(2006, LogLevel.Warning, "Could not fold the write-ahead log into {Path} ({Problem}); every saved change is kept in the log")]
    public static partial void KnowledgeCheckpointFailed(ILogger logger, string path, string problem, Exception exception);

    [LoggerMessage(2007, LogLevel.Warning, "Could not record {What} from {Platform}: {Problem}")]
    public static partial void MemberSignalNotRecorded(ILogger logger, string what, string platform, string problem);

    [LoggerMessage(2008, LogLevel.Information, "The search indexes had not caught up with change {Sequence} after {WaitedMs} ms; the change is saved and will be searchable shortly")]
    public static partial void IndexCatchUpSlow(ILogger logger, long sequence, double waitedMs);

    [LoggerMessage(2009, LogLevel.Warning, "Announcing fact changes failed; will retry: {Problem}")]
    public static partial void AnnouncingFailed(ILogger logger, string problem);

    [LoggerMessage(2050, LogLevel.Warning, "No synonyms in {Directory} (synonyms.yaml is missing or empty): questions match facts' words only")]
    public static partial void NoSynonyms(ILogger logger, string directory);
}
