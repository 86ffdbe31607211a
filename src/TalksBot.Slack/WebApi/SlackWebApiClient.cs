using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TalksBot.Core.Health;
using TalksBot.Platform.Http;
using TalksBot.Platform.WebSockets;
using TalksBot.Slack.Protocol;

namespace TalksBot.Slack.WebApi;

/// <summary>
/// Slack's Web API, one per process: Bearer auth, JSON bodies for methods that take them and GET with a query for those
/// that do not, typed answers read within a bound, <c>{"ok":false}</c> as <see cref="SlackApiException"/>, 429 waited out
/// per <c>Retry-After</c> for every caller of that method (<see cref="SlackRateLimits"/>). Transport failures are retried
/// by the named client's resilience pipeline, for requests that are safe to repeat only: reads, and the calls marked so
/// here. Nothing that posts a message is ever sent twice.
/// </summary>
internal sealed class SlackWebApiClient(IHttpClientFactory clients, IOptions<SlackOptions> options, SlackRateLimits limits, TimeProvider time, ILogger<SlackWebApiClient> logger)
{
    /// <summary>The named HttpClient (AddPlatformHttpClient): no request logging, as response_url and upload URLs are credentials.</summary>
    public const string HttpClientName = "slack";

    private const int MaxAttempts = 4;

    /// <summary>No Web API answer TalksBot reads comes near this (a user group of 10,000 members is about 120 KB).</summary>
    private const int MaxAnswerBytes = 4 * 1024 * 1024;

    private static readonly TimeSpan GroupCacheLifetime = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, (DateTimeOffset At, IReadOnlySet<string> Users)> _groups = new(StringComparer.Ordinal);
    private readonly Uri _baseUrl = WithSlash(options.Value.ApiBaseUrl);

    /// <summary>A fresh Socket Mode WebSocket URL (single use), opened with the app-level token; safe to ask again.</summary>
    public async Task<Uri> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        const string Method = "apps.connections.open";
        var answer = await CallAsync(Method, HttpMethod.Post, null, EmptyBody, AppToken, repeatable: true, SlackJson.Default.ConnectionsOpenAnswer, cancellationToken).ConfigureAwait(false);
        return Uri.TryCreate(answer.Url, UriKind.Absolute, out var url) && url.Scheme is "wss" or "ws"
            ? url
            : throw new SlackApiException(Method, "no_socket_url");
    }

    public Task PostMessageAsync(BlockKitMessage message, CancellationToken cancellationToken) =>
        CallAsync("chat.postMessage", HttpMethod.Post, null, Json(message, SlackJson.Default.BlockKitMessage), BotToken, repeatable: false, SlackJson.Default.SlackAnswer, cancellationToken);

    public Task PostEphemeralAsync(BlockKitMessage message, CancellationToken cancellationToken) =>
        CallAsync("chat.postEphemeral", HttpMethod.Post, null, Json(message, SlackJson.Default.BlockKitMessage), BotToken, repeatable: false, SlackJson.Default.SlackAnswer, cancellationToken);

    /// <summary>Opens a modal; the trigger_id works once, within 3 s of the command or press.</summary>
    public Task OpenViewAsync(string triggerId, ModalView view, CancellationToken cancellationToken) =>
        CallAsync("views.open", HttpMethod.Post, null, Json(new OpenViewRequest(triggerId, view), SlackJson.Default.OpenViewRequest), BotToken, repeatable: false, SlackJson.Default.SlackAnswer, cancellationToken);

    public async Task<SlackUserInfo> UserInfoAsync(string userId, CancellationToken cancellationToken)
    {
        var answer = await CallAsync("users.info", HttpMethod.Get, "?user=" + Uri.EscapeDataString(userId), null, BotToken, repeatable: true, SlackJson.Default.UserInfoAnswer, cancellationToken).ConfigureAwait(false);
        return answer.User ?? throw new SlackApiException("users.info", "no_user");
    }

    /// <summary>The members of a user group, cached for five minutes (one cache for the whole process).</summary>
    public async Task<IReadOnlySet<string>> UserGroupMembersAsync(string groupId, CancellationToken cancellationToken)
    {
        if (_groups.TryGetValue(groupId, out var cached) && time.GetUtcNow() - cached.At < GroupCacheLifetime)
        {
            return cached.Users;
        }

        var answer = await CallAsync("usergroups.users.list", HttpMethod.Get, "?usergroup=" + Uri.EscapeDataString(groupId), null, BotToken, repeatable: true, SlackJson.Default.UserGroupUsersAnswer, cancellationToken).ConfigureAwait(false);
        var users = (answer.Users ?? []).ToHashSet(StringComparer.Ordinal);
        _groups[groupId] = (time.GetUtcNow(), users);
        return users;
    }

    /// <summary>Answers through a slash command's or a button's response_url (no token: the URL is the credential).</summary>
    public async Task PostToResponseUrlAsync(Uri responseUrl, BlockKitMessage message, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, responseUrl) { Content = Json(message, SlackJson.Default.BlockKitMessage)() };
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
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
        const string Method = "files.getUploadURLExternal";

        // getUploadURLExternal takes form fields only; asking twice only makes a second, unused ticket.
        var fields = new Dictionary<string, string>
        {
            ["filename"] = fileName,
            ["length"] = content.Length.ToString(CultureInfo.InvariantCulture),
        };
        var ticket = await CallAsync(Method, HttpMethod.Post, null, () => new FormUrlEncodedContent(fields), BotToken, repeatable: true, SlackJson.Default.UploadUrlAnswer, cancellationToken).ConfigureAwait(false);
        if (ticket.FileId is not { Length: > 0 } fileId || !Uri.TryCreate(ticket.UploadUrl, UriKind.Absolute, out var uploadUrl) || uploadUrl.Scheme is not ("https" or "http"))
        {
            throw new SlackApiException(Method, "no_upload_url");
        }

        // The upload URL is the credential, like a response_url: no token goes there.
        using (var request = new HttpRequestMessage(HttpMethod.Post, uploadUrl) { Content = new ReadOnlyMemoryContent(content) })
        {
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new SlackApiException("file upload", $"HTTP {(int)response.StatusCode}");
            }
        }

        var complete = new CompleteUploadRequest([new UploadedFile(fileId, fileName)], channelId, string.IsNullOrWhiteSpace(initialComment) ? null : initialComment);
        await CallAsync("files.completeUploadExternal", HttpMethod.Post, null, Json(complete, SlackJson.Default.CompleteUploadRequest), BotToken, repeatable: false, SlackJson.Default.SlackAnswer, cancellationToken).ConfigureAwait(false);
    }

    private HttpClient Http => clients.CreateClient(HttpClientName);

    private string BotToken => options.Value.BotToken ?? throw new InvalidOperationException("Slack:BotToken is not set.");

    private string AppToken => options.Value.AppToken ?? throw new InvalidOperationException("Slack:AppToken is not set.");

    private static HttpContent EmptyBody() => new ByteArrayContent([]);

    private static Func<HttpContent> Json<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var bytes = PayloadJson.Serialize(value, typeInfo);
        return () =>
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            return content;
        };
    }

    private static Uri WithSlash(Uri baseUrl) => baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");

    /// <summary>One Web API call; <paramref name="content"/> makes the body afresh for each attempt, as a sent body cannot be sent again.</summary>
    private async Task<T> CallAsync<T>(
        string method, HttpMethod verb, string? query, Func<HttpContent>? content, string token, bool repeatable, JsonTypeInfo<T> answerType, CancellationToken cancellationToken)
        where T : ISlackAnswer
    {
        for (var attempt = 1; ; attempt++)
        {
            var held = await limits.WaitAsync(method, cancellationToken).ConfigureAwait(false);
            if (held > TimeSpan.Zero)
            {
                TalksBotMetrics.RateLimitWait("slack", "429", held);
            }

            using var request = new HttpRequestMessage(verb, new Uri(_baseUrl, method + query));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Content = content?.Invoke();
            if (repeatable)
            {
                request.MarkRepeatable();
            }

            using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < MaxAttempts)
            {
                var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                Log.RateLimited(logger, method, wait.TotalMilliseconds);
                limits.Hold(method, wait);
                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new SlackApiException(method, response.StatusCode == HttpStatusCode.TooManyRequests ? "ratelimited" : $"HTTP {(int)response.StatusCode}");
            }

            var body = await response.Content.ReadBoundedAsync(MaxAnswerBytes, cancellationToken).ConfigureAwait(false);
            T answer;
            try
            {
                answer = PayloadJson.Deserialize(body.Span, answerType);
            }
            catch (MalformedMessageException malformed)
            {
                throw new SlackApiException(method, "invalid_response", malformed);
            }

            return answer.Ok ? answer : throw new SlackApiException(method, answer.Error ?? "unknown_error");
        }
    }
}
