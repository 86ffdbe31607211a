namespace TalksBot.Discord.Rest;

/// <summary>Discord answered a REST call with an error; <see cref="Code"/> is Discord's JSON error code when it sent one.</summary>
public sealed class DiscordApiException(string route, int status, int? code, string message)
    : Exception($"Discord {route} failed with {status}{(code is null ? "" : $" (code {code})")}: {message}")
{
    public string Route { get; } = route;

    public int Status { get; } = status;

    public int? Code { get; } = code;

    public string DiscordMessage { get; } = message;
}
