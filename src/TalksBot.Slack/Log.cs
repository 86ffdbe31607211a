using Microsoft.Extensions.Logging;

namespace TalksBot.Slack;

/// <summary>The Slack adapter's log messages (event ids 4xxx). Never a token.</summary>
internal static partial class Log
{
    [LoggerMessage(4001, LogLevel.Warning, "Slack {Method}: rate limited, retrying in {DelayMs:F0} ms")]
    public static partial void RateLimited(ILogger logger, string method, double delayMs);

    [LoggerMessage(4010, LogLevel.Information, "Slack socket {Slot}: connected ({Connections} connections open at Slack)")]
    public static partial void Connected(ILogger logger, int slot, int connections);

    [LoggerMessage(4011, LogLevel.Information, "Slack socket {Slot}: Slack asked to reconnect ({Reason}); opening the new socket first")]
    public static partial void Refresh(ILogger logger, int slot, string reason);

    [LoggerMessage(4012, LogLevel.Warning, "Slack socket {Slot}: connection lost ({Reason}); reconnecting in {DelayMs:F0} ms")]
    public static partial void Reconnecting(ILogger logger, int slot, string reason, double delayMs);

    [LoggerMessage(4013, LogLevel.Critical, "Slack: {Cause}; not reconnecting. {Advice}")]
    public static partial void Fatal(ILogger logger, string cause, string advice);

    [LoggerMessage(4020, LogLevel.Error, "Slack {Kind} failed")]
    public static partial void HandlingFailed(ILogger logger, string kind, Exception exception);

    [LoggerMessage(4021, LogLevel.Debug, "Slack envelope {EnvelopeId} was delivered again; answered once already")]
    public static partial void Duplicate(ILogger logger, string envelopeId);

    [LoggerMessage(4030, LogLevel.Warning, "Slack HTTP: refused a request with a missing, stale or bad signature")]
    public static partial void BadSignature(ILogger logger);
}
