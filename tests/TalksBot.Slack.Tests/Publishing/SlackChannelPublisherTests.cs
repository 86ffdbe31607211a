using TalksBot.Core.Cards;
using TalksBot.Core.Moderation;
using TalksBot.Slack.Publishing;
using TalksBot.Slack.Tests.Fakes;
using TalksBot.Slack.Tests.Support;

namespace TalksBot.Slack.Tests.Publishing;

public sealed class SlackChannelPublisherTests : IAsyncLifetime, IDisposable
{
    private static readonly Reply Change = Reply.Of(new Card { Title = "Fact retracted: Russia · NATO", Description = "<!channel> text", Tone = CardTone.Warning });
    private TestWebApi _api = null!;
    private FakeSlack _slack = null!;
    private SlackChannelPublisher _publisher = null!;

    public async Task InitializeAsync()
    {
        _slack = await FakeSlack.StartAsync(new FakeSlackOptions { BotToken = SlackTestBot.BotToken });
        _api = new TestWebApi(new SlackOptions { BotToken = SlackTestBot.BotToken, ApiBaseUrl = _slack.ApiBaseUrl }, TimeProvider.System);
        _publisher = new SlackChannelPublisher(_api.Client);
    }

    [Fact]
    public async Task Publish_PostsTheBlockKitCardInTheChannel()
    {
        await _publisher.PublishAsync("C0UPDATES", Change, CancellationToken.None);

        var message = Assert.Single(_slack.Messages);
        Assert.Equal(("C0UPDATES", false), (message.Channel, message.Ephemeral));
        Assert.StartsWith("Fact retracted", message.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("<!channel>", message.Blocks!.ToJsonString(), StringComparison.Ordinal);
        Assert.False(_slack.RequestsFor("chat.postMessage").Single().HasField("response_type"));
    }

    [Theory]
    [InlineData("not_in_channel", "TalksBot is not a member of that channel")]
    [InlineData("channel_not_found", "Slack does not show TalksBot that channel")]
    [InlineData("is_archived", "the channel is archived")]
    public async Task Publish_SlackRefuses_IsAChannelPublishExceptionSayingWhy(string error, string reason)
    {
        _slack.RefuseChannel("C0GONE", error);

        var refused = await Assert.ThrowsAsync<ChannelPublishException>(() => _publisher.PublishAsync("C0GONE", Change, CancellationToken.None));

        Assert.StartsWith(reason, refused.Message, StringComparison.Ordinal);
    }

    public async Task DisposeAsync() => await _slack.DisposeAsync();

    public void Dispose() => _api.Dispose();
}
