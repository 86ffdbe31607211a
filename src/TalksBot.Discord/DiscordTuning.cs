using TalksBot.Discord.Gateway;

namespace TalksBot.Discord;

/// <summary>Time limits of the Discord adapter. The defaults follow Discord's rules; tests register shorter ones.</summary>
internal sealed record DiscordTuning
{
    public GatewayTimeouts Gateway { get; init; } = new();

    /// <summary>The first reconnect delay; doubles per failure up to a minute, with jitter.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A command that has not answered by then is deferred, leaving time to spare within Discord's 3 s.</summary>
    public TimeSpan DeferAfter { get; init; } = TimeSpan.FromSeconds(2);
}
