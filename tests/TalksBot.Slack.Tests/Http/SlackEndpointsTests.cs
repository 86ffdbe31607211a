using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace TalksBot.Slack.Tests.Http;

public sealed class SlackEndpointsTests : IAsyncLifetime, IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };
    private Testing.LoopbackBotHost _bot = null!;

    public async Task InitializeAsync() =>
        _bot = await SlackTestBot.StartAsync(new Dictionary<string, string?> { ["Slack:SigningSecret"] = SlackTestBot.SigningSecret });

    [Fact]
    public async Task Command_Signed_AnswersWithBlockKit()
    {
        var response = await PostAsync("/slack/commands", "command=%2Fpositions&text=nato+russia&user_id=U1&channel_id=C1&trigger_id=1.2.3&response_url=http%3A%2F%2F127.0.0.1%3A1%2Fr", "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Russia on NATO", message["blocks"]![0]!["text"]!["text"]!.GetValue<string>());
        Assert.Equal("in_channel", message["response_type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Command_Help_ExplainsTheCommand()
    {
        var response = await PostAsync("/slack/commands", "command=%2Ftimeline&text=help&user_id=U1&channel_id=C1&trigger_id=4.5.6", "application/x-www-form-urlencoded");

        var message = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.StartsWith("/timeline", message["blocks"]![0]!["text"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_UrlVerification_EchoesTheChallenge()
    {
        var response = await PostAsync("/slack/events", """{"type":"url_verification","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","token":"x"}""", "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["challenge"]!.GetValue<string>());
    }

    [Fact]
    public async Task Command_StaleTimestamp_Is401()
    {
        var response = await PostAsync("/slack/commands", "command=%2Fabout", "application/x-www-form-urlencoded", age: TimeSpan.FromMinutes(6));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Command_TamperedBody_Is401()
    {
        var response = await PostAsync("/slack/commands", "command=%2Fabout", "application/x-www-form-urlencoded", tamper: true);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Command_SslCheck_Is200()
    {
        var response = await PostAsync("/slack/commands", "ssl_check=1&token=x", "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    public void Dispose() => _http.Dispose();

    /// <summary>A POST to the bot signed with the test signing secret, as Slack sends it.</summary>
    internal static HttpRequestMessage Signed(Uri bot, string path, string body, string contentType, TimeSpan? age = null, bool tamper = false)
    {
        var timestamp = (DateTimeOffset.UtcNow - (age ?? TimeSpan.Zero)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = SlackSignatureVerifierTests.Sign(timestamp, Encoding.UTF8.GetBytes(body), SlackTestBot.SigningSecret);
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(bot, path))
        {
            Content = new StringContent(tamper ? body + "x" : body, Encoding.UTF8, contentType),
        };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", signature);
        return request;
    }

    private async Task<HttpResponseMessage> PostAsync(string path, string body, string contentType, TimeSpan? age = null, bool tamper = false)
    {
        using var request = Signed(_bot.BaseAddress, path, body, contentType, age, tamper);
        return await _http.SendAsync(request);
    }
}
