using Microsoft.Extensions.Logging;

namespace TalksBot.Platform;

/// <summary>The platform layer's log messages (event ids 6xxx). Never a token, never a URL's query (Socket Mode tickets live there).</summary>
internal static partial class Log
{
    [LoggerMessage(6001, LogLevel.Information, "{Platform} {Connection}: connecting to {Url}")]
    public static partial void Connecting(ILogger logger, string platform, string connection, string url);

    [LoggerMessage(6002, LogLevel.Warning, "{Platform} {Connection}: {Reason}; reconnecting in {DelayMs:F0} ms")]
    public static partial void Reconnecting(ILogger logger, string platform, string connection, string reason, double delayMs);

    [LoggerMessage(6003, LogLevel.Warning, "{Platform} {Connection}: dropping the connection after {ExceptionType} in its session: {Message}")]
    public static partial void SessionFailed(ILogger logger, string platform, string connection, string exceptionType, string message);

    [LoggerMessage(6004, LogLevel.Debug, "{Platform} {Connection}: the session's exception")]
    public static partial void SessionFailedDetail(ILogger logger, string platform, string connection, Exception exception);

    [LoggerMessage(6005, LogLevel.Critical, "{Platform} {Connection}: stopped for good: {Reason}")]
    public static partial void StoppedForGood(ILogger logger, string platform, string connection, string reason);

    [LoggerMessage(6006, LogLevel.Information, "{Platform} {Connection}: replacing the connection ({Reason}); the old one drains")]
    public static partial void Replacing(ILogger logger, string platform, string connection, string reason);

    [LoggerMessage(6007, LogLevel.Warning, "{Platform} {Connection}: could not connect ({Reason})")]
    public static partial void ConnectFailed(ILogger logger, string platform, string connection, string reason);

    [LoggerMessage(6020, LogLevel.Debug, "Refused a request to {Path}: {Status} ({Why})")]
    public static partial void RequestRefused(ILogger logger, string path, int status, string why);

    [LoggerMessage(6021, LogLevel.Debug, "The signature check or parser of {Path} threw")]
    public static partial void RequestCheckThrew(ILogger logger, string path, Exception exception);

    [LoggerMessage(6022, LogLevel.Warning, "Refused a request to {Path}: {Status} ({Why})")]
    public static partial void RequestRefusedWarning(ILogger logger, string path, int status, string why);
}
