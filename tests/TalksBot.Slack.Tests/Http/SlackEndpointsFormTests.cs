using System.Net;
using System.Text.Json.Nodes;
using TalksBot.Slack.Tests.Fakes;

namespace TalksBot.Slack.Tests.Http;

/// <summary>HTTP mode with a fake Slack behind the bot: forms open with views.open, and a refused submission answers in the HTTP response.</summary>
public sealed class SlackEndpointsFormTests : IAsyncLifetime, IDisposable
{
    private const string FactId = "russia-nato-year-end-no-nato";
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };
    private FakeSlack _slack = null!;
    private Testing.LoopbackBotHost _bot = null!;

    public async Task InitializeAsync()
    {
        _slack = await FakeSlack.StartAsync(new FakeSlackOptions { BotToken = SlackTestBot.BotToken });
        _bot = await SlackTestBot.StartHttpAsync(_slack, new Dictionary<string, string?> { ["Slack:ModeratorUserIds"] = "U0MOD", ["RateLimits:Enabled"] = "false" });
    }

    [Fact]
    public async Task ViewSubmission_FromAStaleRevision_AnswersErrorsInTheHttpResponse()
    {
        var command = await PostAsync("/slack/commands", $"command=%2Ffact&text=edit+{FactId}&user_id=U0MOD&user_name=mod&channel_id=C0GENERAL&trigger_id=7.8.9", "application/x-www-form-urlencoded");
        var opened = await _slack.WaitForAsync(s => s.OpenedViews is [var view, ..] ? view : null, TimeSpan.FromSeconds(5), "the edit form");

        var first = await SubmitAsync(opened, "First wording, saved.");
        var second = await SubmitAsync(opened, "Second wording, refused.");

        Assert.Equal(HttpStatusCode.OK, command.StatusCode);
        Assert.Equal("", await command.Content.ReadAsStringAsync());
        Assert.Equal("", await first.Content.ReadAsStringAsync());
        var refusal = JsonNode.Parse(await second.Content.ReadAsStringAsync())!;
        Assert.Equal("errors", refusal["response_action"]!.GetValue<string>());
        Assert.NotNull(refusal["errors"]!["text"]);
        Assert.Equal("First wording, saved.", _bot.Store.Snapshot.Facts.Single(f => f.Id == FactId).Text);
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _slack.DisposeAsync();
    }

    public void Dispose() => _http.Dispose();

    private Task<HttpResponseMessage> SubmitAsync(OpenedView view, string text)
    {
        var payload = FakeSlackPayloads.ViewSubmission(view, new Dictionary<string, string> { ["text"] = text }, "U0MOD").ToJsonString();
        return PostAsync("/slack/interactivity", "payload=" + Uri.EscapeDataString(payload), "application/x-www-form-urlencoded");
    }

    private async Task<HttpResponseMessage> PostAsync(string path, string body, string contentType)
    {
        using var request = SlackEndpointsTests.Signed(_bot.BaseAddress, path, body, contentType);
        return await _http.SendAsync(request);
    }
}
