using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TalksBot.Core.Health;

namespace TalksBot.Slack.WebApi;

/// <summary>
/// Slack's Web API: Bearer auth, JSON bodies for methods that take them and GET with a query for those that do not,
/// <c>{"ok":false}</c> as typed errors, 429 waited out per <c>Retry-After</c>.
/// </summary>
internal sealed class SlackWebApiClient
{
    private const int MaxAttempts = 4;
    private static readonly TimeSpan GroupCacheLifetime = TimeSpan.FromMinutes(5);

    private readonly HttpClient _http;
    private readonly SlackOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SlackWebApiClient> _logger;
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, IReadOnlySet<string> Users)> _groups = new(StringComparer.Ordinal);

    public SlackWebApiClient(HttpClient http, IOptions<SlackOptions> options, TimeProvider time, ILogger<SlackWebApiClient> logger)
    {
        _http = http;
        _options = options.Value;
        _time = time;
        _logger = logger;
        var baseUrl = _options.ApiBaseUrl.ToString();
        _http.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
    }

    /// <summary>A fresh Socket Mode WebSocket URL (single use), opened with the app-level token.</summary>
    public async Task<Uri> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var answer = await SendAsync("apps.connections.open", HttpMethod.Post, new JsonObject(), _options.AppToken!, cancellationToken).ConfigureAwait(false);
        return new Uri(answer["url"]!.GetValue<string>());
    }

    public Task<JsonObject> PostMessageAsync(JsonObject message, CancellationToken cancellationToken) =>
        SendAsync("chat.postMessage", HttpMethod.Post, message, _options.BotToken!, cancellationToken);

    public Task<JsonObject> PostEphemeralAsync(JsonObject message, CancellationToken cancellationToken) =>
        SendAsync("chat.postEphemeral", HttpMethod.Post, message, _options.BotToken!, cancellationToken);

    public Task<JsonObject> UpdateAsync(JsonObject message, CancellationToken cancellationToken) =>
        SendAsync("chat.update", HttpMethod.Post, message, _options.BotToken!, cancellationToken);

    public Task<JsonObject> OpenViewAsync(string triggerId, JsonObject view, CancellationToken cancellationToken) =>
        SendAsync("views.open", HttpMethod.Post, new JsonObject { ["trigger_id"] = triggerId, ["view"] = view }, _options.BotToken!, cancellationToken);

    public async Task<JsonObject> UserInfoAsync(string userId, CancellationToken cancellationToken) =>
        (JsonObject)(await SendAsync($"users.info?user={Uri.EscapeDataString(userId)}", HttpMethod.Get, null, _options.BotToken!, cancellationToken).ConfigureAwait(false))["user"]!;

    /// <summary>The members of a user group, cached for five minutes.</summary>
    public async Task<IReadOnlySet<string>> UserGroupMembersAsync(string groupId, CancellationToken cancellationToken)
    {
        if (_groups.TryGetValue(groupId, out var cached) && _time.GetUtcNow() - cached.At < GroupCacheLifetime)
        {
            return cached.Users;
        }

        var answer = await SendAsync($"usergroups.users.list?usergroup={Uri.EscapeDataString(groupId)}", HttpMethod.Get, null, _options.BotToken!, cancellationToken).ConfigureAwait(false);
        var users = (answer["users"] as JsonArray ?? []).Select(u => u!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        _groups[groupId] = (_time.GetUtcNow(), users);
        return users;
    }

    /// <summary>Answers through a slash command's or a button's response_url (no token: the URL is the credential).</summary>
    public async Task PostToResponseUrlAsync(Uri responseUrl, JsonObject message, CancellationToken cancellationToken)
    {
        using var content = new StringContent(message.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(responseUrl, content, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new SlackApiException("response_url", $"HTTP {(int)response.StatusCode}");
        }
    }

    /// <summary>
    /// Shares a file in a channel with Slack's upload flow: files.getUploadURLExternal, the bytes POSTed to the upload URL,
    /// files.completeUploadExternal with the channel and an introducing message (scope files:write).
    /// </summary>
    public async Task UploadFileAsync(string channelId, string fileName, ReadOnlyMemory<byte> content, string? initialComment, CancellationToken cancellationToken)
    {
        // getUploadURLExternal takes form fields only.
        var fields = new Dictionary<string, string>
        {
            ["filename"] = fileName,
            ["length"] = content.Length.ToString(CultureInfo.InvariantCulture),
        };
        var ticket = await CallAsync("files.getUploadURLExternal", HttpMethod.Post, () => new FormUrlEncodedContent(fields), _options.BotToken!, cancellationToken).ConfigureAwait(false);
        var fileId = ticket["file_id"]?.GetValue<string>();
        if (fileId is null || !Uri.TryCreate(ticket["upload_url"]?.GetValue<string>(), UriKind.Absolute, out var uploadUrl) || uploadUrl.Scheme is not ("https" or "http"))
        {
            throw new SlackApiException("files.getUploadURLExternal", "no_upload_url");
        }

        // The upload URL is the credential, like a response_url: no token goes there.
        using (var bytes = new ReadOnlyMemoryContent(content))
        {
            bytes.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            using var response = await _http.PostAsync(uploadUrl, bytes, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new SlackApiException("file upload", $"HTTP {(int)response.StatusCode}");
            }
        }

        var complete = new JsonObject
        {
            ["files"] = new JsonArray(new JsonObject { ["id"] = fileId, ["title"] = fileName }),
            ["channel_id"] = channelId,
        };
        if (!string.IsNullOrWhiteSpace(initialComment))
        {
            complete["initial_comment"] = initialComment;
        }

        await SendAsync("files.completeUploadExternal", HttpMethod.Post, complete, _options.BotToken!, cancellationToken).ConfigureAwait(false);
    }

    private Task<JsonObject> SendAsync(string method, HttpMethod verb, JsonObject? body, string token, CancellationToken cancellationToken) =>
        CallAsync(method, verb, body is null ? null : () => new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), token, cancellationToken);

    /// <summary>One Web API call; <paramref name="content"/> makes the body afresh for each attempt, as a sent body cannot be sent again.</summary>
    private async Task<JsonObject> CallAsync(string method, HttpMethod verb, Func<HttpContent>? content, string token, CancellationToken cancellationToken)
    {
        var name = method.Split('?')[0];
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(verb, method);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Content = content?.Invoke();

            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < MaxAttempts)
            {
                var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                Log.RateLimited(_logger, name, wait.TotalMilliseconds);
                TalksBotMetrics.RateLimitWait("slack", "429", wait);
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            JsonObject? answer;
            try
            {
                answer = JsonNode.Parse(text) as JsonObject;
            }
            catch (JsonException)
            {
                answer = null;
            }

            if (answer is null || !response.IsSuccessStatusCode)
            {
                throw new SlackApiException(name, $"HTTP {(int)response.StatusCode}");
            }

            if (answer["ok"]?.GetValue<bool>() != true)
            {
                throw new SlackApiException(name, answer["error"]?.GetValue<string>() ?? "unknown_error");
            }

            return answer;
        }
    }
}
