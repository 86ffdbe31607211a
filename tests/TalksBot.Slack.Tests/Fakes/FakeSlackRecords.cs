using System.Text.Json.Nodes;

namespace TalksBot.Slack.Tests.Fakes;

/// <summary>
/// A Web API request as the fake saw it (<c>/api/{Method}</c>, Method e.g. <c>chat.postMessage</c>; HttpMethod GET or POST) and
/// what it answered. Fields holds query, form and top-level JSON fields (non-string JSON values as JSON text); Body is the parsed
/// JSON body when the request had one.
/// </summary>
public sealed record ApiRequest(
    string Method,
    string HttpMethod,
    IReadOnlyDictionary<string, string> Headers,
    IReadOnlyDictionary<string, string> Fields,
    string RawBody,
    JsonNode? Body,
    int Status,
    string ResponseBody,
    DateTimeOffset Time)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string? Authorization => Header("Authorization");

    public string? ContentType => Header("Content-Type");

    public string? Field(string name) => Fields.TryGetValue(name, out var value) ? value : null;

    public bool HasField(string name) => Fields.ContainsKey(name);

    /// <summary>The parsed response (<c>ok</c>, <c>error</c>, …).</summary>
    public JsonObject? Response => JsonNode.Parse(ResponseBody) as JsonObject;

    public bool Ok => Response?["ok"] is JsonValue ok && ok.TryGetValue(out bool value) && value;

    public string? Error => Response?["error"] is JsonValue error && error.TryGetValue(out string? text) ? text : null;
}

/// <summary>A message the fake accepted through chat.postMessage, chat.postEphemeral or chat.update (the latest state).</summary>
public sealed record SlackMessage(string Channel, string Ts, string? Text, JsonNode? Blocks, bool Ephemeral, string? EphemeralUser, int Edits, DateTimeOffset Time)
{
    /// <summary>The thread it was posted in (<c>thread_ts</c>), or null for a message in the channel itself.</summary>
    public string? ThreadTs { get; init; }

    /// <summary>The text of its first block (a card's title), or null.</summary>
    public string? Title => Blocks?[0]?["text"]?["text"]?.GetValue<string>();
}

/// <summary>A view opened with views.open.</summary>
public sealed record OpenedView(string ViewId, string TriggerId, JsonObject View, DateTimeOffset Time);

/// <summary>A POST to a response_url (<paramref name="Use"/> counts from 1; uses past the limit are recorded with 404).</summary>
public sealed record ResponseUrlPost(string Id, Uri Url, int Use, IReadOnlyDictionary<string, string> Headers, string RawBody, JsonNode? Body, int Status, DateTimeOffset Time)
{
    public string? Text => Body?["text"] is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    public string? ResponseType => Body?["response_type"] is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    public bool ReplaceOriginal => Body?["replace_original"] is JsonValue value && value.TryGetValue(out bool flag) && flag;

    public bool DeleteOriginal => Body?["delete_original"] is JsonValue value && value.TryGetValue(out bool flag) && flag;
}

/// <summary>A text frame a client sent on Socket Mode connection <paramref name="Connection"/> (1-based); <paramref name="Json"/> is null when it was not a JSON object.</summary>
public sealed record SocketFrame(int Connection, JsonObject? Json, string Raw, DateTimeOffset Time)
{
    public string? EnvelopeId => Json?["envelope_id"] is JsonValue value && value.TryGetValue(out string? id) ? id : null;
}

/// <summary>An envelope the fake sent.</summary>
public sealed record SentEnvelope(string EnvelopeId, string Type, JsonObject Payload, bool AcceptsResponsePayload, int RetryAttempt, int Connection, DateTimeOffset Time);

/// <summary>An acknowledgement <c>{"envelope_id", "payload"?}</c> a client sent.</summary>
public sealed record SocketAck(string EnvelopeId, JsonNode? Payload, DateTimeOffset Time, int Connection)
{
    /// <summary>How long after the (first) delivery of the envelope the ack came, when the fake sent it.</summary>
    public TimeSpan? Latency { get; init; }
}

/// <summary>A delivery that got no ack within <see cref="FakeSlackOptions.AckTimeout"/>.</summary>
public sealed record UnackedEnvelope(string EnvelopeId, string Type, int RetryAttempt, int Connection, DateTimeOffset SentAt);

/// <summary>
/// A <c>disconnect</c> the fake sent. <see cref="ClosedAt"/> is set when the old socket ended — closed by the fake after the grace
/// time, closed by the client first, or dropped (<see cref="ClosedBy"/>); <see cref="NewestLiveConnectionAtClose"/> is the
/// highest-numbered other live connection at that moment, or null.
/// </summary>
public sealed record DisconnectRecord(string Reason, int OldConnection, DateTimeOffset SentAt, DateTimeOffset? ClosedAt, SocketCloseSource? ClosedBy, int? NewestLiveConnectionAtClose)
{
    /// <summary>The client had a newer live connection when the fake closed the old one: nothing was missed.</summary>
    public bool ReplacedBeforeClose => NewestLiveConnectionAtClose is { } newest && newest > OldConnection;
}

/// <summary>The end of a Socket Mode connection: the client's close frame, the fake's close, or a drop (no code).</summary>
public sealed record SocketClose(int Connection, int? Code, string? Reason, SocketCloseSource Source, DateTimeOffset Time);

public enum SocketCloseSource
{
    Client,
    Server,
    Dropped,
}
