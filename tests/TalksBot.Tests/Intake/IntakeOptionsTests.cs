using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TalksBot.Core.Intake;

namespace TalksBot.Tests.Intake;

/// <summary><c>Intake:Feeds</c> as the host checks it at start: a mistake is named with its feed, before anything is polled.</summary>
public sealed class IntakeOptionsTests
{
    [Theory]
    [InlineData("Kyiv", "https://kyiv.example/rss", "Kyiv", "https://other.example/rss", "Intake:Feeds:1: the Name 'Kyiv' is the name of Intake:Feeds:0 too")]
    [InlineData("Kyiv", "https://kyiv.example/rss", "Kyiv again", "https://kyiv.example/rss", "Intake:Feeds:1: the Url 'https://kyiv.example/rss' is the Url of Intake:Feeds:0 too")]
    [InlineData("Kyiv", "https://kyiv.example/rss", "Files", "file:///etc/passwd", "Intake:Feeds:1: the Url 'file:///etc/passwd' is not an absolute http(s) address")]
    [InlineData("Kyiv", "https://kyiv.example/rss", " ", "https://other.example/rss", "Intake:Feeds:1: the feed needs a Name")]
    public void Options_FeedsMisconfigured_RefusedAtStartNamingTheFeed(string firstName, string firstUrl, string secondName, string secondUrl, string problem)
    {
        using var services = Host(new Dictionary<string, string?>
        {
            ["Intake:Feeds:0:Name"] = firstName,
            ["Intake:Feeds:0:Url"] = firstUrl,
            ["Intake:Feeds:1:Name"] = secondName,
            ["Intake:Feeds:1:Url"] = secondUrl,
        });

        var refused = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<IntakeOptions>>().Value);

        Assert.Contains(problem, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_TwoDistinctFeeds_Accepted()
    {
        using var services = Host(new Dictionary<string, string?>
        {
            ["Intake:Feeds:0:Name"] = "Kyiv",
            ["Intake:Feeds:0:Url"] = "https://kyiv.example/rss",
            ["Intake:Feeds:1:Name"] = "Meduza",
            ["Intake:Feeds:1:Url"] = "https://meduza.example/rss/en/all",
        });

        Assert.Equal(["Kyiv", "Meduza"], services.GetRequiredService<IOptions<IntakeOptions>>().Value.Feeds.Select(f => f.Name));
    }

    private static ServiceProvider Host(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddTalksBotHost(configuration);
        return services.BuildServiceProvider();
    }
}
