using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TalksBot.Platform;
using TalksBot.Slack.WebApi;

namespace TalksBot.Slack.Tests.Support;

/// <summary>A Web API client wired as the adapter wires it (the named platform client), for tests against the fake Slack without the whole bot.</summary>
internal sealed class TestWebApi : IDisposable
{
    private readonly ServiceProvider _services;

    public TestWebApi(SlackOptions options, TimeProvider time)
    {
        var services = new ServiceCollection();
        services.AddPlatformHttpClient(SlackWebApiClient.HttpClientName);
        _services = services.BuildServiceProvider();
        Client = new SlackWebApiClient(
            _services.GetRequiredService<IHttpClientFactory>(),
            Options.Create(options),
            new SlackRateLimits(time),
            time,
            NullLogger<SlackWebApiClient>.Instance);
    }

    public SlackWebApiClient Client { get; }

    public void Dispose() => _services.Dispose();
}
