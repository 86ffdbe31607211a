using Microsoft.Extensions.Time.Testing;
using TalksBot.Slack.Protocol;
using TalksBot.Slack.Tests.Fakes;
using TalksBot.Slack.Tests.Support;
using TalksBot.Slack.WebApi;

namespace TalksBot.Slack.Tests.WebApi;

public sealed class SlackWebApiClientTests : IAsyncLifetime, IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private FakeSlack _slack = null!;
    private TestWebApi _api = null!;
    private SlackWebApiClient _client = null!;

    public async Task InitializeAsync()
    {
        _slack = await FakeSlack.StartAsync(new FakeSlackOptions { BotToken = SlackTestBot.BotToken, AppToken = SlackTestBot.AppToken });
        _api = new TestWebApi(new SlackOptions { BotToken = SlackTestBot.BotToken, AppToken = SlackTestBot.AppToken, ApiBaseUrl = _slack.ApiBaseUrl }, _time);
        _client = _api.Client;
    }

    [Fact]
    public async Task PostMessage_SendsJsonWithTheBotTokenAndNeverLinkNames()
    {
        await _client.PostMessageAsync(new BlockKitMessage("hello", []) { Channel = "C0GENERAL" }, CancellationToken.None);

        var request = Assert.Single(_slack.RequestsFor("chat.postMessage"));
        Assert.Equal("Bearer " + SlackTestBot.BotToken, request.Authorization);
        Assert.False(request.HasField("link_names"));
    }

    [Fact]
    public async Task NotOk_IsATypedError()
    {
        var error = await Assert.ThrowsAsync<SlackApiException>(() => _client.PostMessageAsync(new BlockKitMessage("no channel", []), CancellationToken.None));

        Assert.Equal("channel_not_found", error.Error);
        Assert.False(error.IsFatal);
    }

    [Fact]
    public async Task UsersInfo_ReadsAdminFlags()
    {
        _slack.AddUser("U0ADMIN", "admin", isAdmin: true);

        var user = await _client.UserInfoAsync("U0ADMIN", CancellationToken.None);

        Assert.True(user.IsAdmin);
        Assert.False(user.IsOwner);
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

    [Fact]
    public async Task UsersInfo_TransientServerError_IsRetried()
    {
        _slack.AddUser("U0ADMIN", "admin", isAdmin: true);
        _slack.RespondNext("users.info", "<html>upstream error</html>", 503);

        var user = await _client.UserInfoAsync("U0ADMIN", CancellationToken.None);

        Assert.True(user.IsAdmin);
        Assert.Equal([503, 200], _slack.RequestsFor("users.info").Select(r => r.Status));
    }

    [Fact]
    public async Task ConnectionsOpen_TransientServerError_IsRetried()
    {
        _slack.RespondNext("apps.connections.open", "bad gateway", 502);

        var url = await _client.OpenConnectionAsync(CancellationToken.None);

        Assert.Equal("ws", url.Scheme);
        Assert.Equal([502, 200], _slack.RequestsFor("apps.connections.open").Select(r => r.Status));
    }

    [Fact]
    public async Task PostMessage_ServerError_IsNeverSentTwice()
    {
        _slack.RespondNext("chat.postMessage", "<html>upstream error</html>", 503);

        var error = await Assert.ThrowsAsync<SlackApiException>(() => _client.PostMessageAsync(new BlockKitMessage("hello", []) { Channel = "C0GENERAL" }, CancellationToken.None));

        Assert.Equal("HTTP 503", error.Error);
        Assert.Single(_slack.RequestsFor("chat.postMessage"));
        Assert.Empty(_slack.Messages);
    }

    [Theory]
    [InlineData("""{"ok":true}""")]
    [InlineData("""{"ok":true,"url":"not a url"}""")]
    [InlineData("""{"ok":true,"url":42}""")]
    [InlineData("""{"ok":true,"url":"https://example.org/not-a-socket"}""")]
    [InlineData("""{"ok":"yes","url":"wss://example.org/"}""")]
    [InlineData("not json")]
    public async Task ConnectionsOpen_MalformedAnswer_IsATypedError(string answer)
    {
        _slack.RespondNext("apps.connections.open", answer);

        var error = await Assert.ThrowsAsync<SlackApiException>(() => _client.OpenConnectionAsync(CancellationToken.None));

        Assert.False(error.IsFatal);
    }

    [Fact]
    public async Task UsersInfo_HugeAnswer_IsRefusedWithoutReadingItAll()
    {
        _slack.RespondNext("users.info", "{\"ok\":true,\"user\":{\"id\":\"U1\",\"real_name\":\"" + new string('x', 6 * 1024 * 1024) + "\"}}");

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => _client.UserInfoAsync("U1", CancellationToken.None));
    }

    public async Task DisposeAsync() => await _slack.DisposeAsync();

    public void Dispose() => _api.Dispose();
}
