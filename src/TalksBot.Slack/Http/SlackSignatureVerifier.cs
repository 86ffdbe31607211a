using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace TalksBot.Slack.Http;

/// <summary>Checks <c>X-Slack-Signature</c>: v0= + HMAC-SHA256(signing secret, "v0:{timestamp}:{body}"), within five minutes.</summary>
internal sealed class SlackSignatureVerifier(IOptions<SlackOptions> options, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    public bool IsValid(string? timestamp, string? signature, ReadOnlySpan<byte> body)
    {
        var secret = options.Value.SigningSecret;
        if (secret is null || signature is null || !signature.StartsWith("v0=", StringComparison.Ordinal) ||
            !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }

        var age = time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (age.Duration() > Window)
        {
            return false;
        }

        var prefix = Encoding.UTF8.GetBytes($"v0:{timestamp}:");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        var expected = Encoding.ASCII.GetBytes("v0=" + Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed)).ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }
}
