using System.Globalization;
using Microsoft.AspNetCore.Http;
using TalksBot.Testing;

namespace TalksBot.Slack.Tests.Fakes;

/// <summary>
/// A loopback Slack: the Web API subset TalksBot uses under <c>/api/</c>, Socket Mode (WebSocket at <c>/socket?ticket=…</c>,
/// URLs handed out by <c>apps.connections.open</c>), response_url endpoints under <c>/response/</c> and file upload URLs under <c>/upload/</c>. It records everything a
/// client sends and lets a test push envelopes, disconnects, drops and API faults. Every wait is bounded; disposing stops the
/// server, sockets and loops within about two seconds.
/// </summary>
public sealed partial class FakeSlack : LoopbackFake<FakeSlack>
{
    private readonly FakeSlackOptions _options;

    private FakeSlack(FakeSlackOptions options)
    {
        _options = options;
    }

    /// <summary>http://127.0.0.1:PORT/api/ (with the trailing slash, like https://slack.com/api/).</summary>
    public Uri ApiBaseUrl { get; private set; } = null!;

    /// <summary>http://127.0.0.1:PORT/response/ — response_urls are this plus an id (see <see cref="NewResponseUrl"/>).</summary>
    public Uri ResponseUrlBase { get; private set; } = null!;

    public string BotToken => _options.BotToken;

    public string AppToken => _options.AppToken;

    public FakeSlackOptions Options => _options;

    public static Task<FakeSlack> StartAsync(FakeSlackOptions? options = null) => StartAsync(new FakeSlack(options ?? new FakeSlackOptions()));

    private protected override void OnStarted()
    {
        ApiBaseUrl = new Uri($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/api/");
        ResponseUrlBase = new Uri($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/response/");
        StartBackground(MonitorAcksAsync(ShutdownToken));
    }

    private protected override async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (path.TrimEnd('/') == "/socket")
        {
            await RunSocketAsync(context).ConfigureAwait(false);
        }
        else if (path.StartsWith("/upload/", StringComparison.Ordinal))
        {
            await HandleUploadAsync(context, path["/upload/".Length..].TrimEnd('/')).ConfigureAwait(false);
        }
        else if (path.StartsWith("/response/", StringComparison.Ordinal))
        {
            await HandleResponseUrlAsync(context, path["/response/".Length..].TrimEnd('/')).ConfigureAwait(false);
        }
        else
        {
            // Everything else is recorded as a Web API call (unknown paths answer unknown_method), so a wrong base address shows up in Requests.
            await HandleApiAsync(context, path).ConfigureAwait(false);
        }
    }

    /// <summary>A one-line state summary used in timeout messages.</summary>
    public override string Describe()
    {
        lock (SyncRoot)
        {
            var live = _connections.Where(c => c.IsLive).Select(c => c.Number);
            var lastFrames = _receivedFrames.TakeLast(5).Select(f => $"#{f.Connection} {Shorten(f.Raw)}");
            var lastRequests = _requests.TakeLast(5).Select(r => $"{r.HttpMethod} {r.Method} → {r.Status} {Shorten(r.ResponseBody)}");
            return $"Connections: {_connections.Count} (live: {string.Join(",", live)}); envelopes sent {_sentEnvelopes.Count}, acks {_acks.Count}, unacked {_unacked.Count}; "
                + $"last client frames: [{string.Join("; ", lastFrames)}]; last requests: [{string.Join("; ", lastRequests)}]; response_url posts {_responsePosts.Count}.";
        }
    }

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..120] + "…";

    private protected override IReadOnlyList<LoopbackWebSocketConnection> AllConnections() => [.. _connections];
}
