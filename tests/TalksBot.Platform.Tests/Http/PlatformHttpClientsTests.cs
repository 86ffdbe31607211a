using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;
using TalksBot.Platform.Http;

namespace TalksBot.Platform.Tests.Http;

public sealed class PlatformHttpClientsTests : IDisposable
{
    private const string Name = "platform-test";
    private static readonly Uri Base = new("http://127.0.0.1:9/api/");
    private readonly TestLogs _logs = new();
    private readonly ScriptedHandler _platform = new();
    private ServiceProvider? _services;

    public void Dispose()
    {
        _services?.Dispose();
        _logs.Dispose();
    }

    [Fact]
    public async Task Get_After503_RetriedAndSucceeds()
    {
        _platform.Answer(HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);

        using var response = await Client().GetAsync(new Uri(Base, "gateway/bot"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _platform.Calls);
    }

    [Fact]
    public async Task Post_After503_NotRetried()
    {
        _platform.Answer(HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);

        using var response = await Client().PostAsync(new Uri(Base, "channels/1/messages"), new StringContent("{}"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, _platform.Calls);
    }

    [Fact]
    public async Task Post_MarkedRepeatable_RetriedAfter503WithItsBody()
    {
        _platform.Answer(HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Base, "apps.connections.open")) { Content = new StringContent("{\"a\":1}") };

        using var response = await Client().SendAsync(request.MarkRepeatable());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["{\"a\":1}", "{\"a\":1}"], _platform.Bodies);
    }

    [Fact]
    public async Task Get_429_ReturnedToTheCallerUntouched()
    {
        _platform.Answer(HttpStatusCode.TooManyRequests, HttpStatusCode.OK);

        using var response = await Client().GetAsync(new Uri(Base, "users.info"));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        Assert.Equal("{\"retry_after\":7}", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, _platform.Calls);
    }

    [Fact]
    public async Task Get_RepeatedFailures_CircuitOpensAndThePlatformIsLeftAlone()
    {
        _platform.Answer(Enumerable.Repeat(HttpStatusCode.InternalServerError, 100).ToArray());
        var client = Client(new PlatformHttpOptions { MaxRetries = 0, CircuitMinimumThroughput = 4, CircuitBreakDuration = TimeSpan.FromMinutes(1) });

        for (var i = 0; i < 4; i++)
        {
            using var failed = await client.GetAsync(new Uri(Base, "gateway/bot"));
        }

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri(Base, "gateway/bot")));
        Assert.IsType<BrokenCircuitException>(refused.InnerException);
        Assert.Equal(4, _platform.Calls);
    }

    [Fact]
    public async Task Send_TokenInTheUrl_NeverLogged()
    {
        _platform.Answer(HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);

        using var response = await Client().GetAsync(new Uri(Base, "webhooks/1/secret-interaction-token/messages/@original"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(_logs.Entries, e => e.Message.Contains("secret-interaction-token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_RetriedAfterAConnectionFailure_LogsTheRetriesAtDebugOnly()
    {
        _platform.FailFirst(new HttpRequestException("Connection refused (127.0.0.1:9)"));

        using var response = await Client().GetAsync(new Uri(Base, "users.info"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(_logs.Entries, e => e.Category.StartsWith("Polly", StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Entries, e => e.Category.StartsWith("Polly", StringComparison.Ordinal) && e.Level > LogLevel.Debug);
    }

    [Fact]
    public void CreateClient_TwoConsumers_ShareOnePipeline()
    {
        var client = Client();
        var factory = _services!.GetRequiredService<IHttpClientFactory>();

        using var second = factory.CreateClient(Name);

        Assert.NotSame(client, second);
        Assert.Equal(client.MaxResponseContentBufferSize, second.MaxResponseContentBufferSize);
    }

    private HttpClient Client(PlatformHttpOptions? options = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        services.AddPlatformHttpClient(Name, options ?? new PlatformHttpOptions { RetryDelay = TimeSpan.FromMilliseconds(1) })
            .ConfigurePrimaryHttpMessageHandler(() => _platform);
        _services = services.BuildServiceProvider();
        return _services.GetRequiredService<IHttpClientFactory>().CreateClient(Name);
    }

    /// <summary>The platform: answers each call with the next scripted status (the last one repeats) and records the bodies.</summary>
    private sealed class ScriptedHandler : HttpMessageHandler
    {
        private readonly List<string> _bodies = [];
        private HttpStatusCode[] _answers = [HttpStatusCode.OK];
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public IReadOnlyList<string> Bodies
        {
            get
            {
                lock (_bodies)
                {
                    return [.. _bodies];
                }
            }
        }

        private Exception? _failFirst;

        public void Answer(params HttpStatusCode[] answers) => _answers = answers;

        /// <summary>The first call fails in the transport (then the scripted answers follow).</summary>
        public void FailFirst(Exception failure) => _failFirst = failure;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref _failFirst, null) is { } failure)
            {
                throw failure;
            }

            var call = Interlocked.Increment(ref _calls);
            if (request.Content is not null)
            {
                var body = await request.Content.ReadAsStringAsync(cancellationToken);
                lock (_bodies)
                {
                    _bodies.Add(body);
                }
            }

            var status = _answers[Math.Min(call, _answers.Length) - 1];
            var response = new HttpResponseMessage(status) { RequestMessage = request, Content = new StringContent(status == HttpStatusCode.TooManyRequests ? "{\"retry_after\":7}" : "{}") };
            if (status == HttpStatusCode.TooManyRequests)
            {
                response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
            }

            return response;
        }
    }
}
