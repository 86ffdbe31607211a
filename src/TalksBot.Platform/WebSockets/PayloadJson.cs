using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace TalksBot.Platform.WebSockets;

/// <summary>JSON for protocol payloads through source-generated metadata, with every failure mapped to <see cref="MalformedMessageException"/>.</summary>
public static class PayloadJson
{
    /// <summary>
    /// Reads <typeparamref name="T"/> from UTF-8 JSON. Invalid JSON, a missing <c>[JsonRequired]</c>/<c>required</c> member,
    /// a null where the type says none (with <c>RespectNullableAnnotations</c>) or a null document throw
    /// <see cref="MalformedMessageException"/>.
    /// </summary>
    public static T Deserialize<T>(ReadOnlySpan<byte> utf8Json, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        T? value;
        try
        {
            value = JsonSerializer.Deserialize(utf8Json, typeInfo);
        }
        catch (JsonException exception)
        {
            throw new MalformedMessageException($"Not a valid {typeof(T).Name}: {exception.Message}", exception);
        }

        return value ?? throw new MalformedMessageException($"Not a valid {typeof(T).Name}: the document is null.");
    }

    /// <summary>UTF-8 JSON of <paramref name="value"/>.</summary>
    public static byte[] Serialize<T>(T value, JsonTypeInfo<T> typeInfo) => JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
}
