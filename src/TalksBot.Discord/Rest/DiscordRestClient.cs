using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TalksBot.Core.Cards;
using TalksBot.Core.Health;

namespace TalksBot.Discord.Rest;

/// <summary>What <c>GET /gateway/bot</c> says: where to connect, how many shards, how many may identify at once.</summary>
internal sealed record GatewayBotInfo(Uri Url, int Shards, int MaxConcurrency);

/// <summary>
/// Discord's REST API: <c>Bot</c> auth, the <c>DiscordBot (url, version)</c> user agent, per-bucket and global rate limits
/// learnt from headers, 429s waited out and retried, other failures retried only for idempotent methods, typed errors.
/// </summary>
internal sealed class DiscordRestClient : IDisposable
{
    public const string UserAgent = "DiscordBot (https://github.com/talksbot/talksbot, 1.0)";
    private const int MaxAttempts = 4;

    private readonly HttpClient _http;
    private readonly DiscordOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DiscordRestClient> _logger;
    private readonly RateLimitBuckets _buckets;

    // Discord allows 50 requests a second per bot; interaction callbacks and edits of @original do not count.
    private readonly TokenBucketRateLimiter _global = new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = 50,
        TokensPerPeriod = 50,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 10_000,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = true,
    });

    public DiscordRestClient(HttpClient http, IOptions<DiscordOptions> options, TimeProvider time, ILogger<DiscordRestClient> logger)
    {
        _http = http;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _buckets = new RateLimitBuckets(time);
        var baseUrl = _options.ApiBaseUrl.ToString();
        _http.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
    }

    public async Task<GatewayBotInfo> GetGatewayBotAsync(CancellationToken cancellationToken)
    {
        var body = await SendAsync(HttpMethod.Get, "gateway/bot", "GET /gateway/bot", "", null, cancellationToken).ConfigureAwait(false);
        var url = body?["url"]?.GetValue<string>() ?? throw new DiscordApiException("GET /gateway/bot", 200, null, "no url in the answer");
        return new GatewayBotInfo(
            new Uri(url),
            body["shards"]?.GetValue<int>() ?? 1,
            body["session_start_limit"]?["max_concurrency"]?.GetValue<int>() ?? 1);
    }

    /// <summary>Answers an interaction (callback types 1, 4, 5, 6, 7, 8, 9).</summary>
    public Task CreateInteractionResponseAsync(string interactionId, string interactionToken, JsonObject response, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"interactions/{interactionId}/{interactionToken}/callback", "POST /interactions/callback", interactionId, response, cancellationToken);

    /// <summary>Replaces the original response of a deferred interaction.</summary>
    public Task EditOriginalResponseAsync(string interactionToken, JsonObject message, CancellationToken cancellationToken) =>
        EditOriginalResponseAsync(interactionToken, message, [], cancellationToken);

    /// <summary>Replaces the original response of a deferred interaction, attaching <paramref name="files"/> (multipart when there are any).</summary>
    public Task EditOriginalResponseAsync(string interactionToken, JsonObject message, IReadOnlyList<ReplyFile> files, CancellationToken cancellationToken) =>
        SendContentAsync(HttpMethod.Patch, $"webhooks/{_options.ApplicationId}/{interactionToken}/messages/@original", "PATCH /webhooks/messages/@original", interactionToken, () => Body(message, files), cancellationToken);

    /// <summary>Posts a message in a channel (<c>POST /channels/{id}/messages</c>), with files when there are any.</summary>
    public async Task<JsonObject?> CreateMessageAsync(string channelId, JsonObject message, IReadOnlyList<ReplyFile> files, CancellationToken cancellationToken) =>
        await SendContentAsync(HttpMethod.Post, $"channels/{channelId}/messages", "POST /channels/messages", channelId, () => Body(message, files), cancellationToken).ConfigureAwait(false) as JsonObject;

    public async Task<JsonArray> GetCommandsAsync(string? guildId, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Get, CommandsPath(guildId), "GET /applications/commands", guildId ?? "", null, cancellationToken).ConfigureAwait(false) as JsonArray ?? [];

    public async Task<JsonArray> PutCommandsAsync(string? guildId, JsonArray commands, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Put, CommandsPath(guildId), "PUT /applications/commands", guildId ?? "", commands, cancellationToken).ConfigureAwait(false) as JsonArray ?? [];

    public void Dispose() => _global.Dispose();

    private string CommandsPath(string? guildId) =>
        guildId is null ? $"applications/{_options.ApplicationId}/commands" : $"applications/{_options.ApplicationId}/guilds/{guildId}/commands";

    private Task<JsonNode?> SendAsync(HttpMethod method, string path, string route, string majorParameter, JsonNode? body, CancellationToken cancellationToken) =>
        SendContentAsync(method, path, route, majorParameter, () => body is null ? null : Json(body), cancellationToken);

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    /// <summary>
    /// JSON, or with files Discord's multipart form: the message as <c>payload_json</c> listing each file in
    /// <c>attachments</c> by the index n of its part <c>files[n]</c>.
    /// </summary>
    private static HttpContent Body(JsonObject message, IReadOnlyList<ReplyFile> files)
    {
        if (files.Count == 0)
        {
            return Json(message);
        }

        var payload = (JsonObject)message.DeepClone();
        payload["attachments"] = new JsonArray(files.Select((file, i) => (JsonNode)new JsonObject { ["id"] = i, ["filename"] = file.Name }).ToArray());
        var form = new MultipartFormDataContent { { Json(payload), "payload_json" } };
        for (var i = 0; i < files.Count; i++)
        {
            var part = new ReadOnlyMemoryContent(files[i].Content);
            part.Headers.ContentType = new MediaTypeHeaderValue(files[i].ContentType);
            form.Add(part, $"files[{i.ToString(CultureInfo.InvariantCulture)}]", files[i].Name);
        }

        return form;
    }

    /// <summary>Sends a request; <paramref name="content"/> makes the body afresh for each attempt (a sent body cannot be sent again), null for none.</summary>
    private async Task<JsonNode?> SendContentAsync(HttpMethod method, string path, string route, string majorParameter, Func<HttpContent?> content, CancellationToken cancellationToken)
    {
        var idempotent = method != HttpMethod.Post;
        for (var attempt = 1; ; attempt++)
        {
            var wait = _buckets.DelayBefore(route, majorParameter);
            if (wait > TimeSpan.Zero)
            {
                Log.WaitingForRateLimit(_logger, route, wait.TotalMilliseconds);
                TalksBotMetrics.RateLimitWait("discord", "bucket", wait);
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }

            using var lease = IsInteractionEndpoint(route)
                ? null
                : await _global.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bot", _options.Token);
            request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
            request.Content = content();

            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException exception) when (idempotent && attempt < MaxAttempts)
            {
                Log.RetryingAfterFailure(_logger, route, attempt, exception.Message);
                await Task.Delay(Backoff(attempt), _time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            using (response)
            {
                _buckets.Update(route, majorParameter, response);
                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
                }

                var error = ParseError(text);
                if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < MaxAttempts)
                {
                    // A 429 means Discord did not act on the request, so even a POST may be sent again.
                    var retryAfter = RetryAfter(response, error);
                    if (error?["global"]?.GetValue<bool>() == true)
                    {
                        _buckets.PauseGlobally(retryAfter);
                    }

                    Log.RateLimited(_logger, route, retryAfter.TotalMilliseconds, attempt);
                    TalksBotMetrics.RateLimitWait("discord", "429", retryAfter);
                    await Task.Delay(retryAfter, _time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if ((int)response.StatusCode >= 500 && idempotent && attempt < MaxAttempts)
                {
                    Log.RetryingAfterFailure(_logger, route, attempt, $"status {(int)response.StatusCode}");
                    await Task.Delay(Backoff(attempt), _time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw new DiscordApiException(
                    route,
                    (int)response.StatusCode,
                    error?["code"]?.GetValue<int>(),
                    error?["message"]?.GetValue<string>() ?? response.ReasonPhrase ?? "no message");
            }
        }
    }

    /// <summary>
    /// The interaction callback and the edit of @original (an interaction token's webhook) are "not bound to the bot's
    /// Global Rate Limit" (Discord, Rate Limits): under load, deferred answers must not queue behind 50 requests a second.
    /// </summary>
    private static bool IsInteractionEndpoint(string route) =>
        route.StartsWith("POST /interactions", StringComparison.Ordinal) || route.StartsWith("PATCH /webhooks/", StringComparison.Ordinal);

    private static JsonNode? ParseError(string text)
    {
        try
        {
            return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static TimeSpan RetryAfter(HttpResponseMessage response, JsonNode? error)
    {
        if (error?["retry_after"] is JsonValue value && value.TryGetValue<double>(out var seconds))
        {
            return TimeSpan.FromSeconds(Math.Clamp(seconds, 0, 60));
        }

        if (response.Headers.TryGetValues("Retry-After", out var values) &&
            double.TryParse(values.First(), NumberStyles.Float, CultureInfo.InvariantCulture, out var headerSeconds))
        {
            return TimeSpan.FromSeconds(Math.Clamp(headerSeconds, 0, 60));
        }

        return TimeSpan.FromSeconds(1);
    }

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(250 * Math.Pow(2, attempt - 1));
}
