using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

using TalksBot.Testing;

namespace TalksBot.Slack.Tests.Fakes;

/// <summary>Proves the fake Slack with a raw WebSocket and HttpClient, independent of TalksBot's client.</summary>
public sealed class FakeSlackSelfTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private FakeSlack _slack = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _slack = await FakeSlack.StartAsync(new FakeSlackOptions { DisconnectGraceMs = 300, AckTimeout = TimeSpan.FromMilliseconds(300) });
        _http = NewHttpClient(_slack.ApiBaseUrl);
    }

    public async Task DisposeAsync()
    {
        Assert.Empty(_slack.ServerErrors);
        _http.Dispose();
        await _slack.DisposeAsync();
    }

    [Fact]
    public async Task AppsConnectionsOpen_AppToken_ReturnsSingleUseSocketUrl()
    {
        var first = await CallAsync("apps.connections.open", _slack.AppToken);
        var second = await CallAsync("apps.connections.open", _slack.AppToken);

        Assert.True(first["ok"]!.GetValue<bool>());
        var url = new Uri(first["url"]!.GetValue<string>());
        Assert.Equal("ws", url.Scheme);
        Assert.Equal("/socket", url.AbsolutePath);
        Assert.NotEqual(url, new Uri(second["url"]!.GetValue<string>()));
        Assert.Equal("POST", _slack.Requests[0].HttpMethod);
        Assert.Equal("Bearer " + _slack.AppToken, _slack.Requests[0].Authorization);
    }

    [Fact]
    public async Task AppsConnectionsOpen_WrongOrMissingToken_InvalidAuthOrNotAuthed()
    {
        var wrong = await CallAsync("apps.connections.open", "xapp-1-wrong");
        var missing = await CallAsync("apps.connections.open", null);
        var botToken = await CallAsync("apps.connections.open", _slack.BotToken);
        var appTokenOnChat = await CallAsync("chat.postMessage", _slack.AppToken, new JsonObject { ["channel"] = "C1", ["text"] = "x" });

        Assert.Equal("invalid_auth", wrong["error"]!.GetValue<string>());
        Assert.Equal("not_authed", missing["error"]!.GetValue<string>());
        Assert.Equal("not_allowed_token_type", botToken["error"]!.GetValue<string>());
        Assert.Equal("not_allowed_token_type", appTokenOnChat["error"]!.GetValue<string>());
        Assert.All(_slack.Requests, r => Assert.Equal(200, r.Status));
    }

    [Fact]
    public async Task Socket_ValidTicket_HelloThenTicketIsUsedUp()
    {
        var url = await OpenSocketUrlAsync();
        using var client = await RawWebSocketClient.ConnectAsync(url);

        var hello = await client.ReceiveAsync();
        var reuse = await Assert.ThrowsAnyAsync<WebSocketException>(() => RawWebSocketClient.ConnectAsync(url));
        var unknown = await Assert.ThrowsAnyAsync<WebSocketException>(() => RawWebSocketClient.ConnectAsync(new Uri(url.GetLeftPart(UriPartial.Path) + "?ticket=nope")));

        Assert.Equal("hello", hello!["type"]!.GetValue<string>());
        Assert.Equal(1, hello["num_connections"]!.GetValue<int>());
        Assert.Equal("A0FAKE", hello["connection_info"]!["app_id"]!.GetValue<string>());
        Assert.Equal(1, _slack.ConnectionCount);
        Assert.Equal(1, _slack.LiveConnectionCount);
        Assert.Equal(2, _slack.RejectedSocketCount);
        Assert.NotNull(reuse);
        Assert.NotNull(unknown);
    }

    [Fact]
    public async Task SendEnvelope_ClientAcksWithPayload_AckRecordedAndResponseUrlFilled()
    {
        using var client = await ConnectedClientAsync();
        var payload = FakeSlackPayloads.SlashCommand("/positions", "nato russia");

        var envelopeId = await _slack.SendEnvelopeAsync("slash_commands", payload);
        var envelope = await client.ReceiveAsync();
        await client.SendAsync(new JsonObject { ["envelope_id"] = envelope!["envelope_id"]!.GetValue<string>(), ["payload"] = new JsonObject { ["text"] = "hi" } });
        var ack = await _slack.WaitForAckAsync(envelopeId, Timeout);

        Assert.Equal("slash_commands", envelope["type"]!.GetValue<string>());
        Assert.True(envelope["accepts_response_payload"]!.GetValue<bool>());
        Assert.Equal(0, envelope["retry_attempt"]!.GetValue<int>());
        Assert.Equal("/positions", envelope["payload"]!["command"]!.GetValue<string>());
        var responseUrl = envelope["payload"]!["response_url"]!.GetValue<string>();
        Assert.StartsWith(_slack.ResponseUrlBase.ToString(), responseUrl, StringComparison.Ordinal);
        Assert.Equal(responseUrl, payload["response_url"]!.GetValue<string>());
        Assert.Equal("hi", ack.Payload!["text"]!.GetValue<string>());
        Assert.Equal(1, ack.Connection);
        Assert.Single(_slack.ReceivedFrames);
        await Task.Delay(400);
        Assert.Empty(_slack.UnackedEnvelopes);
    }

    [Fact]
    public async Task SendEnvelope_NotAcked_RecordedAsUnacked()
    {
        using var client = await ConnectedClientAsync();

        var envelopeId = await _slack.SendEnvelopeAsync("interactive", FakeSlackPayloads.BlockActions("vote", "yes"));

        await _slack.WaitUntilAsync(s => s.UnackedEnvelopes.Any(u => u.EnvelopeId == envelopeId), Timeout, "the envelope to count as unacked");
    }

    [Fact]
    public async Task SendEnvelope_RedeliverUnacked_SecondDeliveryHasRetryAttempt1()
    {
        await using var slack = await FakeSlack.StartAsync(new FakeSlackOptions { AckTimeout = TimeSpan.FromMilliseconds(200), RedeliverUnacked = true });
        using var http = NewHttpClient(slack.ApiBaseUrl);
        var open = await CallAsync(http, "apps.connections.open", slack.AppToken);
        using var client = await RawWebSocketClient.ConnectAsync(new Uri(open["url"]!.GetValue<string>()));
        await client.ReceiveAsync();

        var envelopeId = await slack.SendEnvelopeAsync("slash_commands", FakeSlackPayloads.SlashCommand("/fact", "russia"));
        var first = await client.ReceiveAsync();
        var second = await client.ReceiveAsync();

        Assert.Equal(envelopeId, second!["envelope_id"]!.GetValue<string>());
        Assert.Equal(0, first!["retry_attempt"]!.GetValue<int>());
        Assert.Equal(1, second["retry_attempt"]!.GetValue<int>());
        Assert.Equal("timeout", second["retry_reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task SendDisconnect_RefreshRequested_ClosesAfterGraceAndRecordsReplacement()
    {
        using var old = await ConnectedClientAsync();
        var stopwatch = Stopwatch.StartNew();

        await _slack.SendDisconnectAsync("refresh_requested");
        var disconnect = await old.ReceiveAsync();
        using var replacement = await ConnectedClientAsync();
        var closed = await old.ReceiveAsync();
        stopwatch.Stop();

        Assert.Equal("disconnect", disconnect!["type"]!.GetValue<string>());
        Assert.Equal("refresh_requested", disconnect["reason"]!.GetValue<string>());
        Assert.Null(closed);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, old.CloseStatus);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
        var record = Assert.Single(_slack.Disconnects);
        Assert.Equal(1, record.OldConnection);
        Assert.Equal(SocketCloseSource.Server, record.ClosedBy);
        Assert.Equal(2, record.NewestLiveConnectionAtClose);
        Assert.True(record.ReplacedBeforeClose);
        await old.CloseAsync();
        Assert.Equal(1, _slack.LiveConnectionCount);
    }

    [Fact]
    public async Task SendDisconnect_NoReplacement_RecordsNotReplaced()
    {
        using var old = await ConnectedClientAsync();

        await _slack.SendDisconnectAsync("warning");
        await old.ReceiveAsync();
        Assert.Null(await old.ReceiveAsync());

        var record = Assert.Single(_slack.Disconnects);
        Assert.False(record.ReplacedBeforeClose);
        Assert.Null(record.NewestLiveConnectionAtClose);
    }

    [Fact]
    public async Task Drop_LiveConnection_ClientSeesAbortAndDropRecorded()
    {
        using var client = await ConnectedClientAsync();

        await _slack.DropAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => client.ReceiveAsync());
        Assert.Equal(SocketCloseSource.Dropped, Assert.Single(_slack.Closes).Source);
        await _slack.WaitUntilAsync(s => s.LiveConnectionCount == 0, Timeout);
    }

    [Fact]
    public async Task ChatPostMessage_ValidBody_OkRecordedAndValidated()
    {
        var body = new JsonObject
        {
            ["channel"] = "C0GENERAL",
            ["text"] = "fallback",
            ["blocks"] = new JsonArray(new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = "hi", ["verbatim"] = true } }),
        };

        var ok = await CallAsync("chat.postMessage", _slack.BotToken, body);
        var second = await CallAsync("chat.postMessage", _slack.BotToken, body);
        var noChannel = await CallAsync("chat.postMessage", _slack.BotToken, new JsonObject { ["text"] = "x" });
        var noText = await CallAsync("chat.postMessage", _slack.BotToken, new JsonObject { ["channel"] = "C1" });
        var withLinkNames = await CallAsync("chat.postMessage", _slack.BotToken, new JsonObject { ["channel"] = "C1", ["text"] = "x", ["link_names"] = true });

        Assert.True(ok["ok"]!.GetValue<bool>());
        Assert.Equal("C0GENERAL", ok["channel"]!.GetValue<string>());
        Assert.NotEqual(ok["ts"]!.GetValue<string>(), second["ts"]!.GetValue<string>());
        Assert.Equal("fallback", ok["message"]!["text"]!.GetValue<string>());
        Assert.Equal("channel_not_found", noChannel["error"]!.GetValue<string>());
        Assert.Equal("no_text", noText["error"]!.GetValue<string>());
        Assert.True(withLinkNames["ok"]!.GetValue<bool>());
        var requests = _slack.RequestsFor("chat.postMessage");
        Assert.Equal(5, requests.Count);
        Assert.False(requests[0].HasField("link_names"));
        Assert.Equal("true", requests[4].Field("link_names"));
        Assert.Equal("section", requests[0].Body!["blocks"]![0]!["type"]!.GetValue<string>());
        Assert.Equal(3, _slack.Messages.Count);
    }

    [Fact]
    public async Task FailNext_RateLimited_429WithRetryAfterThenOk()
    {
        _slack.FailNext("chat.postMessage", count: 1, retryAfterSeconds: 2);
        _slack.ErrorNext("users.info", "fatal_error");
        _slack.AddUser("U0MOD", "mod", isAdmin: true);
        var body = new JsonObject { ["channel"] = "C1", ["text"] = "x" };

        using var limited = await SendAsync(HttpMethod.Post, "chat.postMessage", _slack.BotToken, body);
        var retried = await CallAsync("chat.postMessage", _slack.BotToken, body);
        var error = await GetAsync("users.info?user=U0MOD");
        var user = await GetAsync("users.info?user=U0MOD");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), limited.Headers.RetryAfter!.Delta);
        Assert.Equal("ratelimited", JsonNode.Parse(await limited.Content.ReadAsStringAsync())!["error"]!.GetValue<string>());
        Assert.True(retried["ok"]!.GetValue<bool>());
        Assert.Equal("fatal_error", error["error"]!.GetValue<string>());
        Assert.True(user["user"]!["is_admin"]!.GetValue<bool>());
        Assert.False(user["user"]!["is_owner"]!.GetValue<bool>());
    }

    [Fact]
    public async Task UserGroupsUsersList_ConfiguredGroup_UsersAndCallsCounted()
    {
        _slack.SetUserGroup("S0MODS", "U1", "U2");

        var group = await GetAsync("usergroups.users.list?usergroup=S0MODS");
        var unknown = await GetAsync("usergroups.users.list?usergroup=S0NONE");

        Assert.Equal(["U1", "U2"], group["users"]!.AsArray().Select(u => u!.GetValue<string>()));
        Assert.False(unknown["ok"]!.GetValue<bool>());
        Assert.Equal(2, _slack.UserGroupListCalls);
        Assert.Equal("GET", _slack.Requests[0].HttpMethod);
    }

    [Fact]
    public async Task ViewsOpen_TriggerUsedTwice_SecondRefused()
    {
        var body = new JsonObject { ["trigger_id"] = FakeSlackPayloads.NewTriggerId(), ["view"] = new JsonObject { ["type"] = "modal", ["callback_id"] = "fact_edit" } };

        var first = await CallAsync("views.open", _slack.BotToken, body);
        var second = await CallAsync("views.open", _slack.BotToken, body);

        Assert.StartsWith("V", first["view"]!["id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("fact_edit", first["view"]!["callback_id"]!.GetValue<string>());
        Assert.Equal("exchanged_trigger_id", second["error"]!.GetValue<string>());
        Assert.Single(_slack.OpenedViews);
    }

    [Fact]
    public async Task ResponseUrl_SixthUse_Refused()
    {
        var url = new Uri(_slack.NewResponseUrl());
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await _http.PostAsJsonAsync(url, new { text = $"reply {i}", response_type = "ephemeral", replace_original = i > 0 });
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 5), HttpStatusCode.NotFound], statuses);
        var posts = _slack.ResponseUrlPosts;
        Assert.Equal(6, posts.Count);
        Assert.Equal("reply 0", posts[0].Text);
        Assert.Equal("ephemeral", posts[0].ResponseType);
        Assert.True(posts[1].ReplaceOriginal);
        Assert.Equal(404, posts[5].Status);
    }

    [Fact]
    public async Task ViewSubmission_Values_StateShapedLikeSlack()
    {
        var payload = FakeSlackPayloads.ViewSubmission("fact_edit", new Dictionary<string, string> { ["text"] = "new text" }, privateMetadata: "russia-nato");

        Assert.Equal("view_submission", payload["type"]!.GetValue<string>());
        Assert.Equal("new text", payload["view"]!["state"]!["values"]!["text"]!["text"]!["value"]!.GetValue<string>());
        Assert.Equal("russia-nato", payload["view"]!["private_metadata"]!.GetValue<string>());
        Assert.Equal("U0MEMBER", payload["user"]!["id"]!.GetValue<string>());
        await Task.CompletedTask;
    }

    [Fact]
    public async Task DisposeAsync_LiveSocket_StopsQuickly()
    {
        var slack = await FakeSlack.StartAsync();
        using var http = NewHttpClient(slack.ApiBaseUrl);
        var open = await CallAsync(http, "apps.connections.open", slack.AppToken);
        using var client = await RawWebSocketClient.ConnectAsync(new Uri(open["url"]!.GetValue<string>()));
        await client.ReceiveAsync();
        await slack.SendDisconnectAsync("refresh_requested");
        var stopwatch = Stopwatch.StartNew();

        await slack.DisposeAsync();

        Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            while (await client.ReceiveAsync() is not null)
            {
            }

            throw new WebSocketException("closed");
        });
    }

    private static HttpClient NewHttpClient(Uri baseAddress) => new() { BaseAddress = baseAddress, Timeout = Timeout };

    private async Task<RawWebSocketClient> ConnectedClientAsync()
    {
        var client = await RawWebSocketClient.ConnectAsync(await OpenSocketUrlAsync());
        try
        {
            var hello = await client.ReceiveAsync();
            Assert.Equal("hello", hello!["type"]!.GetValue<string>());
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private async Task<Uri> OpenSocketUrlAsync() =>
        new((await CallAsync("apps.connections.open", _slack.AppToken))["url"]!.GetValue<string>());

    private Task<JsonObject> CallAsync(string method, string? token, JsonObject? body = null) => CallAsync(_http, method, token, body);

    private async Task<JsonObject> GetAsync(string methodAndQuery)
    {
        using var response = await SendAsync(HttpMethod.Get, methodAndQuery, _slack.BotToken, null);
        return (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static async Task<JsonObject> CallAsync(HttpClient http, string method, string? token, JsonObject? body = null)
    {
        using var response = await SendAsync(http, HttpMethod.Post, method, token, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod verb, string method, string? token, JsonObject? body) => SendAsync(_http, verb, method, token, body);

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod verb, string method, string? token, JsonObject? body)
    {
        using var request = new HttpRequestMessage(verb, method);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        return await http.SendAsync(request);
    }
}
