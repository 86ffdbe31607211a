using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using TalksBot.Platform.Http;

namespace TalksBot.Slack.Http;

/// <summary>
/// Checks <c>X-Slack-Signature</c>: v0= + HMAC-SHA256(signing secret, "v0:{timestamp}:{body}"), within five minutes of
/// <c>X-Slack-Request-Timestamp</c>. Any timestamp or signature that is not exactly that shape is refused, never thrown on.
/// </summary>
internal sealed class SlackSignatureVerifier(IOptions<SlackOptions> options, TimeProvider time) : IRequestSignatureVerifier
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private const string Version = "v0";

    /// <summary>A Unix time in seconds has at most 11 digits for the next thousands of years.</summary>
    private const int MaxTimestampDigits = 11;

    public bool IsValid(IHeaderDictionary headers, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return IsValid(headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"], body);
    }

    public bool IsValid(string? timestamp, string? signature, ReadOnlySpan<byte> body)
    {
        var secret = options.Value.SigningSecret;
        if (secret is null || signature is null || !signature.StartsWith(Version + "=", StringComparison.Ordinal)
            || timestamp is not { Length: > 0 and <= MaxTimestampDigits }
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (Math.Abs(now - seconds) > (long)Window.TotalSeconds)
        {
            return false;
        }

        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.ASCII.GetBytes($"{Version}:{timestamp}:"));
        hmac.AppendData(body);
        var expected = Encoding.ASCII.GetBytes(Version + "=" + Convert.ToHexStringLower(hmac.GetHashAndReset()));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }
}
