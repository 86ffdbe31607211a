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

    [LoggerMessage(4040, LogLevel.Warning, "Slack: could not check whether {UserId} is a moderator ({Method}: {Error}); not treating them as one this time")]
    public static partial void ModeratorCheckFailed(ILogger logger, string userId, string method, string error);

    [LoggerMessage(4041, LogLevel.Warning, "Slack: the form for /{Command} did not open ({Error})")]
    public static partial void FormNotOpened(ILogger logger, string command, string error);

    [LoggerMessage(4042, LogLevel.Warning, "Slack: could not share {FileName} in {ChannelId} ({Error})")]
    public static partial void UploadFailed(ILogger logger, string fileName, string channelId, string error);

    [LoggerMessage(4043, LogLevel.Warning, "Slack: could not show {UserId} a private answer in {ChannelId} ({Error}); sending it as a direct message")]
    public static partial void EphemeralFailed(ILogger logger, string userId, string channelId, string error);

    [LoggerMessage(4044, LogLevel.Error, "Slack: could not deliver a private answer to {UserId} at all ({Error})")]
    public static partial void AnswerLost(ILogger logger, string userId, string error);
}
