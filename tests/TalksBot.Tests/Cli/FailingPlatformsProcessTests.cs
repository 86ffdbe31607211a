using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using TalksBot.Discord.Tests.Fakes;

namespace TalksBot.Tests.Cli;

/// <summary>
/// The real binary when things go wrong: Discord refuses the token, Slack's API cannot be reached, and a forged request
/// reaches the Slack HTTP endpoint. Every log level is shown; no token or secret may appear in any line.
/// </summary>
public sealed class FailingPlatformsScenario : IAsyncLifetime, IDisposable
{
    private static readonly PlatformCredentials Credentials = new(
        "MTE0OTk4.canary-refused-discord-token.Qp3Lm8",
        "xoxb-canary_unreachable_bot_not_real_27ab",
        "xapp-canary_unreachable_app_not_real_83fe",
        "canary-unreachable-signing-secret-6c1d");

    private readonly CliRunner _cli = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public IReadOnlyList<string> Secrets { get; } = Credentials.Secrets;

    public HttpStatusCode ReadyStatus { get; private set; }

    public string ReadyBody { get; private set; } = "";

    public HttpStatusCode ForgedRequestStatus { get; private set; }

    public string Output { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await using var discord = await FakeDiscord.StartAsync(new FakeDiscordOptions { Token = "the-token-discord-knows" });
        var baseUrl = new Uri($"http://127.0.0.1:{BotProcess.FreePort()}/");
        await using var bot = BotProcess.Start(_cli, Credentials.Settings(discord, new Uri($"http://127.0.0.1:{BotProcess.FreePort()}/api/"), baseUrl));

        await bot.WaitForLineAsync(l => l.Contains("Discord refused the bot's credentials", StringComparison.Ordinal), "saying Discord refused the token");
        await bot.WaitForLineAsync(l => l.Contains("slack socket 0: could not connect", StringComparison.Ordinal), "saying Slack cannot be reached");

        using (var forged = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, "slack/commands")))
        {
            forged.Content = new StringContent("command=%2Fabout&text=", Encoding.UTF8, "application/x-www-form-urlencoded");
            forged.Headers.Add("X-Slack-Request-Timestamp", DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
            forged.Headers.Add("X-Slack-Signature", "v0=" + new string('0', 64));
            using var response = await _http.SendAsync(forged);
            ForgedRequestStatus = response.StatusCode;
        }

        using (var ready = await _http.GetAsync(new Uri(baseUrl, "readyz")))
        {
            (ReadyStatus, ReadyBody) = (ready.StatusCode, await ready.Content.ReadAsStringAsync());
        }

        await bot.TerminateAsync();
        Output = bot.Output;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _http.Dispose();
        _cli.Dispose();
    }
}

public sealed class FailingPlatformsProcessTests(FailingPlatformsScenario scenario) : IClassFixture<FailingPlatformsScenario>
{
    [Fact]
    public void Readyz_DiscordRefusedAndSlackUnreachable_Is503NamingBoth()
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, scenario.ReadyStatus);
        var waiting = JsonNode.Parse(scenario.ReadyBody)!["waitingFor"]!.AsArray().Select(w => w!.GetValue<string>()).ToList();
        Assert.Equal(["discord gateway (0 of 1 connected)", "slack socket mode (0 of 1 connected)"], waiting.Order());
    }

    [Fact]
    public void ForgedSlackRequest_IsRefused()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, scenario.ForgedRequestStatus);
        Assert.Contains("Refused a request to /slack/commands: 401 (invalid request signature)", scenario.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Logs_WhenAuthFailsAndPlatformsAreUnreachable_ShowNoTokenOrSecret()
    {
        foreach (var secret in scenario.Secrets)
        {
            Assert.DoesNotContain(secret, scenario.Output, StringComparison.Ordinal);
        }
    }
}
