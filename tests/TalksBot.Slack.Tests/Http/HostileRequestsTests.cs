using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using TalksBot.Slack.Tests.Fakes;
using TalksBot.Slack.Tests.Support;

namespace TalksBot.Slack.Tests.Http;

/// <summary>
/// Slack's HTTP endpoints as an attacker without the signing secret finds them, and as a signed but broken request reaches
/// them: bounded bodies (413), the signature before anything else (401, never a 500), 400 for what cannot be read, and a
/// replayed or redelivered request answered once.
/// </summary>
public sealed class HostileRequestsTests : IAsyncLifetime, IDisposable
{
    private const string Moderator = "U0MOD";
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly LogCapture _logs = new();
    private FakeSlack _slack = null!;
    private Testing.LoopbackBotHost _bot = null!;

    public static TheoryData<string> Paths => new() { "/slack/commands", "/slack/interactivity", "/slack/events" };

    public static TheoryData<string> ImpossibleTimestamps => new() { "99999999999999", "-99999999999999", "1e309", "", "9223372036854775807" };

    public static TheoryData<string, string, string> MalformedSigned => new()
    {
        { "/slack/interactivity", "payload=" + Uri.EscapeDataString("""{"type":2,"user":{"id":"U1"},"actions":[{"action_id":"talksbot-0","value":"/about"}]}"""), "application/x-www-form-urlencoded" },
        { "/slack/interactivity", "payload=" + Uri.EscapeDataString("""{"type":"block_actions","user":{"id":5},"actions":[{"action_id":"talksbot-0","value":"/about"}],"trigger_id":"1.2.3"}"""), "application/x-www-form-urlencoded" },
        { "/slack/interactivity", "payload=" + Uri.EscapeDataString("""{"type":"block_actions","user":{"id":"U1"},"actions":{"action_id":"talksbot-0","value":"/about"},"trigger_id":"1.2.4"}"""), "application/x-www-form-urlencoded" },
        { "/slack/interactivity", "payload=" + Uri.EscapeDataString("""{"type":"view_submission","user":{"id":"U1"},"trigger_id":"1.2.5","view":{"callback_id":"modal:fact add","private_metadata":7,"state":{"values":{}}}}"""), "application/x-www-form-urlencoded" },
        { "/slack/interactivity", "payload=this+is+not+json", "application/x-www-form-urlencoded" },
        { "/slack/interactivity", "token=x&nothing=here", "application/x-www-form-urlencoded" },
        { "/slack/events", """{"type":2}""", "application/json" },
        { "/slack/events", """{"type":"event_callback","event_id":5,"event":{"type":"app_mention"}}""", "application/json" },
        { "/slack/events", """{"type":"url_verification","challenge":["x"]}""", "application/json" },
        { "/slack/events", "not json at all", "application/json" },
        { "/slack/commands", "text=about&user_id=U1&channel_id=C1&trigger_id=1.2.6", "application/x-www-form-urlencoded" },
        { "/slack/commands", "command=%2Fabout&text=%FF%FE&user_id=U1&channel_id=C1&trigger_id=1.2.7", "application/x-www-form-urlencoded" },
        { "/slack/commands", """{"command":"/about","user_id":"U1"}""", "application/json" },
    };

    public async Task InitializeAsync()
    {
        _slack = await FakeSlack.StartAsync(new FakeSlackOptions { BotToken = SlackTestBot.BotToken });
        _bot = await SlackTestBot.StartHttpAsync(_slack, new Dictionary<string, string?> { ["Slack:ModeratorUserIds"] = Moderator, ["RateLimits:Enabled"] = "false" }, _logs.AddTo);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Endpoint_UnsignedChunkedBodyOverTheLimit_Is413(string path)
    {
        var status = await PostChunkedAsync(path, 4L * 1024 * 1024);

        Assert.True(status is null or HttpStatusCode.RequestEntityTooLarge, $"{path} answered {status}");
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Endpoint_DeclaredLengthOverTheLimit_Is413(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_bot.BaseAddress, path)) { Content = new ByteArrayContent(new byte[3 * 1024 * 1024]) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");

        HttpStatusCode? status;
        try
        {
            using var response = await _http.SendAsync(request);
            status = response.StatusCode;
        }
        catch (HttpRequestException)
        {
            status = null;
        }

        Assert.True(status is null or HttpStatusCode.RequestEntityTooLarge, $"{path} answered {status}");
    }

    [Fact]
    public async Task Interactivity_ButtonUnderTheLongestAnswer_IsStillAccepted()
    {
        // A button press carries the whole message it sits under: up to 50 blocks of 3000 characters, escaped twice.
        var message = new System.Text.Json.Nodes.JsonObject
        {
            ["type"] = "message",
            ["ts"] = "1700000000.000100",
            ["text"] = "A long answer",
            ["blocks"] = new System.Text.Json.Nodes.JsonArray([.. Enumerable.Range(0, 50).Select(i => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject
            {
                ["type"] = "section",
                ["block_id"] = $"b{i}",
                ["text"] = new System.Text.Json.Nodes.JsonObject { ["type"] = "mrkdwn", ["text"] = new string('ї', 2900) + " \"&lt;quoted&gt;\"" },
            })]),
        };
        var press = FakeSlackPayloads.BlockActions("talksbot-0", "/about", message: message, responseUrl: _slack.NewResponseUrl());
        var body = "payload=" + Uri.EscapeDataString(press.ToJsonString());

        using var response = await PostAsync("/slack/interactivity", Encoding.UTF8.GetBytes(body), "application/x-www-form-urlencoded");

        Assert.True(body.Length > 1024 * 1024, $"the press is {body.Length} bytes");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await _slack.WaitUntilAsync(s => s.ResponseUrlPosts.Count == 1, TimeSpan.FromSeconds(10), "the answer to the press");
    }

    [Theory]
    [MemberData(nameof(ImpossibleTimestamps))]
    public async Task Endpoint_ImpossibleTimestamp_Is401WithoutAnErrorInTheLog(string timestamp)
    {
        foreach (var path in new[] { "/slack/commands", "/slack/interactivity", "/slack/events" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_bot.BaseAddress, path))
            {
                Content = new StringContent("command=%2Fabout&text=", Encoding.UTF8, "application/x-www-form-urlencoded"),
            };
            request.Headers.TryAddWithoutValidation("X-Slack-Request-Timestamp", timestamp);
            request.Headers.TryAddWithoutValidation("X-Slack-Signature", "v0=" + new string('0', 64));
            using var response = await _http.SendAsync(request);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.Empty(_logs.Problems);
    }

    [Theory]
    [MemberData(nameof(MalformedSigned))]
    public async Task Endpoint_SignedButMalformed_Is400WithoutAStackTrace(string path, string body, string contentType)
    {
        using var response = await PostAsync(path, Encoding.UTF8.GetBytes(body), contentType);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_logs.Problems);
        Assert.Empty(_slack.ResponseUrlPosts);
    }

    [Theory]
    [InlineData("/slack/commands", "application/x-www-form-urlencoded")]
    [InlineData("/slack/interactivity", "application/x-www-form-urlencoded")]
    [InlineData("/slack/events", "application/json")]
    public async Task Endpoint_SignedInvalidUtf8_Is400WithoutAStackTrace(string path, string contentType)
    {
        var prefix = path switch
        {
            "/slack/commands" => "command=%2Fask&user_id=U1&channel_id=C1&trigger_id=9.9.9&text=",
            "/slack/interactivity" => "payload=",
            _ => """{"type":"event_callback","event_id":"Ev1","event":{"text":" """,
        };
        byte[] body = [.. Encoding.ASCII.GetBytes(prefix), 0xC3, 0x28, 0xFF, 0xFE, .. Encoding.ASCII.GetBytes(path == "/slack/events" ? "\"}}" : "")];

        using var response = await PostAsync(path, body, contentType);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_logs.Problems);
    }

    [Fact]
    public async Task Command_SameSignedFactAddTwiceWithoutRetryHeader_AddsOneFact()
    {
        const string Text = "Replayed requests must not add this fact twice.";
        var body = FactAdd(Text, "7001.1.a");

        using var first = await PostAsync("/slack/commands", body, "application/x-www-form-urlencoded", timestamp: Now());
        using var second = await PostAsync("/slack/commands", body, "application/x-www-form-urlencoded", timestamp: Now());

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Contains("Added: ", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("", await second.Content.ReadAsStringAsync());
        Assert.Single(_bot.Store.Snapshot.Facts, f => f.Text == Text);
    }

    [Fact]
    public async Task Command_ManyConcurrentDuplicates_RunOnce()
    {
        const string Text = "Thirty copies of one request must add one fact.";
        var body = FactAdd(Text, "7002.1.b");
        var timestamp = Now();

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => PostAsync("/slack/commands", body, "application/x-www-form-urlencoded", timestamp, retry: i % 2 == 0 ? null : "1")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(_bot.Store.Snapshot.Facts, f => f.Text == Text);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Events_UrlVerification_StillEchoesTheChallenge_AndEventsAreAcked()
    {
        using var challenge = await PostAsync("/slack/events", """{"type":"url_verification","challenge":"c-123","token":"x"}"""u8.ToArray(), "application/json");
        using var callback = await PostAsync("/slack/events", """{"type":"event_callback","event_id":"Ev0001","event":{"type":"app_mention","text":"hi"}}"""u8.ToArray(), "application/json");
        using var again = await PostAsync("/slack/events", """{"type":"event_callback","event_id":"Ev0001","event":{"type":"app_mention","text":"hi"}}"""u8.ToArray(), "application/json");

        Assert.Equal(HttpStatusCode.OK, challenge.StatusCode);
        Assert.Contains("\"c-123\"", await challenge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (callback.StatusCode, again.StatusCode));
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _slack.DisposeAsync();
    }

    public void Dispose() => _http.Dispose();

    private static string Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private byte[] FactAdd(string text, string triggerId) => Encoding.UTF8.GetBytes(
        "command=%2Ffact&text=" + Uri.EscapeDataString($"add topic:nato party:russia text:\"{text}\" source_url:https://example.org/replay") +
        $"&user_id={Moderator}&user_name=mod&channel_id=C0GENERAL&trigger_id={triggerId}&response_url=" + Uri.EscapeDataString(_slack.NewResponseUrl()));

    /// <summary>A POST signed as Slack signs it (at <paramref name="timestamp"/>, now by default), with X-Slack-Retry-Num when <paramref name="retry"/> is set.</summary>
    private async Task<HttpResponseMessage> PostAsync(string path, byte[] body, string contentType, string? timestamp = null, string? retry = null)
    {
        timestamp ??= Now();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_bot.BaseAddress, path)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", SlackSignatureVerifierTests.Sign(timestamp, body, SlackTestBot.SigningSecret));
        if (retry is not null)
        {
            request.Headers.Add("X-Slack-Retry-Num", retry);
            request.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        }

        return await _http.SendAsync(request);
    }

    /// <summary>An unsigned POST of <paramref name="bytes"/> zero bytes without a length (chunked); null when the bot closed the connection instead of answering.</summary>
    private async Task<HttpStatusCode?> PostChunkedAsync(string path, long bytes)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_bot.BaseAddress, path)) { Content = new ZeroStreamContent(bytes) };
        request.Headers.TryAddWithoutValidation("X-Slack-Request-Timestamp", Now());
        request.Headers.TryAddWithoutValidation("X-Slack-Signature", "v0=" + new string('0', 64));
        try
        {
            using var response = await _http.SendAsync(request);
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
