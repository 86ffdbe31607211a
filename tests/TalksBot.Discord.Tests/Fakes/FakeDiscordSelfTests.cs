using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

using TalksBot.Testing;

namespace TalksBot.Discord.Tests.Fakes;

/// <summary>Proves the fake Discord with a raw WebSocket and HttpClient, independent of TalksBot's client.</summary>
public sealed class FakeDiscordSelfTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private FakeDiscord _discord = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _discord = await FakeDiscord.StartAsync(new FakeDiscordOptions { HeartbeatIntervalMs = 200 });
        _http = NewHttpClient(_discord.Token);
    }

    public async Task DisposeAsync()
    {
        Assert.Empty(_discord.ServerErrors);
        _http.Dispose();
        await _discord.DisposeAsync();
    }

    [Fact]
    public async Task Identify_ValidToken_HelloThenReadyWithSessionAndResumeUrl()
    {
        using var client = await ConnectAsync(_discord.GatewayUrl);

        var hello = await client.ReceiveAsync();
        await IdentifyAsync(client, _discord.Token);
        var ready = await client.ReceiveAsync();

        Assert.Equal(10, hello!["op"]!.GetValue<int>());
        Assert.Equal(200, hello["d"]!["heartbeat_interval"]!.GetValue<int>());
        Assert.Equal("READY", ready!["t"]!.GetValue<string>());
        Assert.Equal(1, ready["s"]!.GetValue<int>());
        var sessionId = ready["d"]!["session_id"]!.GetValue<string>();
        Assert.Equal(sessionId, await _discord.WaitForReadyAsync(Timeout));
        Assert.Equal(_discord.ResumeGatewayUrl.ToString().TrimEnd('/'), ready["d"]!["resume_gateway_url"]!.GetValue<string>());
        Assert.Equal(_discord.ApplicationId, ready["d"]!["application"]!["id"]!.GetValue<string>());
        Assert.True(ready["d"]!["user"]!["bot"]!.GetValue<bool>());
        Assert.Equal(1, _discord.IdentifyCount);
        Assert.Equal((0, 1), (_discord.Shards[0].ShardId, _discord.Shards[0].ShardCount));
        Assert.Equal("/gateway?v=10&encoding=json", _discord.ConnectUrls[0]);
    }

    [Fact]
    public async Task Identify_WrongToken_ClosesWith4004()
    {
        using var client = await ConnectAsync(_discord.GatewayUrl);
        await client.ReceiveAsync();

        await IdentifyAsync(client, "Bot " + _discord.Token);
        var frame = await client.ReceiveAsync();

        Assert.Null(frame);
        Assert.Equal(4004, (int)client.CloseStatus!);
        Assert.Equal("Authentication failed.", client.CloseDescription);
        Assert.Equal(0, _discord.IdentifyCount);
    }

    [Fact]
    public async Task Identify_PrivilegedIntent_ClosesWith4014()
    {
        using var client = await ConnectAsync(_discord.GatewayUrl);
        await client.ReceiveAsync();

        await IdentifyAsync(client, _discord.Token, intents: 1 << 15);

        Assert.Null(await client.ReceiveAsync());
        Assert.Equal(4014, (int)client.CloseStatus!);
    }

    [Fact]
    public async Task Heartbeat_AckEnabled_AckedAndCounted_DisabledNoAck()
    {
        using var client = await ConnectAsync(_discord.GatewayUrl);
        await client.ReceiveAsync();

        await client.SendAsync(new JsonObject { ["op"] = 1, ["d"] = null });
        var ack = await client.ReceiveAsync();
        _discord.AckHeartbeats = false;
        await client.SendAsync(new JsonObject { ["op"] = 1, ["d"] = null });
        await _discord.WaitUntilAsync(d => d.HeartbeatCount == 2, Timeout);
        var noAck = client.ReceiveAsync(TimeSpan.FromMilliseconds(300));

        Assert.Equal(11, ack!["op"]!.GetValue<int>());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => noAck);
        Assert.Equal(2, _discord.ReceivedFrames.Count(f => f.Op == 1));
    }

    [Fact]
    public async Task SendHeartbeatRequest_Connected_ClientGetsServerOp1()
    {
        using var client = await ConnectAsync(_discord.GatewayUrl);
        await client.ReceiveAsync();

        await _discord.SendHeartbeatRequestAsync();

        Assert.Equal(1, (await client.ReceiveAsync())!["op"]!.GetValue<int>());
    }

    [Fact]
    public async Task Resume_AfterDrop_ReplaysMissedDispatchesThenResumed()
    {
        var (sessionId, first) = await IdentifiedSessionAsync();
        using (first)
        {
            var seen = await _discord.DispatchAsync("MESSAGE_CREATE", new JsonObject { ["content"] = "seen" });
            var lost = await _discord.DispatchAsync("MESSAGE_CREATE", new JsonObject { ["content"] = "lost in flight" });
            await first.ReceiveUntilAsync(f => f["s"]?.GetValue<int>() == seen);
            await _discord.DropAsync();
            var buffered = _discord.BufferMissedDispatch("MESSAGE_CREATE", new JsonObject { ["content"] = "while away" });
            Assert.Equal((2, 3, 4), (seen, lost, buffered));
        }

        using var second = await ConnectAsync(new Uri(_discord.ResumeGatewayUrl + "?v=10&encoding=json"));
        await second.ReceiveAsync();
        await second.SendAsync(new JsonObject
        {
            ["op"] = 6,
            ["d"] = new JsonObject { ["token"] = _discord.Token, ["session_id"] = sessionId, ["seq"] = 2 },
        });
        var replay1 = await second.ReceiveAsync();
        var replay2 = await second.ReceiveAsync();
        var resumed = await second.ReceiveAsync();

        Assert.Equal((3, "lost in flight"), (replay1!["s"]!.GetValue<int>(), replay1["d"]!["content"]!.GetValue<string>()));
        Assert.Equal((4, "while away"), (replay2!["s"]!.GetValue<int>(), replay2["d"]!["content"]!.GetValue<string>()));
        Assert.Equal(("RESUMED", 5), (resumed!["t"]!.GetValue<string>(), resumed["s"]!.GetValue<int>()));
        Assert.Equal(1, _discord.ResumeCount);
        Assert.Equal(sessionId, await _discord.WaitForReadyAsync(Timeout));
        Assert.Equal("/gateway-resume?v=10&encoding=json", _discord.ConnectUrls[1]);
        Assert.Equal(6, await _discord.DispatchAsync("MESSAGE_CREATE", new JsonObject()));
    }

    [Fact]
    public async Task Resume_UnknownSession_InvalidSessionNotResumable()
    {
        using var client = await ConnectAsync(_discord.GatewayUrl);
        await client.ReceiveAsync();

        await client.SendAsync(new JsonObject
        {
            ["op"] = 6,
            ["d"] = new JsonObject { ["token"] = _discord.Token, ["session_id"] = "nope", ["seq"] = 3 },
        });
        var frame = await client.ReceiveAsync();

        Assert.Equal(9, frame!["op"]!.GetValue<int>());
        Assert.False(frame["d"]!.GetValue<bool>());
        Assert.Equal(0, _discord.ResumeCount);
    }

    [Fact]
    public async Task CloseAsync_SessionTimedOut_ClientSees4009AndResumeIsRefused()
    {
        var (sessionId, first) = await IdentifiedSessionAsync();
        using (first)
        {
            await _discord.CloseAsync(4009, "Session timed out.");
            Assert.Null(await first.ReceiveAsync());
            Assert.Equal(4009, (int)first.CloseStatus!);
        }

        using var second = await ConnectAsync(_discord.ResumeGatewayUrl);
        await second.ReceiveAsync();
        await second.SendAsync(new JsonObject
        {
            ["op"] = 6,
            ["d"] = new JsonObject { ["token"] = _discord.Token, ["session_id"] = sessionId, ["seq"] = 1 },
        });

        Assert.Equal(9, (await second.ReceiveAsync())!["op"]!.GetValue<int>());
    }

    [Fact]
    public async Task ClientClose1000_ThenResume_SessionInvalidated()
    {
        var (sessionId, first) = await IdentifiedSessionAsync();
        using (first)
        {
            await first.CloseAsync(WebSocketCloseStatus.NormalClosure);
        }

        using var second = await ConnectAsync(_discord.ResumeGatewayUrl);
        await second.ReceiveAsync();
        await second.SendAsync(new JsonObject
        {
            ["op"] = 6,
            ["d"] = new JsonObject { ["token"] = _discord.Token, ["session_id"] = sessionId, ["seq"] = 1 },
        });

        Assert.False((await second.ReceiveAsync())!["d"]!.GetValue<bool>());
        Assert.Contains(_discord.Closes, c => c is { Source: GatewayCloseSource.Client, Code: 1000 });
    }

    [Fact]
    public async Task Rest_OverBucketLimit_FakeAnswers429ByItself()
    {
        await using var discord = await FakeDiscord.StartAsync(new FakeDiscordOptions { RateLimitPerBucket = 2, RateLimitWindow = TimeSpan.FromSeconds(10) });
        using var http = NewHttpClient(discord.Token);
        var url = new Uri(discord.ApiBaseUrl + "/gateway/bot");

        using var first = await http.GetAsync(url);
        using var second = await http.GetAsync(url);
        using var third = await http.GetAsync(url);

        Assert.Equal("0", second.Headers.GetValues("X-RateLimit-Remaining").Single());
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal("user", third.Headers.GetValues("X-RateLimit-Scope").Single());
    }

    [Fact]
    public async Task SendReconnect_Ready_ClientGetsOp7()
    {
        var (_, client) = await IdentifiedSessionAsync();
        using (client)
        {
            await _discord.SendReconnectAsync();

            Assert.Equal(7, (await client.ReceiveAsync())!["op"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task DispatchInteraction_Ready_ArrivesAsInteractionCreate()
    {
        var (_, client) = await IdentifiedSessionAsync();
        using (client)
        {
            var interaction = FakeInteractions.Command("ask", ("question", "what is NATO?"));

            await _discord.DispatchInteractionAsync(interaction);
            var frame = await client.ReceiveAsync();

            Assert.Equal(("INTERACTION_CREATE", 2), (frame!["t"]!.GetValue<string>(), frame["s"]!.GetValue<int>()));
            Assert.Equal("what is NATO?", frame["d"]!["data"]!["options"]![0]!["value"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Shards_TwoConnections_EachIdentifiesItsShard()
    {
        using var shard0 = await ConnectAsync(_discord.GatewayUrl);
        using var shard1 = await ConnectAsync(_discord.GatewayUrl);
        await shard0.ReceiveAsync();
        await shard1.ReceiveAsync();

        await IdentifyAsync(shard0, _discord.Token, shard: [0, 2]);
        await IdentifyAsync(shard1, _discord.Token, shard: [1, 2]);
        await shard0.ReceiveAsync();
        await shard1.ReceiveAsync();
        await _discord.DispatchAsync("TEST", new JsonObject { ["to"] = 0 }, shardId: 0);
        var onShard0 = await shard0.ReceiveAsync();

        Assert.Equal([0, 1], _discord.Shards.Select(s => s.ShardId).Order());
        Assert.Equal(0, onShard0!["d"]!["to"]!.GetValue<int>());
        Assert.Equal(2, onShard0["s"]!.GetValue<int>());
    }

    [Fact]
    public async Task DispatchAsync_NoConnection_ThrowsTimeoutQuickly()
    {
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAsync<TimeoutException>(() => _discord.DispatchAsync("X", new JsonObject(), timeout: TimeSpan.FromMilliseconds(200)));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task GatewayBot_Authorized_ReturnsUrlShardsAndLimits()
    {
        using var response = await _http.GetAsync(Api("/gateway/bot"));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(_discord.GatewayUrl.ToString(), body["url"]!.GetValue<string>());
        Assert.Equal(1, body["shards"]!.GetValue<int>());
        Assert.Equal(1, body["session_start_limit"]!["max_concurrency"]!.GetValue<int>());
        Assert.Equal(999, body["session_start_limit"]!["remaining"]!.GetValue<int>());
        Assert.Equal("49", response.Headers.GetValues("X-RateLimit-Remaining").Single());
        Assert.False(string.IsNullOrEmpty(response.Headers.GetValues("X-RateLimit-Bucket").Single()));
        Assert.StartsWith("DiscordBot (", _discord.Requests.Single().UserAgent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rest_WrongToken_Returns401()
    {
        using var http = NewHttpClient("wrong");

        using var response = await http.GetAsync(Api("/gateway/bot"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(401, _discord.Requests.Single().Status);
    }

    [Fact]
    public async Task Rest_PathOutsideApiV10_Recorded404()
    {
        using var response = await _http.GetAsync(new Uri($"http://127.0.0.1:{_discord.Port}/api/gateway/bot"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(("/api/gateway/bot", 404), (_discord.Requests.Single().Path, _discord.Requests.Single().Status));
    }

    [Fact]
    public async Task Commands_PutThenGet_RoundTripsWithIds()
    {
        var commands = new JsonArray(
            new JsonObject { ["name"] = "ask", ["description"] = "Ask a question", ["options"] = new JsonArray(new JsonObject { ["name"] = "question", ["description"] = "What", ["type"] = 3, ["required"] = true }) },
            new JsonObject { ["name"] = "facts", ["description"] = "List facts" });

        using var put = await _http.PutAsync(Api($"/applications/{_discord.ApplicationId}/commands"), Json(commands));
        var stored = JsonNode.Parse(await put.Content.ReadAsStringAsync())!.AsArray();
        using var get = await _http.GetAsync(Api($"/applications/{_discord.ApplicationId}/commands"));
        var fetched = JsonNode.Parse(await get.Content.ReadAsStringAsync())!.AsArray();
        using var guildGet = await _http.GetAsync(Api($"/applications/{_discord.ApplicationId}/guilds/42/commands"));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(["ask", "facts"], fetched.Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal(stored.Select(c => c!["id"]!.GetValue<string>()), fetched.Select(c => c!["id"]!.GetValue<string>()));
        Assert.All(fetched, c => Assert.Equal(_discord.ApplicationId, c!["application_id"]!.GetValue<string>()));
        Assert.Equal(2, _discord.GlobalCommands!.Count);
        Assert.Equal("[]", await guildGet.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Commands_UppercaseName_Returns400InvalidFormBody()
    {
        var commands = new JsonArray(new JsonObject { ["name"] = "Ask", ["description"] = "x" });

        using var put = await _http.PutAsync(Api($"/applications/{_discord.ApplicationId}/guilds/42/commands"), Json(commands));
        var body = JsonNode.Parse(await put.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal(50035, body["code"]!.GetValue<int>());
        Assert.NotNull(body["errors"]!["0"]!["name"]);
    }

    [Fact]
    public async Task FailNext_OneFailure_429WithRetryAfterThenSuccess()
    {
        _discord.FailNext("GET", "/gateway/bot", retryAfterSeconds: 0.25, global: true, scope: "global");

        using var limited = await _http.GetAsync(Api("/gateway/bot"));
        var body = JsonNode.Parse(await limited.Content.ReadAsStringAsync())!;
        using var next = await _http.GetAsync(Api("/gateway/bot"));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(0.25, body["retry_after"]!.GetValue<double>());
        Assert.True(body["global"]!.GetValue<bool>());
        Assert.Equal("1", limited.Headers.GetValues("Retry-After").Single());
        Assert.Equal("global", limited.Headers.GetValues("X-RateLimit-Scope").Single());
        Assert.Equal("true", limited.Headers.GetValues("X-RateLimit-Global").Single());
        Assert.Equal("0", limited.Headers.GetValues("X-RateLimit-Remaining").Single());
        Assert.Equal("0.250", limited.Headers.GetValues("X-RateLimit-Reset-After").Single());
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal([429, 200], _discord.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task RespondNext_MissingAccess_ReturnsGivenStatusAndBody()
    {
        _discord.RespondNext("PUT", "/commands", 403, """{"message":"Missing Access","code":50001}""");

        using var put = await _http.PutAsync(Api($"/applications/{_discord.ApplicationId}/commands"), Json(new JsonArray()));

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Contains("50001", await put.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Callback_SecondForSameInteraction_Returns400With40060()
    {
        var interaction = FakeInteractions.Command("ask");
        var id = interaction["id"]!.GetValue<string>();
        var token = interaction["token"]!.GetValue<string>();
        _discord.RegisterInteraction(interaction);
        using var anonymous = NewHttpClient(null);

        using var first = await anonymous.PostAsync(Api($"/interactions/{id}/{token}/callback"), Json(new JsonObject { ["type"] = 5 }));
        using var second = await anonymous.PostAsync(Api($"/interactions/{id}/{token}/callback"), Json(new JsonObject { ["type"] = 4, ["data"] = new JsonObject { ["content"] = "hi" } }));
        var secondBody = JsonNode.Parse(await second.Content.ReadAsStringAsync())!;
        var callback = await _discord.WaitForCallbackAsync(id, Timeout);

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Equal(40060, secondBody["code"]!.GetValue<int>());
        Assert.Equal((5, token), (callback.Type, callback.Token));
        Assert.Single(_discord.Callbacks);
    }

    [Fact]
    public async Task EditOriginal_AfterDeferredCallback_ReturnsEditedMessage()
    {
        var interaction = FakeInteractions.Command("ask");
        var id = interaction["id"]!.GetValue<string>();
        var token = interaction["token"]!.GetValue<string>();
        var edit = Api($"/webhooks/{_discord.ApplicationId}/{token}/messages/@original");

        using var early = await _http.PatchAsync(edit, Json(new JsonObject { ["content"] = "too soon" }));
        using var deferred = await _http.PostAsync(Api($"/interactions/{id}/{token}/callback"), Json(new JsonObject { ["type"] = 5 }));
        using var patched = await _http.PatchAsync(edit, Json(new JsonObject { ["content"] = "answer", ["embeds"] = new JsonArray(new JsonObject { ["title"] = "T" }) }));
        var message = JsonNode.Parse(await patched.Content.ReadAsStringAsync())!;
        using var followUp = await _http.PostAsync(Api($"/webhooks/{_discord.ApplicationId}/{token}"), Json(new JsonObject { ["content"] = "more" }));

        Assert.Equal(HttpStatusCode.NotFound, early.StatusCode);
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("answer", message["content"]!.GetValue<string>());
        Assert.Equal("T", message["embeds"]![0]!["title"]!.GetValue<string>());
        Assert.Equal("answer", _discord.GetOriginalMessage(token)!["content"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, followUp.StatusCode);
        Assert.Equal(200, (await _discord.WaitForOriginalEditAsync(token, Timeout)).Status);
        Assert.Equal(200, (await _discord.WaitForFollowUpAsync(token, Timeout)).Status);
    }

    [Fact]
    public async Task DisposeAsync_LiveConnection_StopsEverythingWithinTwoSeconds()
    {
        var discord = await FakeDiscord.StartAsync(new FakeDiscordOptions { HeartbeatIntervalMs = 200 });
        using var client = await ConnectAsync(discord.GatewayUrl);
        await client.ReceiveAsync();
        await IdentifyAsync(client, discord.Token);
        await client.ReceiveAsync();
        var pending = client.ReceiveAsync(TimeSpan.FromSeconds(5));
        var url = new Uri(discord.ApiBaseUrl + "/gateway");
        var watch = Stopwatch.StartNew();

        await discord.DisposeAsync();
        var ended = await Task.WhenAny(pending, Task.Delay(TimeSpan.FromSeconds(2))) == pending;

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"Dispose took {watch.Elapsed}.");
        Assert.True(ended, "The client socket was still open after dispose.");
        await Assert.ThrowsAnyAsync<Exception>(() => pending);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => _http.GetAsync(url));
    }

    [Fact]
    public void Command_WithOptions_BuildsRealisticGuildInteraction()
    {
        var interaction = FakeInteractions.Command(FakeInteractionContext.Moderator, "fact", ("id", "ua-land"), ("limit", 3), ("public", true));
        var other = FakeInteractions.Command("fact");

        Assert.Equal(2, interaction["type"]!.GetValue<int>());
        Assert.Equal([3, 4, 5], interaction["data"]!["options"]!.AsArray().Select(o => o!["type"]!.GetValue<int>()));
        Assert.Equal("32", (long.Parse(interaction["member"]!["permissions"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) & FakeInteractions.ManageGuild).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("1400000000000000001", interaction["member"]!["roles"]![0]!.GetValue<string>());
        Assert.NotEqual(interaction["id"]!.GetValue<string>(), other["id"]!.GetValue<string>());
        Assert.NotEqual(interaction["token"]!.GetValue<string>(), other["token"]!.GetValue<string>());
        Assert.Null(interaction["user"]);
    }

    [Fact]
    public void Builders_DmAutocompleteModalSubcommand_HaveDiscordShapes()
    {
        var dm = FakeInteractions.Command(FakeInteractionContext.Dm, "ask");
        var autocomplete = FakeInteractions.Autocomplete("fact", "id", "ua", ("topic", "land"));
        var modal = FakeInteractions.ModalSubmit("edit-fact", ("text", "new text"));
        var sub = FakeInteractions.Subcommand("fact", "edit", ("id", "ua-land"));
        var button = FakeInteractions.Button("more:1");

        Assert.Null(dm["member"]);
        Assert.Null(dm["guild_id"]);
        Assert.Equal("alice", dm["user"]!["username"]!.GetValue<string>());
        Assert.Equal(4, autocomplete["type"]!.GetValue<int>());
        Assert.True(autocomplete["data"]!["options"]![1]!["focused"]!.GetValue<bool>());
        Assert.Equal("new text", modal["data"]!["components"]![0]!["components"]![0]!["value"]!.GetValue<string>());
        Assert.Equal(1, sub["data"]!["options"]![0]!["type"]!.GetValue<int>());
        Assert.Equal("ua-land", sub["data"]!["options"]![0]!["options"]![0]!["value"]!.GetValue<string>());
        Assert.Equal(2, button["data"]!["component_type"]!.GetValue<int>());
        Assert.NotNull(button["message"]!["id"]);
    }

    private async Task<(string SessionId, RawWebSocketClient Client)> IdentifiedSessionAsync()
    {
        var client = await ConnectAsync(_discord.GatewayUrl);
        await client.ReceiveAsync();
        await IdentifyAsync(client, _discord.Token);
        var ready = await client.ReceiveAsync();
        return (ready!["d"]!["session_id"]!.GetValue<string>(), client);
    }

    private static Task IdentifyAsync(RawWebSocketClient client, string token, long intents = 0, int[]? shard = null)
    {
        var d = new JsonObject
        {
            ["token"] = token,
            ["intents"] = intents,
            ["properties"] = new JsonObject { ["os"] = "linux", ["browser"] = "TalksBot", ["device"] = "TalksBot" },
        };
        if (shard is not null)
        {
            d["shard"] = new JsonArray(shard[0], shard[1]);
        }

        return client.SendAsync(new JsonObject { ["op"] = 2, ["d"] = d });
    }

    private static Task<RawWebSocketClient> ConnectAsync(Uri url) =>
        RawWebSocketClient.ConnectAsync(url.Query.Length > 0 ? url : new Uri(url + "?v=10&encoding=json"));

    private Uri Api(string path) => new(_discord.ApiBaseUrl + path);

    private static StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");

    private static HttpClient NewHttpClient(string? token)
    {
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("DiscordBot (https://github.com/talksbot, 1.0)");
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bot", token);
        }

        return http;
    }
}
