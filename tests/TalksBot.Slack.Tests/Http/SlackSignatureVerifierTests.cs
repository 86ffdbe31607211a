using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TalksBot.Slack.Http;

namespace TalksBot.Slack.Tests.Http;

public sealed class SlackSignatureVerifierTests
{
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_531_420_618));

    [Fact]
    public void IsValid_SignedNow_Accepts()
    {
        var body = "token=x&command=%2Fpositions&text=nato"u8.ToArray();

        Assert.True(Verifier().IsValid("1531420618", Sign("1531420618", body), body));
    }

    [Fact]
    public void IsValid_StaleTimestamp_Refuses()
    {
        var body = "text=nato"u8.ToArray();
        var old = (1_531_420_618 - 301).ToString(CultureInfo.InvariantCulture);

        Assert.False(Verifier().IsValid(old, Sign(old, body), body));
    }

    [Fact]
    public void IsValid_TamperedBody_Refuses()
    {
        var body = "text=nato"u8.ToArray();

        Assert.False(Verifier().IsValid("1531420618", Sign("1531420618", body), "text=nata"u8.ToArray()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("v1=abc")]
    public void IsValid_MissingOrMalformedSignature_Refuses(string? signature)
    {
        Assert.False(Verifier().IsValid("1531420618", signature, "x"u8.ToArray()));
    }

    [Theory]
    [InlineData("99999999999999")]
    [InlineData("9223372036854775807")]
    [InlineData("-1531420618")]
    [InlineData("1e309")]
    [InlineData("1531420618.5")]
    [InlineData(" 1531420618")]
    [InlineData("")]
    [InlineData(null)]
    public void IsValid_ImpossibleTimestamp_RefusesWithoutThrowing(string? timestamp)
    {
        var body = "text=nato"u8.ToArray();

        Assert.False(Verifier().IsValid(timestamp, Sign(timestamp ?? "", body), body));
    }

    internal static string Sign(string timestamp, byte[] body, string secret = Secret) =>
        "v0=" + Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"v0:{timestamp}:").Concat(body).ToArray())).ToLowerInvariant();

    private SlackSignatureVerifier Verifier() =>
        new(Options.Create(new SlackOptions { BotToken = "xoxb-1", SigningSecret = Secret }), _time);
}
