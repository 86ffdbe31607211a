using Microsoft.AspNetCore.Http;
using TalksBot.Testing;

namespace TalksBot.Discord.Tests.Fakes;

/// <summary>
/// A loopback Discord: gateway v10 (JSON over WebSocket at <c>/gateway</c>) and the REST subset TalksBot uses under
/// <c>/api/v10</c>. It records everything a client sends and lets a test push events, reconnects, closes and
/// REST faults. Every wait is bounded; disposing stops the server, sockets and loops.
/// </summary>
public sealed partial class FakeDiscord : LoopbackFake<FakeDiscord>
{
    private readonly FakeDiscordOptions _options;

    private FakeDiscord(FakeDiscordOptions options)
    {
        _options = options;
        AckHeartbeats = options.AckHeartbeats;
    }

    public Uri ApiBaseUrl { get; private set; } = null!;

    /// <summary>ws://127.0.0.1:PORT/gateway (no query; clients add ?v=10&amp;encoding=json).</summary>
    public Uri GatewayUrl { get; private set; } = null!;

    /// <summary>The <c>resume_gateway_url</c> sent in READY (ws://127.0.0.1:PORT/gateway-resume by default).</summary>
    public Uri ResumeGatewayUrl { get; private set; } = null!;

    public string Token => _options.Token;

    public string ApplicationId => _options.ApplicationId;

    public FakeDiscordOptions Options => _options;

    /// <summary>Whether client heartbeats get op 11; settable at any time to simulate a zombie connection.</summary>
    public bool AckHeartbeats { get; set; }

    public static Task<FakeDiscord> StartAsync(FakeDiscordOptions? options = null) => StartAsync(new FakeDiscord(options ?? new FakeDiscordOptions()));

    private protected override void OnStarted()
    {
        ApiBaseUrl = new Uri($"http://127.0.0.1:{Port}/api/v10");
        GatewayUrl = new Uri($"ws://127.0.0.1:{Port}/gateway");
        ResumeGatewayUrl = new Uri($"ws://127.0.0.1:{Port}{_options.ResumeGatewayPath}");
    }

    private protected override async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (IsGatewayPath(path))
        {
            await RunGatewayConnectionAsync(context).ConfigureAwait(false);
        }
        else
        {
            // Paths outside /api/v10 are recorded too (404), so a wrong base address shows up in Requests.
            await HandleRestAsync(context).ConfigureAwait(false);
        }
    }

    private bool IsGatewayPath(string path)
    {
        var trimmed = path.TrimEnd('/');
        return trimmed == "/gateway" || trimmed == _options.ResumeGatewayPath.TrimEnd('/');
    }

    /// <summary>A one-line state summary used in timeout messages.</summary>
    public override string Describe()
    {
        lock (SyncRoot)
        {
            var live = _connections.Where(c => c.IsLive).Select(c => c.Number);
            var lastFrames = _receivedFrames.TakeLast(5).Select(f => $"#{f.Connection} op {f.Op}");
            var lastRequests = _requests.TakeLast(5).Select(r => $"{r.Method} {r.RelativePath} → {r.Status}");
            return $"Connections: {_connections.Count} (live: {string.Join(",", live)}); identifies {IdentifyCount}, resumes {ResumeCount}, heartbeats {HeartbeatCount}; "
                + $"last client frames: [{string.Join("; ", lastFrames)}]; last requests: [{string.Join("; ", lastRequests)}].";
        }
    }

    private protected override IReadOnlyList<LoopbackWebSocketConnection> AllConnections() => [.. _connections];
}
