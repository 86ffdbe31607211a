using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using NSec.Cryptography;

namespace TalksBot.Discord.Tests.Http;

public sealed class DiscordInteractionsEndpointTests : IAsyncLifetime, IDisposable
{
    private readonly Key _key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };
    private Testing.LoopbackBotHost _bot = null!;

    public async Task InitializeAsync()
    {
        _bot = await DiscordTestBot.StartAsync(new Dictionary<string, string?>
        {
            ["Discord:InteractionsMode"] = "Http",
            ["Discord:PublicKey"] = Convert.ToHexString(_key.PublicKey.Export(KeyBlobFormat.RawPublicKey)).ToLowerInvariant(),
        });
    }

    [Fact]
    public async Task Post_SignedPing_AnswersPong()
    {
        var response = await PostAsync("""{"type":1,"id":"1","application_id":"1100000000000000001","token":"t","version":1}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["type"]!.GetValue<int>());
    }

    [Fact]
    public async Task Post_SignedCommand_AnswersWithTheEmbedAndNoMentions()
    {
        var body = new JsonObject
        {
            ["type"] = 2,
            ["id"] = "2",
            ["application_id"] = DiscordTestBot.ApplicationId,
            ["token"] = "interaction-token",
            ["channel_id"] = "10",
            ["member"] = new JsonObject { ["user"] = new JsonObject { ["id"] = "7", ["username"] = "member" }, ["roles"] = new JsonArray(), ["permissions"] = "0" },
            ["data"] = new JsonObject
            {
                ["id"] = "3",
                ["name"] = "positions",
                ["type"] = 1,
                ["options"] = new JsonArray(new JsonObject { ["name"] = "topic", ["type"] = 3, ["value"] = "nato" }, new JsonObject { ["name"] = "party", ["type"] = 3, ["value"] = "russia" }),
            },
        };

        var response = await PostAsync(body.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(4, json["type"]!.GetValue<int>());
        Assert.Equal("Russia on NATO", json["data"]!["embeds"]![0]!["title"]!.GetValue<string>());
        Assert.Equal("[]", json["data"]!["allowed_mentions"]!["parse"]!.ToJsonString());
    }

    [Fact]
    public async Task Post_TamperedBody_Is401()
    {
        var response = await PostAsync("""{"type":1}""", tamper: body => body.Replace("1", "2", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Post_TamperedTimestamp_Is401()
    {
        var response = await PostAsync("""{"type":1}""", tamperTimestamp: true);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Post_WithoutSignature_Is401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_bot.BaseAddress, "/discord/interactions"))
        {
            Content = new StringContent("""{"type":1}""", Encoding.UTF8, "application/json"),
        };

        var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Post_KbExportByAModerator_DefersPrivatelyThenEditsTheOriginalWithTheYaml()
    {
        await using var discord = await Fakes.FakeDiscord.StartAsync(new Fakes.FakeDiscordOptions { Token = DiscordTestBot.Token, RequireAcknowledgementBeforeWebhook = false });
        await using var bot = await DiscordTestBot.StartAsync(new Dictionary<string, string?>
        {
            ["Discord:InteractionsMode"] = "Http",
            ["Discord:PublicKey"] = Convert.ToHexString(_key.PublicKey.Export(KeyBlobFormat.RawPublicKey)).ToLowerInvariant(),
            ["Discord:ApiBaseUrl"] = discord.ApiBaseUrl.ToString(),
        });
        var interaction = Fakes.FakeInteractions.Subcommand(Fakes.FakeInteractionContext.Moderator, "kb", "export");

        var response = await PostAsync(interaction.ToJsonString(), bot: bot);
        var edit = await discord.WaitForOriginalEditAsync(interaction["token"]!.GetValue<string>(), TimeSpan.FromSeconds(10));

        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal((5, 64), (json["type"]!.GetValue<int>(), json["data"]!["flags"]!.GetValue<int>()));
        var file = Assert.Single(edit.Files);
        Assert.EndsWith(".yaml", file.FileName, StringComparison.Ordinal);
        Assert.Equal("application/yaml", file.ContentType);
    }

    [Fact]
    public async Task Post_OnceShutdownHasBegun_Is503()
    {
        // ApplicationStopping without the host's stop: the moment after SIGTERM while requests can still reach the endpoint.
        _bot.App.Lifetime.StopApplication();

        var response = await PostAsync("""{"type":1,"id":"1","application_id":"1100000000000000001","token":"t","version":1}""");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    public void Dispose()
    {
        _http.Dispose();
        _key.Dispose();
    }

    private async Task<HttpResponseMessage> PostAsync(string body, Func<string, string>? tamper = null, bool tamperTimestamp = false, Testing.LoopbackBotHost? bot = null)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = SignatureAlgorithm.Ed25519.Sign(_key, Encoding.UTF8.GetBytes(timestamp + body));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri((bot ?? _bot).BaseAddress, "/discord/interactions"))
        {
            Content = new StringContent(tamper?.Invoke(body) ?? body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Signature-Ed25519", Convert.ToHexString(signature).ToLowerInvariant());
        request.Headers.Add("X-Signature-Timestamp", tamperTimestamp ? (long.Parse(timestamp, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture) : timestamp);
        return await _http.SendAsync(request);
    }
}
