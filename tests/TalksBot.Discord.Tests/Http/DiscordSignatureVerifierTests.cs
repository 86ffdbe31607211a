using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSec.Cryptography;
using TalksBot.Discord.Http;

namespace TalksBot.Discord.Tests.Http;

public sealed class DiscordSignatureVerifierTests : IDisposable
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"type":1}""");
    private readonly Key _key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_765_756_800));

    [Theory]
    [InlineData(0, true)]
    [InlineData(-300, true)]
    [InlineData(300, true)]
    [InlineData(-301, false)]
    [InlineData(301, false)]
    public void IsValid_TimestampAgainstTheClock_AcceptedWithinFiveMinutesEitherWay(int offsetSeconds, bool valid)
    {
        var timestamp = (_time.GetUtcNow().ToUnixTimeSeconds() + offsetSeconds).ToString(CultureInfo.InvariantCulture);

        Assert.Equal(valid, Verifier().IsValid(Headers(timestamp, Sign(timestamp)), Body));
    }

    [Theory]
    [InlineData("")]
    [InlineData("+1765756800")]
    [InlineData("1765756800.0")]
    [InlineData("١٧٦٥٧٥٦٨٠٠")]
    [InlineData("99999999999999999999999")]
    public void IsValid_TimestampNotWholeUnixSeconds_False(string timestamp)
    {
        Assert.False(Verifier().IsValid(Headers(timestamp, Sign(timestamp)), Body));
    }

    [Fact]
    public void IsValid_SignatureNotHex_FalseWithoutThrowing()
    {
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

        Assert.False(Verifier().IsValid(Headers(timestamp, new string('z', 128)), Body));
    }

    public void Dispose() => _key.Dispose();

    private DiscordSignatureVerifier Verifier() =>
        new(Options.Create(new DiscordOptions { PublicKey = Convert.ToHexStringLower(_key.PublicKey.Export(KeyBlobFormat.RawPublicKey)) }), _time);

    private string Sign(string timestamp) =>
        Convert.ToHexStringLower(SignatureAlgorithm.Ed25519.Sign(_key, [.. Encoding.UTF8.GetBytes(timestamp), .. Body]));

    private static HeaderDictionary Headers(string timestamp, string signature) => new()
    {
        ["X-Signature-Timestamp"] = timestamp,
        ["X-Signature-Ed25519"] = signature,
    };
}
