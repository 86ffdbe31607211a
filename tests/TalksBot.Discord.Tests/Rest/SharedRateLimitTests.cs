using Microsoft.Extensions.DependencyInjection;
using TalksBot.Discord.Api;
using TalksBot.Discord.Rest;
using TalksBot.Discord.Tests.Fakes;

namespace TalksBot.Discord.Tests.Rest;

/// <summary>One rate-limit state per bot token for the whole process, whichever consumer sends.</summary>
public sealed class SharedRateLimitTests
{
    private const string Channel = "1500000000000000009";

    [Fact]
    public async Task CreateMessage_TwoConsumers_SecondWaitsOutTheBucketTheFirstEmptied()
    {
        await using var discord = await FakeDiscord.StartAsync(new FakeDiscordOptions
        {
            Token = DiscordTestBot.Token,
            RateLimitPerBucket = 1,
            RateLimitWindow = TimeSpan.FromSeconds(1),
        });
        await using var bot = await DiscordTestBot.StartAsync(new Dictionary<string, string?>
        {
            ["Discord:ApiBaseUrl"] = discord.ApiBaseUrl.ToString(),
            ["Discord:InteractionsMode"] = "Http",
            ["Discord:PublicKey"] = new string('a', 64),
        });
        // What two consumers (the channel publisher, the interaction processor, the registrar …) are given.
        var first = bot.Services.GetRequiredService<DiscordRestClient>();
        var second = bot.Services.GetRequiredService<DiscordRestClient>();

        await first.CreateMessageAsync(Channel, new DiscordMessage { Content = "one" }, [], CancellationToken.None);
        await second.CreateMessageAsync(Channel, new DiscordMessage { Content = "two" }, [], CancellationToken.None);

        var posts = discord.Requests.Where(r => r.RelativePath == $"/channels/{Channel}/messages").ToList();
        // The first answer said X-RateLimit-Remaining: 0 for a second; the second consumer knew it and waited, so Discord saw no 429.
        Assert.Equal([200, 200], posts.Select(p => p.Status));
        Assert.True(posts[1].Time - posts[0].Time >= TimeSpan.FromMilliseconds(800), $"second post after {(posts[1].Time - posts[0].Time).TotalMilliseconds:0} ms");
    }
}
