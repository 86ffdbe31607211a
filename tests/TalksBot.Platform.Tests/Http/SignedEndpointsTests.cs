using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TalksBot.Core;
using TalksBot.Platform.Http;
using TalksBot.Testing;

namespace TalksBot.Platform.Tests.Http;

public sealed class SignedEndpointsTests : IAsyncLifetime, IDisposable
{
    private const int Limit = 1024 * 1024;
    private const string Secret = "test-signing-secret";
    private TestLogs _logs = null!;
    private StoppingLifetime _lifetime = null!;
    private LoopbackServer _server = null!;
    private HttpClient _http = null!;
    private int _handled;
    private long? _kestrelLimitSeen;

    public async Task InitializeAsync()
    {
        _logs = new TestLogs();
        _lifetime = new StoppingLifetime();
        _server = await LoopbackServer.StartAsync(
            app =>
            {
                app.MapSignedPost<HmacVerifier, string>("/hook", new SignedEndpoint<string>
                {
                    MaxBodyBytes = Limit,
                    Parse = body => body.Bytes.Span.StartsWith("!"u8) ? throw new FormatException("not a payload") : Encoding.UTF8.GetString(body.Bytes.Span),
                    Handle = (text, context) =>
                    {
                        Interlocked.Increment(ref _handled);
                        _kestrelLimitSeen = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
                        return Task.FromResult(Results.Text($"{text.Length}"));
                    },
                });
            },
            services =>
            {
                services.AddSingleton<HmacVerifier>();
                services.AddSingleton<ILoggerProvider>(_logs);
                services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace));
                services.AddSingleton(new ShutdownGrace(_lifetime, Options.Create(new HostOptions()), TimeProvider.System));
            });
        _http = new HttpClient { BaseAddress = _server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    public void Dispose()
    {
        _http.Dispose();
        _lifetime.Dispose();
        _logs.Dispose();
    }

    [Fact]
    public async Task Post_BodyExactlyAtTheLimit_AcceptedAndKestrelLimitSet()
    {
        var body = new string('a', Limit);

        using var response = await PostAsync(body, sign: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"{Limit}", await response.Content.ReadAsStringAsync());
        Assert.Equal(Limit, _kestrelLimitSeen);
    }

    [Fact]
    public async Task Post_ChunkedBodyOneByteOverTheLimit_413AndNotHandled()
    {
        using var content = new StreamedContent(Limit + 1);

        using var response = await SendAsync(content, signature: null);

        Assert.True(response is null || response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"got {response?.StatusCode}");
        Assert.Equal(1, TooLargeRefusals());
        Assert.Equal(0, _handled);
    }

    [Fact]
    public async Task Post_DeclaredLengthOverTheLimit_413WithoutWaitingForTheBody()
    {
        // Headers only: a server that tried to read the 2 MB it was promised would wait forever.
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _server.Port);
        var stream = client.GetStream();
        var head = $"POST /hook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {2 * Limit}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var buffer = new byte[256];
        var read = await stream.ReadAsync(buffer, timeout.Token);

        Assert.StartsWith("HTTP/1.1 413", Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
        Assert.Equal(0, _handled);
    }

    [Fact]
    public async Task Post_BadSignature_401AndNotHandled()
    {
        using var response = await PostAsync("{}", sign: false, signature: "v0=00");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, _handled);
    }

    [Fact]
    public async Task Post_GarbageTimestampHeader_401NotA500AndNoStackTraceAboveDebug()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "hook") { Content = new StringContent("{}") };
        request.Headers.Add("X-Test-Timestamp", "99999999999999");
        request.Headers.Add("X-Test-Signature", "v0=00");

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(_logs.Entries, e => e.Exception is not null && e.Level > LogLevel.Debug);
    }

    [Fact]
    public async Task Post_ParserThrows_400NotA500AndNoStackTraceAboveDebug()
    {
        using var response = await PostAsync("!not a payload", sign: true);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, _handled);
        Assert.DoesNotContain(_logs.Entries, e => e.Exception is not null && e.Level > LogLevel.Debug);
    }

    [Fact]
    public async Task Post_WhileTheHostStops_503AndNotHandled()
    {
        _lifetime.Stop();

        using var response = await PostAsync("{}", sign: true);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(0, _handled);
    }

    [Fact]
    public async Task Post_FortyParallelUnsigned28MbChunkedBodies_All413AndMemoryStaysBounded()
    {
        const long bodyBytes = 28L * 1024 * 1024;
        var before = Measure();
        var watch = Stopwatch.StartNew();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(async () =>
        {
            using var content = new StreamedContent(bodyBytes);
            using var response = await SendAsync(content, signature: "v0=00");
            return response?.StatusCode;
        })));

        var after = Measure();
        // HttpClient often sees only the closed connection (it was still sending); the server's refusals say it answered 413 each time.
        Assert.All(outcomes, status => Assert.True(status is null or HttpStatusCode.RequestEntityTooLarge, $"got {status}"));
        Assert.Equal(40, TooLargeRefusals());
        Assert.Equal(0, _handled);
        Assert.True(after.Managed - before.Managed < 100 * 1024 * 1024, $"managed heap grew from {before.Managed / 1048576} MB to {after.Managed / 1048576} MB");
        Assert.True(after.WorkingSet - before.WorkingSet < 100 * 1024 * 1024, $"working set grew from {before.WorkingSet / 1048576} MB to {after.WorkingSet / 1048576} MB in {watch.Elapsed}");
        Console.WriteLine($"40 × 28 MB chunked: managed {before.Managed / 1048576} → {after.Managed / 1048576} MB, working set {before.WorkingSet / 1048576} → {after.WorkingSet / 1048576} MB, {watch.Elapsed.TotalSeconds:0.0} s");
    }

    private int TooLargeRefusals() => _logs.Entries.Count(e => e.Message.Contains(": 413 (", StringComparison.Ordinal));

    /// <summary>Managed heap after a full collection, and the process's working set.</summary>
    private static (long Managed, long WorkingSet) Measure()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), process.WorkingSet64);
    }

    private Task<HttpResponseMessage> PostAsync(string body, bool sign, string? signature = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "hook") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Test-Signature", sign ? HmacVerifier.Sign(Encoding.UTF8.GetBytes(body)) : signature);
        return _http.SendAsync(request);
    }

    /// <summary>The response, or null when the server closed the connection after refusing (also a refusal a client can see).</summary>
    private async Task<HttpResponseMessage?> SendAsync(HttpContent content, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "hook") { Content = content };
        if (signature is not null)
        {
            request.Headers.Add("X-Test-Signature", signature);
        }

        try
        {
            return await _http.SendAsync(request);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>HMAC-SHA256 of the body, Slack-style, with an optional timestamp header that must be a sane Unix time.</summary>
    private sealed class HmacVerifier : IRequestSignatureVerifier
    {
        public static string Sign(byte[] body) => "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), body));

        public bool IsValid(IHeaderDictionary headers, ReadOnlySpan<byte> body)
        {
            if (headers.TryGetValue("X-Test-Timestamp", out var timestamp))
            {
                // Like Slack's verifier before the platform layer: an absurd timestamp throws here.
                _ = DateTimeOffset.FromUnixTimeSeconds(long.Parse(timestamp.ToString(), CultureInfo.InvariantCulture));
            }

            var expected = Encoding.ASCII.GetBytes(Sign(body.ToArray()));
            return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(headers["X-Test-Signature"].ToString()));
        }
    }

    /// <summary>A body of <paramref name="length"/> bytes written in 64 KiB pieces without a Content-Length (chunked), never held whole.</summary>
    private sealed class StreamedContent(long length) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var piece = new byte[64 * 1024];
            piece.AsSpan().Fill((byte)'a');
            for (var sent = 0L; sent < length; sent += piece.Length)
            {
                await stream.WriteAsync(piece.AsMemory(0, (int)Math.Min(piece.Length, length - sent)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    private sealed class StoppingLifetime : IHostApplicationLifetime, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => _stopping.Cancel();

        public void Stop() => _stopping.Cancel();

        public void Dispose() => _stopping.Dispose();
    }
}
