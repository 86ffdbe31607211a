using Microsoft.Extensions.Logging;

namespace TalksBot.Slack;

/// <summary>
/// The Slack adapter's log messages (event ids 4xxx). Never a token. Connections, reconnects, stops for good and refused
/// signatures are logged by TalksBot.Platform (6xxx), failed answers by Core's pipeline.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(4001, LogLevel.Warning, "Slack {Method}: rate limited, every call of it waits {DelayMs:F0} ms")]
    public static partial void RateLimited(ILogger logger, string method, double delayMs);

    [LoggerMessage(4010, LogLevel.Information, "Slack socket {Slot}: connected ({Connections} connections open at Slack)")]
    public static partial void Connected(ILogger logger, int slot, int connections);

    [LoggerMessage(4020, LogLevel.Error, "Slack {Kind} failed before it reached the answer pipeline")]
    public static partial void HandlingFailed(ILogger logger, string kind, Exception exception);

    [LoggerMessage(4021, LogLevel.Debug, "Slack delivery {Key} came again; acknowledged, not run again")]
    public static partial void Duplicate(ILogger logger, string key);

    [LoggerMessage(4022, LogLevel.Warning, "Slack sent a {Type} envelope TalksBot cannot read ({Problem}); acknowledged and dropped")]
    public static partial void MalformedEnvelope(ILogger logger, string type, string problem);

    [LoggerMessage(4023, LogLevel.Debug, "Slack envelope {EnvelopeId}: the ack could not be sent ({Reason}); Slack redelivers it")]
    public static partial void AckNotSent(ILogger logger, string envelopeId, string reason);

    [LoggerMessage(4024, LogLevel.Warning, "Slack sent a {Type} event TalksBot cannot read ({Problem}); acknowledged and dropped")]
    public static partial void MalformedEvent(ILogger logger, string type, string problem);

    [LoggerMessage(4040, LogLevel.Warning, "Slack: could not check whether {UserId} is a moderator ({Method}: {Error}); not treating them as one this time")]
    public static partial void ModeratorCheckFailed(ILogger logger, string userId, string method, string error);

    [LoggerMessage(4041, LogLevel.Warning, "Slack: the form for /{Command} did not open ({Error})")]
    public static partial void FormNotOpened(ILogger logger, string command, string error);

    [LoggerMessage(4042, LogLevel.Warning, "Slack: could not share {FileName} in {ChannelId} ({Error})")]
    public static partial void UploadFailed(ILogger logger, string fileName, string channelId, string error);

    [LoggerMessage(4043, LogLevel.Warning, "Slack: could not show {UserId} a private answer in {ChannelId} ({Error}); sending it as a direct message")]
    public static partial void EphemeralFailed(ILogger logger, string userId, string channelId, string error);

    [LoggerMessage(4045, LogLevel.Warning, "Slack: could not share a check in the thread in {ChannelId} ({Error}); nothing was posted")]
    public static partial void ShareFailed(ILogger logger, string channelId, string error);

    [LoggerMessage(4044, LogLevel.Error, "Slack: could not deliver a private answer to {UserId} at all ({Error})")]
    public static partial void AnswerLost(ILogger logger, string userId, string error);
}
