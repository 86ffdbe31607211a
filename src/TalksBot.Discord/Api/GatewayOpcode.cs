namespace TalksBot.Discord.Api;

/// <summary>Gateway v10 op codes (the <c>op</c> of every frame).</summary>
internal enum GatewayOpcode
{
    Dispatch = 0,
    Heartbeat = 1,
    Identify = 2,
    Resume = 6,
    Reconnect = 7,
    InvalidSession = 9,
    Hello = 10,
    HeartbeatAck = 11,
}

/// <summary>The gateway's close codes (4000–4014) and what each means for the next connection.</summary>
internal enum GatewayCloseCode
{
    UnknownError = 4000,
    UnknownOpcode = 4001,
    DecodeError = 4002,
    NotAuthenticated = 4003,
    AuthenticationFailed = 4004,
    AlreadyAuthenticated = 4005,
    InvalidSequence = 4007,
    RateLimited = 4008,
    SessionTimedOut = 4009,
    InvalidShard = 4010,
    ShardingRequired = 4011,
    InvalidApiVersion = 4012,
    InvalidIntents = 4013,
    DisallowedIntents = 4014,
}

/// <summary>What a close code asks of the client.</summary>
internal enum CloseConsequence
{
    /// <summary>Reconnect and resume the session (a drop, 4000–4003, 4005, 4008, or a code Discord does not list).</summary>
    Resume,

    /// <summary>The session is gone: reconnect and identify afresh (4007 invalid sequence, 4009 session timed out).</summary>
    NewSession,

    /// <summary>Reconnecting cannot help (4004, 4010–4014): stop and say what to fix.</summary>
    Fatal,
}

/// <summary>Discord's close-code policy, as one table.</summary>
internal static class GatewayClosePolicy
{
    /// <summary>What the close with <paramref name="code"/> (null: no close frame) means, and for a fatal one why and what to fix.</summary>
    public static (CloseConsequence Consequence, string? Cause, string? Advice) Of(int? code) => (GatewayCloseCode?)code switch
    {
        GatewayCloseCode.AuthenticationFailed => (CloseConsequence.Fatal, "authentication failed", "Check Discord:Token (Developer Portal → Bot → Reset Token)."),
        GatewayCloseCode.InvalidShard => (CloseConsequence.Fatal, "invalid shard", "Check Discord:ShardIds against Discord:ShardCount."),
        GatewayCloseCode.ShardingRequired => (CloseConsequence.Fatal, "sharding required", "Set Discord:ShardCount (or leave it unset to use Discord's recommendation)."),
        GatewayCloseCode.InvalidApiVersion => (CloseConsequence.Fatal, "invalid API version", "This build speaks gateway v10."),
        GatewayCloseCode.InvalidIntents => (CloseConsequence.Fatal, "invalid intents", "TalksBot identifies with GUILDS, GUILD_MESSAGES and DIRECT_MESSAGES (4609)."),
        GatewayCloseCode.DisallowedIntents => (CloseConsequence.Fatal, "disallowed intents", "TalksBot needs no privileged intents."),
        GatewayCloseCode.InvalidSequence or GatewayCloseCode.SessionTimedOut => (CloseConsequence.NewSession, null, null),
        _ => (CloseConsequence.Resume, null, null),
    };
}
