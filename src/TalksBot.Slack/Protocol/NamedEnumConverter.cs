using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TalksBot.Slack.Protocol;

/// <summary>
/// An enum Slack writes as a string. A name this version does not know reads as the enum's default (Unknown): Slack adds
/// types every month. Anything but a string is a malformed payload.
/// </summary>
internal abstract class NamedEnumConverter<TEnum>(params (string Name, TEnum Value)[] names) : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    private readonly FrozenDictionary<string, TEnum> _byName = names.ToFrozenDictionary(n => n.Name, n => n.Value, StringComparer.Ordinal);
    private readonly FrozenDictionary<TEnum, string> _byValue = names.ToFrozenDictionary(n => n.Value, n => n.Name);

    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string for {typeof(TEnum).Name}, got {reader.TokenType}.");
        }

        return _byName.GetValueOrDefault(reader.GetString()!);
    }

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(_byValue.TryGetValue(value, out var name) ? name : throw new JsonException($"{typeof(TEnum).Name}.{value} has no name on Slack."));
    }
}
