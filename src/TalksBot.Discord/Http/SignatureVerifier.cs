using System.Text;
using Microsoft.Extensions.Options;
using NSec.Cryptography;

namespace TalksBot.Discord.Http;

/// <summary>Checks Discord's Ed25519 signature over <c>timestamp + body</c> with the application's public key.</summary>
internal sealed class SignatureVerifier
{
    private readonly PublicKey? _publicKey;

    public SignatureVerifier(IOptions<DiscordOptions> options)
    {
        var hex = options.Value.PublicKey;
        if (hex is { Length: 64 } && hex.All(char.IsAsciiHexDigit))
        {
            _publicKey = PublicKey.Import(SignatureAlgorithm.Ed25519, Convert.FromHexString(hex), KeyBlobFormat.RawPublicKey);
        }
    }

    public bool IsValid(string? timestamp, string? signatureHex, ReadOnlySpan<byte> body)
    {
        if (_publicKey is null || string.IsNullOrEmpty(timestamp) || signatureHex is not { Length: 128 } || !signatureHex.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        var timestampBytes = Encoding.UTF8.GetBytes(timestamp);
        var signed = new byte[timestampBytes.Length + body.Length];
        timestampBytes.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(timestampBytes.Length));
        return SignatureAlgorithm.Ed25519.Verify(_publicKey, signed, Convert.FromHexString(signatureHex));
    }
}
