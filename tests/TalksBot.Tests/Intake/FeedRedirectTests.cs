using System.Net;
using Microsoft.Extensions.Options;
using TalksBot.Core.Intake;
using TalksBot.Intake;

namespace TalksBot.Tests.Intake;

/// <summary>Where a feed's redirects may lead: never from a public address into this machine or a private network.</summary>
public sealed class FeedRedirectTests
{
    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://127.0.0.1:8080/admin")]
    [InlineData("http://localhost/admin")]
    [InlineData("http://10.0.0.5/feed")]
    [InlineData("http://192.168.1.1/")]
    [InlineData("http://[::1]/")]
    [InlineData("http://[fd00::1]/")]
    public async Task Fetch_PublicFeedRedirectingToAnInternalAddress_FailsWithoutFollowing(string target)
    {
        var handler = new RedirectingHandler(new Uri(target));
        using var http = new HttpClient(handler);
        var fetcher = new FeedFetcher(http, Options.Create(new IntakeOptions()));

        var result = await fetcher.FetchAsync("https://feeds.example.org/world.xml", null, CancellationToken.None);

        var failed = Assert.IsType<FeedFetch.Failed>(result);
        Assert.Contains("internal", failed.Problem, StringComparison.Ordinal);
        Assert.Equal(["feeds.example.org"], handler.Hosts);
    }

    [Theory]
    [InlineData("https://news.example.org/rss", false)]
    [InlineData("http://93.184.216.34/rss", false)]
    [InlineData("http://172.32.0.1/rss", false)]
    [InlineData("http://172.16.0.1/rss", true)]
    [InlineData("http://app.localhost/rss", true)]
    public void IsInternal_TellsPrivateAddressesFromPublicOnes(string url, bool expected)
    {
        Assert.Equal(expected, FeedFetcher.IsInternal(new Uri(url)));
    }

    private sealed class RedirectingHandler(Uri target) : HttpMessageHandler
    {
        public List<string> Hosts { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Hosts.Add(request.RequestUri!.Host);
            var response = new HttpResponseMessage(HttpStatusCode.Found);
            response.Headers.Location = target;
            return Task.FromResult(response);
        }
    }
}
