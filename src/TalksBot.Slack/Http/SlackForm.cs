using System.Text;

namespace TalksBot.Slack.Http;

/// <summary>
/// Reads Slack's <c>application/x-www-form-urlencoded</c> bodies strictly: a bad percent escape or bytes that are not UTF-8
/// make the whole body malformed (400), instead of being replaced with U+FFFD and run as a command.
/// </summary>
internal static class SlackForm
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The fields of <paramref name="body"/>; null when it is not a well-formed form.</summary>
    public static Dictionary<string, string>? Read(ReadOnlySpan<byte> body)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var buffer = new byte[body.Length];
        while (!body.IsEmpty)
        {
            var end = body.IndexOf((byte)'&');
            var pair = end < 0 ? body : body[..end];
            body = end < 0 ? [] : body[(end + 1)..];
            if (pair.IsEmpty)
            {
                continue;
            }

            var equals = pair.IndexOf((byte)'=');
            var name = Decode(equals < 0 ? pair : pair[..equals], buffer);
            var value = equals < 0 ? "" : Decode(pair[(equals + 1)..], buffer);
            if (name is null || value is null)
            {
                return null;
            }

            fields[name] = value;
        }

        return fields;
    }

    private static string? Decode(ReadOnlySpan<byte> encoded, byte[] buffer)
    {
        var length = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var b = encoded[i];
            if (b == '+')
            {
                buffer[length++] = (byte)' ';
            }
            else if (b != '%')
            {
                buffer[length++] = b;
            }
            else if (i + 2 < encoded.Length && HexValue(encoded[i + 1]) is var high and >= 0 && HexValue(encoded[i + 2]) is var low and >= 0)
            {
                buffer[length++] = (byte)((high << 4) | low);
                i += 2;
            }
            else
            {
                return null;
            }
        }

        try
        {
            return Strict.GetString(buffer, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
