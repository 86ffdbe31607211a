namespace TalksBot.Discord.Tests.Fakes;

/// <summary>Settings of a <see cref="FakeDiscord"/>. The defaults behave like Discord for an unverified slash-command bot.</summary>
public sealed class FakeDiscordOptions
{
    /// <summary>GUILD_MEMBERS, GUILD_PRESENCES and MESSAGE_CONTENT: refused (close 4014) unless the "portal" enables them.</summary>
    public const long PrivilegedIntents = (1L << 1) | (1L << 8) | MessageContentIntent;

    public const long GuildMessagesIntent = 1L << 9;

    public const long DirectMessagesIntent = 1L << 12;

    public const long MessageContentIntent = 1L << 15;

    /// <summary>The valid bot token (raw in IDENTIFY/RESUME, <c>Bot &lt;token&gt;</c> on REST).</summary>
    public string Token { get; init; } = "fake-bot-token";

    public string ApplicationId { get; init; } = "1100000000000000001";

    /// <summary>The bot user's id in READY and on messages it authors (new apps share it with the application id).</summary>
    public string BotUserId { get; init; } = "1100000000000000001";

    public string BotUsername { get; init; } = "TalksBot";

    /// <summary>heartbeat_interval in HELLO.</summary>
    public int HeartbeatIntervalMs { get; init; } = 45000;

    /// <summary>Initial value of <see cref="FakeDiscord.AckHeartbeats"/>.</summary>
    public bool AckHeartbeats { get; init; } = true;

    /// <summary><c>shards</c> in GET /gateway/bot.</summary>
    public int RecommendedShards { get; init; } = 1;

    /// <summary><c>session_start_limit.max_concurrency</c> in GET /gateway/bot.</summary>
    public int MaxConcurrency { get; init; } = 1;

    /// <summary>Guild ids listed (unavailable) in READY.</summary>
    public IReadOnlyList<string> GuildIds { get; init; } = [];

    /// <summary>Intent bits that make IDENTIFY fail with close 4014.</summary>
    public long DisallowedIntents { get; init; } = PrivilegedIntents;

    /// <summary>Path of <c>resume_gateway_url</c>. It differs from <c>/gateway</c> (as on Discord) so tests can see that a client resumes there.</summary>
    public string ResumeGatewayPath { get; init; } = "/gateway-resume";

    /// <summary>Largest frame a client may send; Discord closes with 4002 above 4096 bytes.</summary>
    public int MaxClientFrameBytes { get; init; } = 4096;

    /// <summary>Requests per bucket (per top-level resource) and window before the fake answers 429 by itself.</summary>
    public int RateLimitPerBucket { get; init; } = 50;

    public TimeSpan RateLimitWindow { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Answer 400 when the User-Agent does not start with "DiscordBot (".</summary>
    public bool RequireUserAgent { get; init; } = true;

    /// <summary>Editing @original or posting a follow-up before any callback → 404 (as Discord does).</summary>
    public bool RequireAcknowledgementBeforeWebhook { get; init; } = true;

    /// <summary>When set, callbacks for interactions dispatched by the fake later than this → 404 10062 (Discord: 3 s). Off by default so slow machines do not flake.</summary>
    public TimeSpan? InteractionCallbackDeadline { get; init; }

    /// <summary>Check command names, descriptions and option limits on PUT …/commands (400 50035).</summary>
    public bool ValidateCommands { get; init; } = true;

    /// <summary>Default bound for the control methods (Dispatch, Close, …) to find a live connection.</summary>
    public TimeSpan ControlTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
