using Microsoft.Extensions.DependencyInjection;
using TalksBot.Core.Cards;
using TalksBot.Core.Moderation;
using TalksBot.Slack.Protocol;
using TalksBot.Slack.Tests.Fakes;
using TalksBot.Slack.WebApi;

namespace TalksBot.Slack.Tests.WebApi;

/// <summary>Slack limits each method per workspace: a 429 one part of the bot hits holds back every part that calls that method.</summary>
public sealed class RateLimitSharingTests
{
    [Fact]
    public async Task RetryAfter_OnOneMethod_MakesEveryConsumerWait()
    {
        await using var slack = await FakeSlack.StartAsync(new FakeSlackOptions { BotToken = SlackTestBot.BotToken });
        await using var bot = await SlackTestBot.StartHttpAsync(slack);
        slack.FailNext("chat.postMessage", retryAfterSeconds: 2);
        var publisher = bot.Services.GetServices<IChannelPublisher>().Single(p => p.Platform == "slack");

        var announcement = publisher.PublishAsync("C0UPDATES", Reply.Of(new Card { Title = "Fact retracted" }), CancellationToken.None);
        var limited = await slack.WaitForAsync(s => s.RequestsFor("chat.postMessage").FirstOrDefault(r => r.Status == 429), TimeSpan.FromSeconds(10), "the 429");
        var limits = bot.Services.GetRequiredService<SlackRateLimits>();
        await slack.WaitUntilAsync(_ => limits.Remaining("chat.postMessage") > TimeSpan.Zero, TimeSpan.FromSeconds(10), "the bot reading the 429");
        await PostFromAnotherConsumerAsync(bot.Services);
        await announcement;

        var posted = slack.RequestsFor("chat.postMessage").Where(r => r.Status == 200).ToList();
        Assert.Equal(2, posted.Count);
        Assert.All(posted, r => Assert.True(r.Time - limited.Time >= TimeSpan.FromMilliseconds(1900), $"posted {(r.Time - limited.Time).TotalMilliseconds:F0} ms after the 429"));
    }

    /// <summary>Another part of the bot (anything that takes the Web API client) posting in another channel.</summary>
    private static Task PostFromAnotherConsumerAsync(IServiceProvider services) =>
        services.GetRequiredService<SlackWebApiClient>().PostMessageAsync(new BlockKitMessage("hello", []) { Channel = "C0OTHER" }, CancellationToken.None);
}
