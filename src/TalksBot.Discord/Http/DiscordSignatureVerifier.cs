using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using NSec.Cryptography;
using TalksBot.Platform.Http;

namespace TalksBot.Discord.Http;

/// <summary>
/// Discord's request signature: Ed25519 over <c>timestamp + body</c> with the application's public key
/// (<c>X-Signature-Ed25519</c>, <c>X-Signature-Timestamp</c>). The timestamp must be whole Unix seconds within
/// <see cref="MaxClockSkew"/> of now, either way: a request signed long ago (or with a timestamp such as <c>0</c>) is a
/// replay, and the signature alone cannot tell.
/// </summary>
internal sealed class DiscordSignatureVerifier : IRequestSignatureVerifier
{
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    private const int SignatureHexLength = 128;

    /// <summary>Unix seconds stay within 11 digits until the year 5138; anything longer is not a timestamp.</summary>
    private const int MaxTimestampLength = 11;

    private readonly PublicKey? _publicKey;
    private readonly TimeProvider _time;

    public DiscordSignatureVerifier(IOptions<DiscordOptions> options, TimeProvider time)
    {
        _time = time;
        var hex = options.Value.PublicKey;
        if (hex is { Length: 64 } && hex.All(char.IsAsciiHexDigit))
        {
            _publicKey = PublicKey.Import(SignatureAlgorithm.Ed25519, Convert.FromHexString(hex), KeyBlobFormat.RawPublicKey);
        }
    }

    public bool IsValid(IHeaderDictionary headers, ReadOnlySpan<byte> body)
    {
        var timestamp = headers["X-Signature-Timestamp"].ToString();
        var signatureHex = headers["X-Signature-Ed25519"].ToString();
        if (_publicKey is null || !IsFresh(timestamp) || signatureHex.Length != SignatureHexLength || !signatureHex.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        Span<byte> signature = stackalloc byte[SignatureHexLength / 2];
        Convert.FromHexString(signatureHex, signature, out _, out _);

        // Ed25519 signs the message whole: timestamp and body in one buffer (pooled, so a busy endpoint allocates none).
        var length = timestamp.Length + body.Length;
        var signed = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = System.Text.Encoding.ASCII.GetBytes(timestamp, signed);
            body.CopyTo(signed.AsSpan(written));
            return SignatureAlgorithm.Ed25519.Verify(_publicKey, signed.AsSpan(0, length), signature);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(signed);
        }
    }

    private bool IsFresh(string timestamp)
    {
        if (timestamp.Length is 0 or > MaxTimestampLength || !timestamp.All(char.IsAsciiDigit) ||
            !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }

        var skew = _time.GetUtcNow().ToUnixTimeSeconds() - seconds;
        return Math.Abs(skew) <= (long)MaxClockSkew.TotalSeconds;
    }
}
