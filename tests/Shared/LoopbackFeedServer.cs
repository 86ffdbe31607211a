using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace TalksBot.Testing;

/// <summary>What the feed server answers on one path.</summary>
internal sealed record FeedResponse
{
    public int Status { get; init; } = StatusCodes.Status200OK;

    public byte[] Body { get; init; } = [];

    public string ContentType { get; init; } = "application/rss+xml";

    /// <summary>Sent as <c>ETag</c>; a request whose <c>If-None-Match</c> matches it gets a 304.</summary>
    public string? ETag { get; init; }

    /// <summary>Sent as <c>Last-Modified</c>; a request without <c>If-None-Match</c> whose <c>If-Modified-Since</c> is not older gets a 304.</summary>
    public DateTimeOffset? LastModified { get; init; }

    /// <summary>Sent as <c>Location</c> (with a 3xx <see cref="Status"/>).</summary>
    public string? Location { get; init; }

    /// <summary>Declare <c>Content-Length</c>; false sends the body chunked, its size unknown until the end.</summary>
    public bool DeclareLength { get; init; } = true;

    /// <summary>How long the server waits before it answers at all.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Sent as <c>Content-Encoding</c> ("gzip", "br" …); <see cref="Body"/> is sent as it is, already encoded (or not).</summary>
    public string? ContentEncoding { get; init; }
}

/// <summary>One request the feed server saw, with its conditional-GET headers.</summary>
internal sealed record FeedRequest(string Path, string? IfNoneMatch, string? IfModifiedSince);

/// <summary>
/// A loopback feed server for the news inbox's tests: Kestrel on 127.0.0.1 and a free port, one configurable answer per
/// path (status, validators, Location, declared or chunked length, content encoding, body, delay), conditional GETs honoured, every request
/// recorded, and the most requests one path had in flight at once. Unknown paths get a 404. Linked into the test projects
/// that need it.
/// </summary>
internal sealed class LoopbackFeedServer : IAsyncDisposable
{
    private const int ChunkSize = 16 * 1024;
    private readonly Lock _sync = new();
    private readonly Dictionary<string, FeedResponse> _responses = new(StringComparer.Ordinal);
    private readonly List<FeedRequest> _requests = [];
    private readonly Dictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _mostInFlight = new(StringComparer.Ordinal);
    private LoopbackServer? _server;

    private LoopbackFeedServer()
    {
    }

    public Uri BaseAddress => _server!.BaseAddress;

    public IReadOnlyList<FeedRequest> Requests
    {
        get
        {
            lock (_sync)
            {
                return _requests.ToArray();
            }
        }
    }

    public static async Task<LoopbackFeedServer> StartAsync()
    {
        var feeds = new LoopbackFeedServer();
        feeds._server = await LoopbackServer.StartAsync(app => app.Run(feeds.HandleAsync)).ConfigureAwait(false);
        return feeds;
    }

    /// <summary>The absolute address of <paramref name="path"/> ("/world.xml").</summary>
    public string Url(string path) => new Uri(BaseAddress, path).AbsoluteUri;

    /// <summary>Answers <paramref name="path"/> with <paramref name="response"/> from now on.</summary>
    public void Serve(string path, FeedResponse response)
    {
        lock (_sync)
        {
            _responses[path] = response;
        }
    }

    /// <summary>Requests for <paramref name="path"/> so far.</summary>
    public IReadOnlyList<FeedRequest> RequestsFor(string path) => Requests.Where(r => r.Path == path).ToList();

    /// <summary>The most requests for <paramref name="path"/> the server was answering at the same time.</summary>
    public int MostInFlight(string path)
    {
        lock (_sync)
        {
            return _mostInFlight.GetValueOrDefault(path);
        }
    }

    public ValueTask DisposeAsync() => _server?.DisposeAsync() ?? ValueTask.CompletedTask;

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        FeedResponse? response;
        lock (_sync)
        {
            _requests.Add(new FeedRequest(path, Header(context, HeaderNames.IfNoneMatch), Header(context, HeaderNames.IfModifiedSince)));
            _responses.TryGetValue(path, out response);
            var inFlight = _inFlight[path] = _inFlight.GetValueOrDefault(path) + 1;
            _mostInFlight[path] = Math.Max(_mostInFlight.GetValueOrDefault(path), inFlight);
        }

        try
        {
            if (response is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            if (response.Delay > TimeSpan.Zero)
            {
                await Task.Delay(response.Delay, context.RequestAborted).ConfigureAwait(false);
            }

            await AnswerAsync(context, response).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client gave up (its timeout, or the feed was too large).
        }
        finally
        {
            lock (_sync)
            {
                _inFlight[path]--;
            }
        }
    }

    private static async Task AnswerAsync(HttpContext context, FeedResponse feed)
    {
        var response = context.Response;
        if (feed.ETag is not null)
        {
            response.Headers.ETag = feed.ETag;
        }

        if (feed.LastModified is { } modified)
        {
            response.Headers.LastModified = modified.ToString("R", CultureInfo.InvariantCulture);
        }

        if (feed.Location is not null)
        {
            response.Headers.Location = feed.Location;
        }

        if (NotModified(context.Request, feed))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.StatusCode = feed.Status;
        if (feed.Body.Length == 0)
        {
            return;
        }

        response.ContentType = feed.ContentType;
        if (feed.ContentEncoding is not null)
        {
            response.Headers.ContentEncoding = feed.ContentEncoding;
        }

        if (feed.DeclareLength)
        {
            response.ContentLength = feed.Body.Length;
        }

        for (var offset = 0; offset < feed.Body.Length; offset += ChunkSize)
        {
            await response.Body.WriteAsync(feed.Body.AsMemory(offset, Math.Min(ChunkSize, feed.Body.Length - offset)), context.RequestAborted).ConfigureAwait(false);
            await response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static bool NotModified(HttpRequest request, FeedResponse feed)
    {
        if (feed.Status != StatusCodes.Status200OK)
        {
            return false;
        }

        if (Header(request.HttpContext, HeaderNames.IfNoneMatch) is { } match)
        {
            return feed.ETag is not null && match.Split(',').Any(tag => tag.Trim() == feed.ETag);
        }

        return feed.LastModified is { } modified &&
            DateTimeOffset.TryParse(Header(request.HttpContext, HeaderNames.IfModifiedSince), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since) &&
            modified <= since;
    }

    private static string? Header(HttpContext context, string name) =>
        context.Request.Headers.TryGetValue(name, out var value) ? value.ToString() : null;
}
