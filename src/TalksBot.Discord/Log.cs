using Microsoft.Extensions.Logging;

namespace TalksBot.Discord;

/// <summary>
/// The Discord adapter's log messages (event ids 3xxx). Never a token. Connecting, reconnecting, stopping for good and
/// refused requests are logged by TalksBot.Platform (6xxx), for both platforms alike.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(3001, LogLevel.Debug, "Discord {Route}: waiting {DelayMs:F0} ms for the rate limit")]
    public static partial void WaitingForRateLimit(ILogger logger, string route, double delayMs);

    [LoggerMessage(3002, LogLevel.Warning, "Discord {Route}: 429, retrying in {DelayMs:F0} ms (attempt {Attempt})")]
    public static partial void RateLimited(ILogger logger, string route, double delayMs, int attempt);

    [LoggerMessage(3011, LogLevel.Information, "Discord shard {Shard}: ready as session {SessionId}")]
    public static partial void Ready(ILogger logger, int shard, string sessionId);

    [LoggerMessage(3012, LogLevel.Information, "Discord shard {Shard}: resumed session {SessionId}")]
    public static partial void Resumed(ILogger logger, int shard, string sessionId);

    [LoggerMessage(3014, LogLevel.Critical, "Discord refused the bot's credentials ({Status}); the Discord adapter stops. Check Discord:Token and Discord:ApplicationId.")]
    public static partial void CredentialsRefused(ILogger logger, int status);

    [LoggerMessage(3015, LogLevel.Warning, "Discord shard {Shard}: no heartbeat ACK since the last beat; the connection is a zombie, reconnecting")]
    public static partial void Zombie(ILogger logger, int shard);

    [LoggerMessage(3016, LogLevel.Information, "Discord shard {Shard}: {Event}")]
    public static partial void GatewayEvent(ILogger logger, int shard, string @event);

    [LoggerMessage(3017, LogLevel.Warning, "Discord: {Problem}")]
    public static partial void StartProblem(ILogger logger, string problem);

    [LoggerMessage(3020, LogLevel.Error, "Discord interaction {InteractionId}: handling failed")]
    public static partial void HandlingFailed(ILogger logger, string interactionId, Exception exception);

    [LoggerMessage(3021, LogLevel.Warning, "Discord interaction {InteractionId} ({Kind}): could not send the response: {Reason}")]
    public static partial void ResponseFailed(ILogger logger, string interactionId, string kind, string reason);

    [LoggerMessage(3022, LogLevel.Warning, "Discord interaction {InteractionId}: the form for /{Command} was not shown: {Reason}")]
    public static partial void FormNotShown(ILogger logger, string interactionId, string command, string reason);

    [LoggerMessage(3030, LogLevel.Information, "Discord commands: {Count} {Scope} commands are up to date")]
    public static partial void CommandsUnchanged(ILogger logger, int count, string scope);

    [LoggerMessage(3031, LogLevel.Information, "Discord commands: registered {Count} {Scope} commands")]
    public static partial void CommandsRegistered(ILogger logger, int count, string scope);

    [LoggerMessage(3035, LogLevel.Warning, "Discord channel {ChannelId}: posting refused with {Status} (code {Code}): {DiscordMessage}")]
    public static partial void ChannelRefused(ILogger logger, string channelId, int status, int code, string discordMessage);

    [LoggerMessage(3036, LogLevel.Warning, "Discord interaction {InteractionId}: sharing in the channel refused with {Status} (code {Code}): {DiscordMessage}")]
    public static partial void ShareRefused(ILogger logger, string interactionId, int status, int code, string discordMessage);

    [LoggerMessage(3041, LogLevel.Warning, "Discord interaction {InteractionId} arrived again over {Transport}; it was handled already and is not run twice")]
    public static partial void ReplayRefused(ILogger logger, string interactionId, string transport);

    [LoggerMessage(3042, LogLevel.Information, "Discord message {MessageId} arrived again; it was answered already and is not answered twice")]
    public static partial void MessageReplayRefused(ILogger logger, string messageId);

    [LoggerMessage(3050, LogLevel.Error, "Discord message {MessageId}: handling failed")]
    public static partial void MessageHandlingFailed(ILogger logger, string messageId, Exception exception);

    [LoggerMessage(3051, LogLevel.Debug, "Discord channel {ChannelId}: could not show typing: {Reason}")]
    public static partial void TypingFailed(ILogger logger, string channelId, string reason);

    [LoggerMessage(3052, LogLevel.Warning, "Discord channel {ChannelId} refuses TalksBot's replies ({Reason}); messages there go unanswered for {Minutes} min")]
    public static partial void ChannelUnwritable(ILogger logger, string channelId, string reason, double minutes);

    [LoggerMessage(3054, LogLevel.Warning, "Discord answer {Key}: its question could not be remembered for replies to it: {Reason}")]
    public static partial void AnswerNotRemembered(ILogger logger, string key, string reason);

    [LoggerMessage(3053, LogLevel.Debug, "Discord message {MessageId} in channel {ChannelId} is not answered: the channel refused TalksBot's replies lately")]
    public static partial void MessageInUnwritableChannel(ILogger logger, string messageId, string channelId);
}
