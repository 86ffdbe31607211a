using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using NSec.Cryptography;
using TalksBot.Discord.Tests.Conversations;
using TalksBot.Discord.Tests.Fakes;

namespace TalksBot.Discord.Tests.Http;

/// <summary>"Check with TalksBot" and Share in HTTP interactions mode: the answers travel in the responses, the shared card over REST.</summary>
public sealed class CheckMessageHttpTests : IAsyncLifetime, IDisposable
{
    private readonly Key _key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };
    private FakeDiscord _discord = null!;
    private Testing.LoopbackBotHost _bot = null!;

    public async Task InitializeAsync()
    {
        _discord = await FakeDiscord.StartAsync(new FakeDiscordOptions { Token = DiscordTestBot.Token });
        _bot = await DiscordTestBot.StartAsync(new Dictionary<string, string?>
        {
            ["Discord:InteractionsMode"] = "Http",
            ["Discord:PublicKey"] = Convert.ToHexString(_key.PublicKey.Export(KeyBlobFormat.RawPublicKey)).ToLowerInvariant(),
            ["Discord:ApiBaseUrl"] = _discord.ApiBaseUrl.ToString(),
        });
    }

    [Fact]
    public async Task CheckThenShare_OverHttp_AnswersPrivatelyThenPostsOnceUnderTheMessage()
    {
        var target = FakeMessages.Message(new FakeInteractionContext { UserId = "1300000000000000077", Username = "bob" }, CheckMessageSessionTests.Claim);

        var check = await PostAsync(FakeMessages.Check(FakeInteractionContext.Member, target));
        var button = CheckMessageSessionTests.ShareButton(check["data"]!);
        var first = await PostAsync(FakeInteractions.Button(button));
        var second = await PostAsync(FakeInteractions.Button(button));

        Assert.Equal((4, 64), (check["type"]!.GetValue<int>(), check["data"]!["flags"]!.GetValue<int>()));
        Assert.Equal(7, first["type"]!.GetValue<int>());
        Assert.Equal("Already shared", second["data"]!["embeds"]![0]!["title"]!.GetValue<string>());
        var (_, posted) = Assert.Single(_discord.ChannelMessages);
        Assert.Equal(target["id"]!.GetValue<string>(), posted["message_reference"]!["message_id"]!.GetValue<string>());
        var request = Assert.Single(_discord.Requests, r => r.Method == "POST" && r.RelativePath.EndsWith("/messages", StringComparison.Ordinal));
        Assert.Equal("""{"parse":[],"replied_user":false}""", request.Body!["allowed_mentions"]!.ToJsonString());
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
    }

    private async Task<JsonNode> PostAsync(JsonObject interaction)
    {
        var body = interaction.ToJsonString();
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = SignatureAlgorithm.Ed25519.Sign(_key, Encoding.UTF8.GetBytes(timestamp + body));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_bot.BaseAddress, "/discord/interactions"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Signature-Ed25519", Convert.ToHexString(signature).ToLowerInvariant());
        request.Headers.Add("X-Signature-Timestamp", timestamp);
        using var response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
