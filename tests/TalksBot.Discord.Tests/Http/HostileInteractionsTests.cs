using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using NSec.Cryptography;
using TalksBot.Discord.Tests.Fakes;
using TalksBot.Discord.Tests.Moderation;

namespace TalksBot.Discord.Tests.Http;

/// <summary>
/// /discord/interactions as an attacker meets it: huge unsigned bodies, signed requests replayed later or with odd
/// timestamps, and correctly signed requests whose fields have the wrong types. None may run a command twice, cost
/// memory, answer 500 or leave a stack trace in the operator's log.
/// </summary>
public sealed class HostileInteractionsTests : IAsyncLifetime, IDisposable
{
    private readonly Key _key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };
    private readonly CapturedLogs _logs = new();
    private FakeDiscord _discord = null!;
    private Testing.LoopbackBotHost _bot = null!;

    public async Task InitializeAsync()
    {
        _discord = await FakeDiscord.StartAsync(new FakeDiscordOptions { Token = DiscordTestBot.Token });
        _bot = await DiscordTestBot.StartAsync(
            new Dictionary<string, string?>
            {
                ["Discord:InteractionsMode"] = "Http",
                ["Discord:PublicKey"] = Convert.ToHexStringLower(_key.PublicKey.Export(KeyBlobFormat.RawPublicKey)),
                ["Discord:ApiBaseUrl"] = _discord.ApiBaseUrl.ToString(),
            },
            _logs.Register);
    }

    [Fact]
    public async Task Post_UnsignedChunkedBodyOverOneMegabyte_Is413WithoutReadingItAll()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = new ByteArrayContent(new byte[2 * 1024 * 1024]) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = true;

        var status = await SendOrClosedAsync(request);

        // HttpClient may see only the closed connection (it was still sending); the endpoint's refusal is in the log either way.
        Assert.True(status is null or HttpStatusCode.RequestEntityTooLarge, $"answered {status}");
        Assert.Contains(_logs.Entries, e => e.Message.Contains(": 413 (", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Post_ReplayedSignedFactAdd_CreatesOneFact()
    {
        const string text = "Envoys met in Geneva on 1 March 2026 to agree a schedule for further talks (replay test).";
        var interaction = FakeInteractions.Subcommand(
            FakeInteractionContext.Moderator, "fact", "add", ("topic", "process"), ("text", text), ("source_url", "https://example.org/replay-test"));

        var (first, replay) = await PostTwiceAsync(interaction);

        Assert.Equal(HttpStatusCode.OK, first);
        Assert.Equal((HttpStatusCode.Unauthorized, "replayed request"), replay);
        Assert.Single(_bot.Store.Snapshot.FactsById.Values, f => f.Text == text);
    }

    [Fact]
    public async Task Post_ReplayedSignedRetract_MakesOneRevision()
    {
        var factId = ModerationSessionTests.FactId;
        var revisions = _bot.Store.History(factId).Count;
        var interaction = FakeInteractions.Subcommand(FakeInteractionContext.Moderator, "fact", "retract", ("id", factId), ("reason", "replay test"));

        var (first, replay) = await PostTwiceAsync(interaction);

        Assert.Equal(HttpStatusCode.OK, first);
        Assert.Equal((HttpStatusCode.Unauthorized, "replayed request"), replay);
        Assert.Equal(revisions + 1, _bot.Store.History(factId).Count);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("hello")]
    [InlineData("-360")]
    [InlineData("+360")]
    [InlineData("1e9")]
    public async Task Post_SignedWithATimestampNotWithinFiveMinutes_Is401AndNotRun(string timestamp)
    {
        timestamp = timestamp switch
        {
            "-360" => (DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 360).ToString(CultureInfo.InvariantCulture),
            "+360" => (DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 360).ToString(CultureInfo.InvariantCulture),
            _ => timestamp,
        };
        var factId = ModerationSessionTests.FactId;
        var revisions = _bot.Store.History(factId).Count;
        var body = Encoding.UTF8.GetBytes(FakeInteractions.Subcommand(FakeInteractionContext.Moderator, "fact", "retract", ("id", factId), ("reason", "stale")).ToJsonString());

        using var response = await PostAsync(body, timestamp, Sign(timestamp, body));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(revisions, _bot.Store.History(factId).Count);
    }

    [Theory]
    [InlineData("type a string", """{"id":"1300000000000000009","application_id":"1100000000000000001","type":"2","token":"t","version":1,"data":{"id":"5","name":"about","type":1}}""")]
    [InlineData("id a number", """{"id":1300000000000000009,"application_id":"1100000000000000001","type":2,"token":"t","version":1,"data":{"id":"5","name":"about","type":1}}""")]
    [InlineData("data an array", """{"id":"1300000000000000009","application_id":"1100000000000000001","type":2,"token":"t","version":1,"data":[]}""")]
    [InlineData("no token", """{"id":"1300000000000000009","application_id":"1100000000000000001","type":2,"version":1,"data":{"id":"5","name":"about","type":1}}""")]
    [InlineData("options an object", """{"id":"1300000000000000009","application_id":"1100000000000000001","type":2,"token":"t","version":1,"data":{"id":"5","name":"ask","type":1,"options":{"name":"question"}}}""")]
    [InlineData("not JSON", """{"id":"1300000000000000009",""")]
    [InlineData("null", "null")]
    public async Task Post_SignedButMalformed_Is400WithoutAStackTrace(string why, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var timestamp = Now();

        using var response = await PostAsync(body, timestamp, Sign(timestamp, body));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: answered {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Empty(_logs.StackTracesAboveDebug);
    }

    [Fact]
    public async Task Post_SignedWithInvalidUtf8_Is400NotAnApology()
    {
        var interaction = FakeInteractions.Command("ask", ("question", "QUESTION"));
        var json = Encoding.UTF8.GetBytes(interaction.ToJsonString());
        var marker = Encoding.UTF8.GetBytes("QUESTION");
        var at = json.AsSpan().IndexOf(marker);
        var body = json.ToArray();
        // An overlong encoding and a lone continuation byte: not UTF-8.
        body[at] = 0xC0;
        body[at + 1] = 0x80;
        body[at + 2] = 0xBF;

        var timestamp = Now();
        using var response = await PostAsync(body, timestamp, Sign(timestamp, body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_logs.StackTracesAboveDebug);
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _discord.DisposeAsync();
    }

    public void Dispose()
    {
        _http.Dispose();
        _key.Dispose();
        _logs.Dispose();
    }

    private Uri Endpoint => new(_bot.BaseAddress, "/discord/interactions");

    private static string Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private string Sign(string timestamp, byte[] body) =>
        Convert.ToHexStringLower(SignatureAlgorithm.Ed25519.Sign(_key, [.. Encoding.UTF8.GetBytes(timestamp), .. body]));

    private async Task<HttpResponseMessage> PostAsync(byte[] body, string timestamp, string signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("X-Signature-Ed25519", signature);
        request.Headers.TryAddWithoutValidation("X-Signature-Timestamp", timestamp);
        return await _http.SendAsync(request);
    }

    /// <summary>The same signed request twice, as a replay sends it: the first status, and the second with its text.</summary>
    private async Task<(HttpStatusCode First, (HttpStatusCode Status, string Text) Replay)> PostTwiceAsync(System.Text.Json.Nodes.JsonObject interaction)
    {
        var body = Encoding.UTF8.GetBytes(interaction.ToJsonString());
        var timestamp = Now();
        var signature = Sign(timestamp, body);
        using var first = await PostAsync(body, timestamp, signature);
        using var replay = await PostAsync(body, timestamp, signature);
        return (first.StatusCode, (replay.StatusCode, await replay.Content.ReadAsStringAsync()));
    }

    /// <summary>The status, or null when the server closed the connection after refusing.</summary>
    private async Task<HttpStatusCode?> SendOrClosedAsync(HttpRequestMessage request)
    {
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
}
