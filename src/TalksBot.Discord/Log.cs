using Microsoft.Extensions.Logging;

namespace TalksBot.Discord;

/// <summary>The Discord adapter's log messages (event ids 3xxx). Never a token.</summary>
internal static partial class Log
{
    [LoggerMessage(3001, LogLevel.Debug, "Discord {Route}: waiting {DelayMs:F0} ms for the rate limit")]
    public static partial void WaitingForRateLimit(ILogger logger, string route, double delayMs);

    [LoggerMessage(3002, LogLevel.Warning, "Discord {Route}: 429, retrying in {DelayMs:F0} ms (attempt {Attempt})")]
    public static partial void RateLimited(ILogger logger, string route, double delayMs, int attempt);

    [LoggerMessage(3003, LogLevel.Warning, "Discord {Route}: attempt {Attempt} failed ({Reason}); retrying")]
    public static partial void RetryingAfterFailure(ILogger logger, string route, int attempt, string reason);

    [LoggerMessage(3010, LogLevel.Information, "Discord shard {Shard}: connecting to {Url}")]
    public static partial void Connecting(ILogger logger, int shard, string url);

    [LoggerMessage(3011, LogLevel.Information, "Discord shard {Shard}: ready as session {SessionId}")]
    public static partial void Ready(ILogger logger, int shard, string sessionId);

    [LoggerMessage(3012, LogLevel.Information, "Discord shard {Shard}: resumed session {SessionId}")]
    public static partial void Resumed(ILogger logger, int shard, string sessionId);

    [LoggerMessage(3013, LogLevel.Warning, "Discord shard {Shard}: connection lost ({Reason}); reconnecting in {DelayMs:F0} ms")]
    public static partial void Reconnecting(ILogger logger, int shard, string reason, double delayMs);

    [LoggerMessage(3014, LogLevel.Critical, "Discord shard {Shard}: closed with {Code} ({Cause}); not reconnecting. {Advice}")]
    public static partial void FatalClose(ILogger logger, int shard, int code, string cause, string advice);

    [LoggerMessage(3015, LogLevel.Warning, "Discord shard {Shard}: no heartbeat ACK since the last beat; the connection is a zombie, reconnecting")]
    public static partial void Zombie(ILogger logger, int shard);

    [LoggerMessage(3016, LogLevel.Information, "Discord shard {Shard}: {Event}")]
    public static partial void GatewayEvent(ILogger logger, int shard, string @event);

    [LoggerMessage(3020, LogLevel.Error, "Discord interaction {InteractionId} ({Kind}) failed")]
    public static partial void InteractionFailed(ILogger logger, string interactionId, string kind, Exception exception);

    [LoggerMessage(3021, LogLevel.Warning, "Discord interaction {InteractionId}: could not send the response")]
    public static partial void ResponseFailed(ILogger logger, string interactionId, Exception exception);

    [LoggerMessage(3022, LogLevel.Warning, "Discord interaction {InteractionId}: the form for /{Command} was not shown: {Reason}")]
    public static partial void FormNotShown(ILogger logger, string interactionId, string command, string reason);

    [LoggerMessage(3030, LogLevel.Information, "Discord commands: {Count} {Scope} commands are up to date")]
    public static partial void CommandsUnchanged(ILogger logger, int count, string scope);

    [LoggerMessage(3031, LogLevel.Information, "Discord commands: registered {Count} {Scope} commands")]
    public static partial void CommandsRegistered(ILogger logger, int count, string scope);

    [LoggerMessage(3035, LogLevel.Warning, "Discord channel {ChannelId}: posting refused with {Status} (code {Code}): {DiscordMessage}")]
    public static partial void ChannelRefused(ILogger logger, string channelId, int status, int code, string discordMessage);

    [LoggerMessage(3040, LogLevel.Warning, "Discord HTTP interactions: refused a request with a missing or bad signature")]
    public static partial void BadSignature(ILogger logger);
}
