using Microsoft.Extensions.Logging;

namespace TalksBot.Core;

/// <summary>Core's log messages (event ids 1xxx core, 2xxx knowledge). Structured values only, never a token.</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Error, "Command /{Command} from {Platform} failed")]
    public static partial void CommandFailed(ILogger logger, string command, string platform, Exception exception);

    [LoggerMessage(1002, LogLevel.Debug, "Command /{Command} from {Platform} answered in {ElapsedMs} ms")]
    public static partial void CommandAnswered(ILogger logger, string command, string platform, double elapsedMs);

    [LoggerMessage(2001, LogLevel.Information, "Imported knowledge from {Directory}: {Report}")]
    public static partial void KnowledgeImported(ILogger logger, string directory, string report);

    [LoggerMessage(2002, LogLevel.Warning, "Knowledge import conflict: {Conflict}")]
    public static partial void ImportConflict(ILogger logger, string conflict);
}
