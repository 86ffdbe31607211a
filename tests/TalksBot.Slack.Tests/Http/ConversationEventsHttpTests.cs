using System.Net;
using System.Text.Json.Nodes;
using TalksBot.Slack.Tests.Fakes;
using TalksBot.Slack.Tests.Interactions;
using TalksBot.Slack.Tests.Support;

namespace TalksBot.Slack.Tests.Http;

/// <summary>
/// Mentions, direct messages and the "Check with TalksBot" shortcut in HTTP mode: the events URL answers 200 at once and
/// the answer follows in the thread; a retry (X-Slack-Retry-Num) is answered once; an unsigned event posts nothing.
/// </summary>
public sealed class ConversationEventsHttpTests : IAsyncLifetime, IDisposable
{
    private const string Mention = "<@" + FakeSlackPayloads.BotUserId + ">";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly LogCapture _logs = new();
    private FakeSlack _slack = null!;
    private Testing.LoopbackBotHost _bot = null!;

    public async Task InitializeAsync()
    {
        _slack = await FakeSlack.StartAsync(new FakeSlackOptions { BotToken = SlackTestBot.BotToken });
        _bot = await SlackTestBot.StartHttpAsync(_slack, new Dictionary<string, string?> { ["RateLimits:Enabled"] = "false" }, _logs.AddTo);
    }

    [Fact]
    public async Task Events_AppMention_Is200WithoutABody_AndAnsweredInTheThread()
    {
        var mention = FakeSlackPayloads.AppMention($"{Mention} what does russia say about nato?");

        using var response = await PostEventAsync(FakeSlackPayloads.EventCallback(mention));
        var answer = await _slack.WaitForAsync(s => s.Messages is [var first, ..] ? first : null, Wait, "the answer");

        Assert.Equal((HttpStatusCode.OK, ""), (response.StatusCode, await response.Content.ReadAsStringAsync()));
        Assert.Equal(("C0GENERAL", ConversationTests.Ts(mention)), (answer.Channel, answer.ThreadTs));
        Assert.Contains("NATO", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_RetriedWithXSlackRetryNum_IsAnsweredOnce()
    {
        var callback = FakeSlackPayloads.EventCallback(FakeSlackPayloads.DirectMessage("what does russia say about nato?"));

        using var first = await PostEventAsync(callback);
        using var retry = await PostEventAsync(callback, retry: 1);

        await _bot.App.StopAsync().WaitAsync(Wait);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, retry.StatusCode));
        Assert.Equal("D0MEMBER", Assert.Single(_slack.Messages).Channel);
    }

    [Fact]
    public async Task Events_MentionWithABadSignature_Is401AndNothingIsPosted()
    {
        var body = FakeSlackPayloads.EventCallback(FakeSlackPayloads.AppMention($"{Mention} what does russia say about nato?")).ToJsonString();
        using var request = SlackEndpointsTests.Signed(_bot.BaseAddress, "/slack/events", body, "application/json", tamper: true);

        using var response = await _http.SendAsync(request);

        await _bot.App.StopAsync().WaitAsync(Wait);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_slack.Messages);
    }

    [Fact]
    public async Task Events_MentionTalksBotCannotRead_Is200_NothingIsPostedAndTheLogSaysWhy()
    {
        var mention = FakeSlackPayloads.AppMention($"{Mention} what does russia say about nato?");
        mention["text"] = 42;

        using var response = await PostEventAsync(FakeSlackPayloads.EventCallback(mention));

        await _bot.App.StopAsync().WaitAsync(Wait);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(_slack.Messages);
        Assert.Contains(_logs.Entries, e => e.EventId.Id == 4024);
        Assert.Empty(_logs.Problems);
    }

    [Fact]
    public async Task Interactivity_CheckShortcut_AnswersPrivatelyThroughTheResponseUrl()
    {
        var shortcut = FakeSlackPayloads.MessageAction("Russia says it will never accept NATO membership for Ukraine", responseUrl: _slack.NewResponseUrl());
        var body = "payload=" + Uri.EscapeDataString(shortcut.ToJsonString());
        using var request = SlackEndpointsTests.Signed(_bot.BaseAddress, "/slack/interactivity", body, "application/x-www-form-urlencoded");

        using var response = await _http.SendAsync(request);
        var check = await _slack.WaitForAsync(s => s.ResponseUrlPosts is [var first, ..] ? first : null, Wait, "the check's private answer");

        Assert.Equal((HttpStatusCode.OK, ""), (response.StatusCode, await response.Content.ReadAsStringAsync()));
        Assert.Equal("ephemeral", check.ResponseType);
        Assert.Equal("What my knowledge says about this message", check.Body!["blocks"]![0]!["text"]!["text"]!.GetValue<string>());
        Assert.Empty(_slack.Messages);
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _slack.DisposeAsync();
    }

    public void Dispose()
    {
        _http.Dispose();
        _logs.Dispose();
    }

    private async Task<HttpResponseMessage> PostEventAsync(JsonObject callback, int? retry = null)
    {
        using var request = SlackEndpointsTests.Signed(_bot.BaseAddress, "/slack/events", callback.ToJsonString(), "application/json");
        if (retry is { } number)
        {
            request.Headers.Add("X-Slack-Retry-Num", number.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        }

        return await _http.SendAsync(request);
    }
}
