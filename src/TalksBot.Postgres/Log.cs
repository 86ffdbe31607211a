using Microsoft.Extensions.Logging;

namespace TalksBot.Postgres;

/// <summary>The PostgreSQL store's log messages (EventIds 7xxx). Connection strings and passwords are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(7001, LogLevel.Information, "Migrated the knowledge database at {Location} from schema version {From} to {To}")]
    public static partial void SchemaMigrated(ILogger logger, string location, int from, int to);

    [LoggerMessage(7002, LogLevel.Warning, "The knowledge database at {Location} failed ({Problem}): {Reason}")]
    public static partial void StorageFailed(ILogger logger, string location, string problem, string reason);

    [LoggerMessage(7003, LogLevel.Information, "Listening for knowledge changes from other instances on {Location}")]
    public static partial void Listening(ILogger logger, string location);

    [LoggerMessage(7004, LogLevel.Warning, "Lost the change notifications from {Location} ({Reason}); reconnecting in {DelaySeconds} s, then catching up")]
    public static partial void ListenerLost(ILogger logger, string location, string reason, double delaySeconds);

    [LoggerMessage(7005, LogLevel.Warning, "Delivery claims fall back to this instance's memory for a few seconds: the database did not answer ({Reason})")]
    public static partial void DeliveryClaimFellBack(ILogger logger, string reason);

    [LoggerMessage(7006, LogLevel.Warning, "Conversation threads fall back to this instance's memory for a few seconds: the database did not answer ({Reason})")]
    public static partial void ConversationMemoryFellBack(ILogger logger, string reason);
}
