using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Serialization.Metadata;

namespace TalksBot.Platform.WebSockets;

/// <summary>What <see cref="IWebSocketTransport.ReceiveAsync"/> gives: one whole message, or the peer's close.</summary>
public abstract record ReceiveResult;

/// <summary>One whole message (all its frames, up to <see cref="WebSocketTransportOptions.MaxMessageBytes"/>).</summary>
public sealed record ReceivedMessage(ReadOnlyMemory<byte> Payload, WebSocketMessageType Type) : ReceiveResult
{
    public bool IsText => Type == WebSocketMessageType.Text;

    /// <summary>The payload as UTF-8 text.</summary>
    public string Text => Encoding.UTF8.GetString(Payload.Span);

    /// <summary>
    /// The payload as <typeparamref name="T"/> (source-generated metadata); throws <see cref="MalformedMessageException"/> for
    /// invalid JSON, a missing required member or a null where a value was required.
    /// </summary>
    public T Deserialize<T>(JsonTypeInfo<T> typeInfo) => PayloadJson.Deserialize(Payload.Span, typeInfo);
}

/// <summary>The peer closed the connection (its close frame's code and text, or nulls when it sent none).</summary>
public sealed record ReceivedClose(int? Code, string? Description) : ReceiveResult;
