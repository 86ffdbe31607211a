using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TalksBot.Slack.Tests.Fakes;
using TalksBot.Slack.WebApi;

namespace TalksBot.Slack.Tests.WebApi;

public sealed class SlackWebApiClientTests : IAsyncLifetime, IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly HttpClient _http = new();
    private FakeSlack _slack = null!;
    private SlackWebApiClient _client = null!;

    public async Task InitializeAsync()
    {
        _slack = await FakeSlack.StartAsync(new FakeSlackOptions { BotToken = SlackTestBot.BotToken, AppToken = SlackTestBot.AppToken });
        _client = new SlackWebApiClient(
            _http,
            Options.Create(new SlackOptions { BotToken = SlackTestBot.BotToken, AppToken = SlackTestBot.AppToken, ApiBaseUrl = _slack.ApiBaseUrl }),
            _time,
            NullLogger<SlackWebApiClient>.Instance);
    }

    [Fact]
    public async Task PostMessage_SendsJsonWithTheBotTokenAndNeverLinkNames()
    {
        var answer = await _client.PostMessageAsync(new JsonObject { ["channel"] = "C0GENERAL", ["text"] = "hello" }, CancellationToken.None);

        Assert.True(answer["ok"]!.GetValue<bool>());
        var request = Assert.Single(_slack.RequestsFor("chat.postMessage"));
        Assert.Equal("Bearer " + SlackTestBot.BotToken, request.Authorization);
        Assert.False(request.HasField("link_names"));
    }

    [Fact]
    public async Task NotOk_IsATypedError()
    {
        var error = await Assert.ThrowsAsync<SlackApiException>(() => _client.PostMessageAsync(new JsonObject { ["text"] = "no channel" }, CancellationToken.None));

        Assert.Equal("channel_not_found", error.Error);
        Assert.False(error.IsFatal);
    }

    [Fact]
    public async Task UsersInfo_ReadsAdminFlags()
    {
        _slack.AddUser("U0ADMIN", "admin", isAdmin: true);

        var user = await _client.UserInfoAsync("U0ADMIN", CancellationToken.None);

        Assert.True(user["is_admin"]!.GetValue<bool>());
    }

    [Fact]
    public async Task UserGroupMembers_AreCachedForFiveMinutes()
    {
        _slack.SetUserGroup("S0MODS", "U1", "U2");

        var first = await _client.UserGroupMembersAsync("S0MODS", CancellationToken.None);
        await _client.UserGroupMembersAsync("S0MODS", CancellationToken.None);
        Assert.Equal(1, _slack.UserGroupListCalls);

        _time.Advance(TimeSpan.FromMinutes(6));
        await _client.UserGroupMembersAsync("S0MODS", CancellationToken.None);

        Assert.Equal(2, _slack.UserGroupListCalls);
        Assert.Equal(["U1", "U2"], first.Order());
    }

    [Fact]
    public async Task UploadFile_GetsAnUploadUrl_PostsTheBytes_CompletesInTheChannel()
    {
        var yaml = System.Text.Encoding.UTF8.GetBytes("facts:\n- id: russia-nato\n");

        await _client.UploadFileAsync("C0GENERAL", "export.yaml", yaml, "Knowledge export", CancellationToken.None);

        var file = Assert.Single(_slack.Files);
        Assert.Equal(("export.yaml", "C0GENERAL", "Knowledge export"), (file.Name, file.Channel, file.InitialComment));
        Assert.Equal(yaml, file.Content);
        Assert.StartsWith("application/x-www-form-urlencoded", _slack.RequestsFor("files.getUploadURLExternal").Single().ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadFile_ChannelRefuses_IsATypedErrorWithAReason()
    {
        _slack.RefuseChannel("C0SECRET", "not_in_channel");

        var error = await Assert.ThrowsAsync<SlackApiException>(() => _client.UploadFileAsync("C0SECRET", "export.yaml", new byte[] { 1, 2, 3 }, null, CancellationToken.None));

        Assert.Equal("not_in_channel", error.Error);
        Assert.Equal("TalksBot is not a member of that channel", error.Reason);
    }

    public async Task DisposeAsync() => await _slack.DisposeAsync();

    public void Dispose() => _http.Dispose();
}
