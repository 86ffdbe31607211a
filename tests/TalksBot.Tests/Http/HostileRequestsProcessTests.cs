using System.Globalization;
using System.Net;
using System.Text;

namespace TalksBot.Tests.Http;

/// <summary>
/// The real binary with Discord's and Slack's HTTP endpoints open, as an attacker without any secret would find it:
/// huge chunked bodies and malformed signature headers. Nothing may cost the bot memory it keeps, or answer 500.
/// </summary>
public sealed class HostileRequestsScenario : IAsyncLifetime, IDisposable
{
    public const int Attackers = 40;
    public const long AttackBytes = 28L * 1024 * 1024;

    private readonly CliRunner _cli = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };

    public Uri BaseUrl { get; } = new($"http://127.0.0.1:{BotProcess.FreePort()}/");

    internal BotProcess Bot { get; private set; } = null!;

    public HttpClient Http => _http;

    public async Task InitializeAsync()
    {
        Bot = BotProcess.Start(_cli, new Dictionary<string, string>
        {
            ["Discord__Token"] = "MTE0OTk4.hostile-test-discord-token.Qp3Lm8",
            ["Discord__ApplicationId"] = "114998",
            ["Discord__PublicKey"] = new string('a', 64),
            ["Discord__InteractionsMode"] = "Http",
            ["Discord__ApiBaseUrl"] = $"http://127.0.0.1:{BotProcess.FreePort()}/api/v10",
            ["Slack__BotToken"] = "xoxb-hostile_test_bot_not_real_27ab",
            ["Slack__SigningSecret"] = "hostile-test-signing-secret-6c1d",
            ["Slack__ApiBaseUrl"] = $"http://127.0.0.1:{BotProcess.FreePort()}/api/",
            ["Http__Urls"] = BaseUrl.ToString(),
            ["Logging__LogLevel__Default"] = "Information",
            ["Logging__LogLevel__TalksBot"] = "Information",
        });
        await Bot.WaitForStatusAsync(_http, new Uri(BaseUrl, "readyz"), HttpStatusCode.OK);
    }

    public async Task DisposeAsync() => await Bot.DisposeAsync();

    public void Dispose()
    {
        _http.Dispose();
        _cli.Dispose();
    }
}

public sealed class HostileRequestsProcessTests(HostileRequestsScenario scenario) : IClassFixture<HostileRequestsScenario>
{
    [Fact]
    public async Task HugeChunkedBodies_FromFortyUnsignedClients_AreRefusedAndCostNoLastingMemory()
    {
        // Warm the endpoints' code paths first, so the idle figure is the steady state.
        for (var i = 0; i < 5; i++)
        {
            await PostChunkedAsync("discord/interactions", 1024);
            await PostChunkedAsync("slack/commands", 1024);
        }

        await Task.Delay(1000);
        var idle = scenario.Bot.ResidentMegabytes();

        var statuses = await Task.WhenAll(Enumerable.Range(0, HostileRequestsScenario.Attackers).Select(i =>
            PostChunkedAsync(i % 2 == 0 ? "discord/interactions" : "slack/commands", HostileRequestsScenario.AttackBytes)));
        await Task.Delay(2000);
        var after = scenario.Bot.ResidentMegabytes();

        Assert.True(after - idle < 100, $"resident memory grew from {idle:F0} MB to {after:F0} MB");
        Assert.All(statuses, status => Assert.True(status is null or HttpStatusCode.RequestEntityTooLarge, $"answered {status}"));
    }

    [Theory]
    [InlineData("99999999999999")]
    [InlineData("-99999999999999")]
    [InlineData("1e309")]
    [InlineData("")]
    public async Task SlackRequest_WithAnImpossibleTimestamp_Is401WithoutAServerError(string timestamp)
    {
        var linesBefore = scenario.Bot.Lines.Count;
        foreach (var path in new[] { "slack/commands", "slack/interactivity", "slack/events" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(scenario.BaseUrl, path))
            {
                Content = new StringContent("command=%2Fabout&text=", Encoding.UTF8, "application/x-www-form-urlencoded"),
            };
            request.Headers.TryAddWithoutValidation("X-Slack-Request-Timestamp", timestamp);
            request.Headers.TryAddWithoutValidation("X-Slack-Signature", "v0=" + new string('0', 64));
            using var response = await scenario.Http.SendAsync(request);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.DoesNotContain(scenario.Bot.Lines.Skip(linesBefore), l => l.Contains("fail:", StringComparison.Ordinal) || l.Contains("crit:", StringComparison.Ordinal));
    }

    /// <summary>An unsigned POST of <paramref name="bytes"/> with no Content-Length (chunked); null when the bot closed the connection instead of answering.</summary>
    private async Task<HttpStatusCode?> PostChunkedAsync(string path, long bytes)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(scenario.BaseUrl, path)) { Content = new ZeroStreamContent(bytes) };
        request.Headers.TryAddWithoutValidation("X-Signature-Timestamp", DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("X-Signature-Ed25519", new string('0', 128));
        request.Headers.TryAddWithoutValidation("X-Slack-Request-Timestamp", DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("X-Slack-Signature", "v0=" + new string('0', 64));
        try
        {
            using var response = await scenario.Http.SendAsync(request);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>Streams zero bytes without a length, so HttpClient sends them chunked; nothing is held in memory.</summary>
    private sealed class ZeroStreamContent(long length) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var block = new byte[64 * 1024];
            for (long sent = 0; sent < length; sent += block.Length)
            {
                await stream.WriteAsync(block.AsMemory(0, (int)Math.Min(block.Length, length - sent)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
