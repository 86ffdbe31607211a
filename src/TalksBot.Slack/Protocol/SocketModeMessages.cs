using System.Text.Json;
using System.Text.Json.Serialization;

namespace TalksBot.Slack.Protocol;

/// <summary>The <c>type</c> of a Socket Mode message: the connection's own (hello, disconnect) or an envelope's.</summary>
[JsonConverter(typeof(SocketModeMessageTypeConverter))]
internal enum SocketModeMessageType
{
    /// <summary>A type this version does not know: acked when it carries an envelope_id, otherwise ignored.</summary>
    Unknown,
    Hello,
    Disconnect,
    SlashCommands,
    Interactive,
    EventsApi,
}

/// <summary>
/// Every message Slack sends on a Socket Mode connection (what arrives): <c>hello</c> (with <c>num_connections</c>),
/// <c>disconnect</c> (with <c>reason</c>: warning, refresh_requested, link_disabled …) and the envelopes
/// <c>{envelope_id, type, payload, accepts_response_payload}</c>, whose payload is read by type.
/// </summary>
internal sealed record SocketModeFrame(
    SocketModeMessageType Type,
    string? EnvelopeId = null,
    JsonElement? Payload = null,
    bool? AcceptsResponsePayload = null,
    string? Reason = null,
    int? NumConnections = null)
{
    public bool IsEnvelope => Type is SocketModeMessageType.SlashCommands or SocketModeMessageType.Interactive or SocketModeMessageType.EventsApi;
}

/// <summary>What we send: the acknowledgement of an envelope, with the answer as payload when it is ready in time.</summary>
internal sealed record SocketModeAck(string EnvelopeId, SlackResponse? Payload = null);

/// <summary>The <c>disconnect</c> reasons that matter.</summary>
internal static class DisconnectReasons
{
    /// <summary>Socket Mode was turned off for the app: reconnecting cannot help.</summary>
    public const string LinkDisabled = "link_disabled";

    /// <summary>This connection closes in about ten seconds: open the next one now.</summary>
    public const string Warning = "warning";

    /// <summary>Slack refreshes connections every few hours: open the next one now.</summary>
    public const string RefreshRequested = "refresh_requested";
}

internal sealed class SocketModeMessageTypeConverter() : NamedEnumConverter<SocketModeMessageType>(
    ("hello", SocketModeMessageType.Hello),
    ("disconnect", SocketModeMessageType.Disconnect),
    ("slash_commands", SocketModeMessageType.SlashCommands),
    ("interactive", SocketModeMessageType.Interactive),
    ("events_api", SocketModeMessageType.EventsApi));
