using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using TalksBot.Platform.WebSockets;

namespace TalksBot.Discord.Api;

/// <summary>
/// A frame as it arrives: <c>{op, d, s, t}</c>. <see cref="Data"/> stays raw until the op code (and the event name)
/// says what it is; <see cref="ReadData{T}"/> reads it, treating a missing or wrongly shaped <c>d</c> as malformed.
/// </summary>
internal sealed record GatewayFrame(
    [property: JsonPropertyName("op")] GatewayOpcode Op,
    [property: JsonPropertyName("d")] JsonElement Data = default,
    [property: JsonPropertyName("s")] long? Sequence = null,
    [property: JsonPropertyName("t")] string? Event = null)
{
    /// <summary><c>d</c> as <typeparamref name="T"/>; throws <see cref="MalformedMessageException"/> when it is missing, null or of another shape.</summary>
    public T ReadData<T>(JsonTypeInfo<T> typeInfo)
    {
        if (Data.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            throw new MalformedMessageException($"The {Describe()} frame has no d.");
        }

        try
        {
            return Data.Deserialize(typeInfo) ?? throw new MalformedMessageException($"The {Describe()} frame's d is null.");
        }
        catch (JsonException exception)
        {
            throw new MalformedMessageException($"The {Describe()} frame's d is not a valid {typeof(T).Name}: {exception.Message}", exception);
        }
    }

    private string Describe() => Event ?? Op.ToString();
}

/// <summary>The dispatch events TalksBot acts on (the <c>t</c> of op 0); every other event is ignored.</summary>
internal static class GatewayEvents
{
    public const string Ready = "READY";
    public const string Resumed = "RESUMED";
    public const string InteractionCreate = "INTERACTION_CREATE";
    public const string MessageCreate = "MESSAGE_CREATE";
}

/// <summary>Op 10 HELLO.</summary>
internal sealed record Hello([property: JsonPropertyName("heartbeat_interval")] int HeartbeatIntervalMs);

/// <summary>The READY dispatch: the session to resume and where, and the bot's own user (whose mentions address it).</summary>
internal sealed record Ready(
    [property: JsonPropertyName("session_id")] string SessionId,
    [property: JsonPropertyName("resume_gateway_url")] string ResumeGatewayUrl,
    [property: JsonPropertyName("user")] DiscordUser User);
