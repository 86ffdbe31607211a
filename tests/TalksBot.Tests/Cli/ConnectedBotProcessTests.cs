using System.Net;
using System.Text.Json.Nodes;
using TalksBot.Discord.Tests.Fakes;
using TalksBot.Slack.Tests.Fakes;

namespace TalksBot.Tests.Cli;

/// <summary>
/// The real binary connected to loopback fakes of Discord (gateway) and Slack (Socket Mode, plus HTTP mode), with the
/// HTTP surface on and every log level shown: traffic on both platforms, then SIGTERM. The tests read what an operator
/// would: /readyz, /metrics, the healthcheck verb, the exit code, the gateway's close code, and every log line.
/// </summary>
public sealed class ConnectedBotScenario : IAsyncLifetime, IDisposable
{
    private static readonly PlatformCredentials Credentials = new(
        "MTE0OTk4.canary-discord-bot-token.Zk7Qx2",
        "xoxb-canary_slack_bot_not_real_91c2",
        "xapp-canary_slack_app_not_real_4d7e",
        "canary-slack-signing-secret-5b0f3e");

    private readonly CliRunner _cli = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public List<string> Secrets { get; } = [.. Credentials.Secrets];

    public string ReadyBody { get; private set; } = "";

    public string Metrics { get; private set; } = "";

    public int HealthCheckExitCode { get; private set; } = -1;

    public string HealthCheckOutput { get; private set; } = "";

    public InteractionCallback DiscordAnswer { get; private set; } = null!;

    public SocketAck SlackAnswer { get; private set; } = null!;

    public int ExitCode { get; private set; }

    public IReadOnlyList<GatewayClose> DiscordCloses { get; private set; } = [];

    public string Output { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await using var discord = await FakeDiscord.StartAsync(new FakeDiscordOptions { Token = Credentials.DiscordToken });
        await using var slack = await FakeSlack.StartAsync(new FakeSlackOptions { BotToken = Credentials.SlackBotToken, AppToken = Credentials.SlackAppToken });
        var baseUrl = new Uri($"http://127.0.0.1:{BotProcess.FreePort()}/");
        await using var bot = BotProcess.Start(_cli, Credentials.Settings(discord, slack.ApiBaseUrl, baseUrl));

        ReadyBody = await bot.WaitForStatusAsync(_http, new Uri(baseUrl, "readyz"), HttpStatusCode.OK);

        // Discord: the first callback is rate limited (429), then answered; then Discord asks for a reconnect.
        discord.FailNext("POST", "/callback", retryAfterSeconds: 0.2);
        var ask = FakeInteractions.Command("ask", ("question", "Who is Kushner?"));
        Secrets.Add(ask["token"]!.GetValue<string>());
        await discord.DispatchInteractionAsync(ask);
        DiscordAnswer = await discord.WaitForCallbackAsync(ask["id"]!.GetValue<string>(), BotProcess.Wait);
        await discord.SendReconnectAsync();
        await discord.WaitUntilAsync(d => d.ResumeCount >= 1, BotProcess.Wait, "a RESUME after op 7");

        // Slack: a question the bot cannot answer, then a button whose answer goes to its response_url (a credential).
        var envelope = await slack.SendEnvelopeAsync("slash_commands", FakeSlackPayloads.SlashCommand("/ask", "What is the best pancake recipe?"));
        SlackAnswer = await slack.WaitForAckAsync(envelope, BotProcess.Wait);
        var button = FakeSlackPayloads.BlockActions("run", "/topics", responseUrl: FakeSlackPayloads.AutoResponseUrl);
        await slack.SendEnvelopeAsync("interactive", button);
        var responseUrl = button["response_url"]!.GetValue<string>();
        Secrets.Add(new Uri(responseUrl).AbsolutePath);
        await slack.WaitUntilAsync(s => s.ResponseUrlPosts.Count > 0, BotProcess.Wait, "the button's answer on its response_url");

        Metrics = await _http.GetStringAsync(new Uri(baseUrl, "metrics"));
        using (var cli = new CliRunner(warm: false))
        {
            var check = await cli.RunAsync("", "healthcheck", "--url", baseUrl.ToString());
            (HealthCheckExitCode, HealthCheckOutput) = (check.ExitCode, check.Output);
        }

        ExitCode = await bot.TerminateAsync();
        DiscordCloses = discord.Closes;
        Output = bot.Output;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _http.Dispose();
        _cli.Dispose();
    }
}

public sealed class ConnectedBotProcessTests(ConnectedBotScenario scenario) : IClassFixture<ConnectedBotScenario>
{
    [Fact]
    public void Readyz_DiscordAndSlackConnected_IsReadyNamingEveryPart()
    {
        var ready = JsonNode.Parse(scenario.ReadyBody)!;

        Assert.Equal("ready", ready["status"]!.GetValue<string>());
        var parts = ready["components"]!.AsArray().Select(c => (c!["name"]!.GetValue<string>(), c["ready"]!.GetValue<bool>())).ToList();
        Assert.Equal(
            [("discord gateway", true), ("knowledge", true), ("slack http endpoints", true), ("slack socket mode", true)],
            parts.Order());
    }

    [Fact]
    public void Metrics_AfterTraffic_CountCommandsWaitsReconnectsAndUnansweredQuestions()
    {
        var page = scenario.Metrics;

        Assert.Equal(1, PrometheusText.Sample(page, "talksbot_commands_total", ("command", "ask"), ("platform", "discord"), ("outcome", "ok")));
        Assert.Equal(1, PrometheusText.Sample(page, "talksbot_commands_total", ("command", "ask"), ("platform", "slack"), ("outcome", "ok")));
        Assert.Equal(1, PrometheusText.Sample(page, "talksbot_commands_total", ("command", "topics"), ("platform", "slack")));
        Assert.Equal(1, PrometheusText.Sample(page, "talksbot_command_duration_seconds_count", ("command", "ask"), ("platform", "discord")));
        Assert.Equal(1, PrometheusText.Sample(page, "talksbot_questions_unanswered_total", ("platform", "slack")));
        Assert.Null(PrometheusText.Sample(page, "talksbot_questions_unanswered_total", ("platform", "discord")));
        Assert.Equal(1, PrometheusText.Sample(page, "talksbot_gateway_reconnects_total", ("platform", "discord"), ("reason", "requested")));
        Assert.Equal(1, PrometheusText.Sample(page, "talksbot_rate_limit_wait_duration_seconds_count", ("platform", "discord"), ("reason", "429")));
    }

    [Fact]
    public void Answers_OnBothPlatforms_ArriveDespiteTheRateLimit()
    {
        Assert.Equal(4, scenario.DiscordAnswer.Type);
        Assert.Contains("Kushner", scenario.DiscordAnswer.Data!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("know that yet", scenario.SlackAnswer.Payload!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void HealthCheckVerb_AgainstTheRunningBot_ExitsZero()
    {
        Assert.Equal(0, scenario.HealthCheckExitCode);
        Assert.Contains("/healthz: ok", scenario.HealthCheckOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Sigterm_WhileConnected_ClosesTheGatewayWithAResumableCodeAndExitsZero()
    {
        Assert.Equal(0, scenario.ExitCode);
        var closes = scenario.DiscordCloses.Where(c => c.Source == GatewayCloseSource.Client).ToList();
        Assert.NotEmpty(closes);
        Assert.All(closes, c => Assert.Equal(4000, c.Code));
    }

    [Fact]
    public void Logs_AtEveryLevel_ShowNoTokenSecretInteractionTokenOrResponseUrl()
    {
        // The logs were there to leak: the adapters connected and answered at Trace level.
        Assert.Contains("Discord shard 0: ready", scenario.Output, StringComparison.Ordinal);
        Assert.Contains("Slack socket 0: connected", scenario.Output, StringComparison.Ordinal);

        foreach (var secret in scenario.Secrets)
        {
            Assert.DoesNotContain(secret, scenario.Output, StringComparison.Ordinal);
        }
    }
}
