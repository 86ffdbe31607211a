using System.Text.Json.Nodes;

namespace TalksBot.Discord.Tests.Fakes;

/// <summary>A gateway frame (parsed) with the connection number (1-based) it travelled on.</summary>
public sealed record GatewayFrame(int Connection, int Op, JsonObject Payload, DateTimeOffset Time)
{
    public string? EventName => Payload["t"]?.GetValue<string>();

    public JsonNode? Data => Payload["d"];
}

/// <summary>A close of a gateway connection: by the client (its close frame), by the fake (control or protocol error), or a drop (no code).</summary>
public sealed record GatewayClose(int Connection, int? Code, string? Reason, GatewayCloseSource Source, DateTimeOffset Time);

public enum GatewayCloseSource
{
    Client,
    Server,
    Dropped,
}

/// <summary>A successful IDENTIFY: which shard, intents and the session it created.</summary>
public sealed record ShardIdentify(int Connection, int ShardId, int ShardCount, long Intents, string SessionId, JsonObject Properties, DateTimeOffset Time);

/// <summary>A REST request as the fake saw it, and the status it answered.</summary>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string RelativePath,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    string RawBody,
    JsonNode? Body,
    int Status,
    string? ResponseBody,
    string? Bucket,
    DateTimeOffset Time)
{
    /// <summary>The <c>files[n]</c> parts of a multipart request.</summary>
    public IReadOnlyList<RecordedFile> Files { get; init; } = [];

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string? UserAgent => Header("User-Agent");

    public string? Authorization => Header("Authorization");
}

/// <summary>An interaction callback the fake accepted (204).</summary>
public sealed record InteractionCallback(string InteractionId, string Token, int Type, JsonNode? Data, JsonObject Body, DateTimeOffset Time);

/// <summary>A file part of a multipart request: its form field (<c>files[0]</c>), file name, type and bytes.</summary>
public sealed record RecordedFile(string FieldName, string FileName, string ContentType, byte[] Content);
