using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using NSec.Cryptography;

namespace TalksBot.LoadTest;

/// <summary>How the bot is reached: its environment, when it is ready, and how one interaction is sent.</summary>
internal interface IScenario : IDisposable
{
    string Name { get; }

    /// <summary>Environment variables that point the bot at the loopback platform.</summary>
    IReadOnlyDictionary<string, string> Environment(LoopbackPlatform platform);

    Task WaitReadyAsync(BotProcess bot, LoopbackPlatform platform, CancellationToken cancellationToken);

    /// <summary>Sends interaction <paramref name="seq"/>; must return at once (the scheduler's thread calls it).</summary>
    void Fire(int seq, long intendedTimestamp);

    /// <summary>The bot's Prometheus endpoint when the scenario serves HTTP, for counters read after the run.</summary>
    Uri? MetricsUri => null;
}

/// <summary>Discord HTTP interactions: signed POSTs to /discord/interactions; the answer is the response (type 4) or the edit of @original after a deferral (type 5).</summary>
internal sealed class HttpInteractionsScenario(Workload workload, LoadRecorder recorder) : IScenario
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);
    private readonly Key _key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.None });
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        // Discord spreads its POSTs over many connections; a cap keeps an overloaded bot from drowning in sockets.
        MaxConnectionsPerServer = 512,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
    })
    {
        Timeout = TimeSpan.FromSeconds(10),
    };

    private readonly int _port = FreePort();

    public string Name => "http";

    public Uri MetricsUri => new($"http://127.0.0.1:{_port.ToString(CultureInfo.InvariantCulture)}/metrics");

    private Uri Endpoint => new($"http://127.0.0.1:{_port.ToString(CultureInfo.InvariantCulture)}/discord/interactions");

    public IReadOnlyDictionary<string, string> Environment(LoopbackPlatform platform) => new Dictionary<string, string>
    {
        ["Discord__Token"] = "load.test.token",
        ["Discord__ApplicationId"] = LoopbackPlatform.ApplicationId,
        ["Discord__InteractionsMode"] = "Http",
        ["Discord__PublicKey"] = Convert.ToHexStringLower(_key.PublicKey.Export(KeyBlobFormat.RawPublicKey)),
        ["Discord__ApiBaseUrl"] = platform.DiscordApiBaseUrl.ToString(),
        ["Http__Urls"] = $"http://127.0.0.1:{_port.ToString(CultureInfo.InvariantCulture)}",
    };

    /// <summary>Ready when a signed PING gets PONG.</summary>
    public async Task WaitReadyAsync(BotProcess bot, LoopbackPlatform platform, CancellationToken cancellationToken)
    {
        await bot.WaitReadyAsync(PingUntilPongAsync(cancellationToken), ReadyTimeout, cancellationToken).ConfigureAwait(false);
    }

    public void Fire(int seq, long intendedTimestamp) =>
        ThreadPool.UnsafeQueueUserWorkItem(static state => _ = state.Scenario.SendAsync(state.Seq, state.Intended), (Scenario: this, Seq: seq, Intended: intendedTimestamp), preferLocal: false);

    public void Dispose()
    {
        _http.Dispose();
        _key.Dispose();
    }

    private async Task SendAsync(int seq, long intended)
    {
        var body = InteractionPayloads.DiscordCommand(seq, workload.Item(seq));
        using var request = Signed(body);
        recorder.Sent(seq, intended);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
            var answer = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is < 200 or > 299)
            {
                recorder.Answered(seq, error: true, status, answer);
            }
            else if (LoopbackPlatform.IsDeferral(answer))
            {
                recorder.Deferred(seq);
            }
            else
            {
                recorder.Answered(seq, LoopbackPlatform.IsErrorAnswer(answer), status, answer);
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or IOException)
        {
            recorder.Failed(seq, exception.GetType().Name + ": " + exception.Message);
        }
    }

    private HttpRequestMessage Signed(byte[] body)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signed = new byte[timestamp.Length + body.Length];
        Encoding.ASCII.GetBytes(timestamp, signed);
        body.CopyTo(signed, timestamp.Length);
        var signature = SignatureAlgorithm.Ed25519.Sign(_key, signed);
        var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Signature-Ed25519", Convert.ToHexStringLower(signature));
        request.Headers.Add("X-Signature-Timestamp", timestamp);
        request.Headers.UserAgent.ParseAdd("Discord-Interactions/1.0 (+https://discord.com)");
        return request;
    }

    private async Task PingUntilPongAsync(CancellationToken cancellationToken)
    {
        var ping = Encoding.UTF8.GetBytes($$"""{"id":"{{LoopbackPlatform.InteractionId(0)}}","application_id":"{{LoopbackPlatform.ApplicationId}}","type":1,"token":"ping","version":1}""");
        while (true)
        {
            try
            {
                using var request = Signed(ping);
                using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Contains("\"type\":1", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// Discord gateway: INTERACTION_CREATE dispatched over the bot's WebSocket, the answer its callback POST; or, with
/// <paramref name="mentions"/>, MESSAGE_CREATE of a member's message that mentions the bot, the answer the bot's reply to
/// it (<c>POST /channels/{id}/messages</c> with its <c>message_reference</c>).
/// </summary>
internal sealed class GatewayScenario(Workload workload, bool mentions) : IScenario
{
    private LoopbackPlatform? _platform;

    public string Name => mentions ? "mention-discord" : "gateway";

    public IReadOnlyDictionary<string, string> Environment(LoopbackPlatform platform)
    {
        _platform = platform;
        return new Dictionary<string, string>
        {
            ["Discord__Token"] = "load.test.token",
            ["Discord__ApplicationId"] = LoopbackPlatform.ApplicationId,
            ["Discord__InteractionsMode"] = "Gateway",
            ["Discord__ApiBaseUrl"] = platform.DiscordApiBaseUrl.ToString(),
        };
    }

    public Task WaitReadyAsync(BotProcess bot, LoopbackPlatform platform, CancellationToken cancellationToken) =>
        bot.WaitReadyAsync(platform.GatewayReady, TimeSpan.FromSeconds(120), cancellationToken);

    public void Fire(int seq, long intendedTimestamp)
    {
        if (mentions)
        {
            _platform!.Dispatch(seq, intendedTimestamp, "MESSAGE_CREATE", InteractionPayloads.DiscordMention(seq, workload.Item(seq)));
        }
        else
        {
            _platform!.Dispatch(seq, intendedTimestamp, "INTERACTION_CREATE", Encoding.UTF8.GetString(InteractionPayloads.DiscordCommand(seq, workload.Item(seq))));
        }
    }

    public void Dispose()
    {
    }
}

/// <summary>
/// Slack Socket Mode: slash_commands envelopes over the bot's sockets, the answer the ack's payload, or the response_url
/// POST after an empty ack; or, with <paramref name="mentions"/>, events_api envelopes of <c>app_mention</c>, acked at once,
/// the answer the bot's chat.postMessage in the mention's thread (<c>thread_ts</c> = the mention's ts).
/// </summary>
internal sealed class SlackScenario(Workload workload, bool mentions) : IScenario
{
    private LoopbackPlatform? _platform;

    public string Name => mentions ? "mention-slack" : "slack";

    public IReadOnlyDictionary<string, string> Environment(LoopbackPlatform platform)
    {
        _platform = platform;
        return new Dictionary<string, string>
        {
            ["Slack__BotToken"] = "xoxb-load_test_not_real",
            ["Slack__AppToken"] = "xapp-load_test_not_real",
            ["Slack__ApiBaseUrl"] = platform.SlackApiBaseUrl.ToString(),
        };
    }

    /// <summary>Ready when the first socket has its hello; then waits (up to 8 s) for the second, staggered connection.</summary>
    public async Task WaitReadyAsync(BotProcess bot, LoopbackPlatform platform, CancellationToken cancellationToken)
    {
        await bot.WaitReadyAsync(platform.SlackReady, TimeSpan.FromSeconds(120), cancellationToken).ConfigureAwait(false);
        var waited = Stopwatch.StartNew();
        while (platform.SlackConnections < 2 && waited.Elapsed < TimeSpan.FromSeconds(8))
        {
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Fire(int seq, long intendedTimestamp) =>
        _platform!.Envelope(seq, intendedTimestamp, mentions
            ? InteractionPayloads.SlackMentionEnvelope(seq, workload.Item(seq))
            : InteractionPayloads.SlackEnvelope(seq, workload.Item(seq), _platform.BaseAddress));

    public void Dispose()
    {
    }
}
