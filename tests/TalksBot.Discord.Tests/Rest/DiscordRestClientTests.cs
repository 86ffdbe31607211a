using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TalksBot.Discord.Api;
using TalksBot.Discord.Rest;

namespace TalksBot.Discord.Tests.Rest;

public sealed class DiscordRestClientTests
{
    [Fact]
    public async Task EditOriginalResponseAsync_ManyAtOnce_DoNotWaitForTheGlobalLimit()
    {
        // The load test found deferred answers draining at 50 a second: Discord exempts interaction endpoints from the global limit.
        using var limits = new DiscordRateLimits(TimeProvider.System);
        var client = new DiscordRestClient(
            new OneClient(new AlwaysOk()),
            limits,
            Options.Create(new DiscordOptions { Token = "token", ApplicationId = "1100000000000000001", ApiBaseUrl = new Uri("http://127.0.0.1:9/api/v10") }),
            TimeProvider.System,
            NullLogger<DiscordRestClient>.Instance);
        var started = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, 150).Select(i => client.EditOriginalResponseAsync($"token{i}", new DiscordMessage { Content = "answer" }, [], CancellationToken.None)));

        // Through the global limiter (50 a second) 150 edits take two seconds at least.
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(1.5), $"took {started.Elapsed.TotalMilliseconds:0} ms");
    }

    private sealed class OneClient(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }

    private sealed class AlwaysOk : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"id":"1"}""") });
    }
}
