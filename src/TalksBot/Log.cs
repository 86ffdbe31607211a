using Microsoft.Extensions.Logging;

namespace TalksBot;

/// <summary>The host's log messages (event ids 5xxx).</summary>
internal static partial class Log
{
    [LoggerMessage(5001, LogLevel.Information, "No platform token is configured: starting the local console bot")]
    public static partial void StartingConsoleBot(ILogger logger);
}
