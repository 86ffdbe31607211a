using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TalksBot.Core.Cards;
using TalksBot.Core.Health;
using TalksBot.Discord.Api;
using TalksBot.Platform.Http;

namespace TalksBot.Discord.Rest;

/// <summary>
/// Discord's REST API for the whole process (a singleton over the named client <see cref="HttpClientName"/>):
/// <c>Bot</c> auth, the <c>DiscordBot (url, version)</c> user agent, Discord's own rate-limit protocol (buckets and the
/// global limit in <see cref="DiscordRateLimits"/>, 429s waited out and retried), typed requests and answers, bounded
/// response reads. Transport failures and 5xx are the named client's business (retried only when idempotent).
/// </summary>
internal sealed class DiscordRestClient(
    IHttpClientFactory httpClients,
    DiscordRateLimits limits,
    IOptions<DiscordOptions> options,
    TimeProvider time,
    ILogger<DiscordRestClient> logger)
{
    public const string HttpClientName = "discord";
    public const string UserAgent = "DiscordBot (https://github.com/talksbot/talksbot, 1.0)";

    /// <summary>The most of an answer kept: the command list is the largest TalksBot reads (tens of KB).</summary>
    public const int MaxResponseBytes = 1024 * 1024;

    private const int MaxAttempts = 4;

    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(60);

    private readonly Uri _baseUrl = new(options.Value.ApiBaseUrl.ToString().TrimEnd('/') + "/");
    private readonly DiscordOptions _options = options.Value;

    public async Task<GatewayBot> GetGatewayBotAsync(CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Get, "gateway/bot", "GET /gateway/bot", "", null, DiscordJson.Default.GatewayBot, cancellationToken).ConfigureAwait(false)
            ?? throw new DiscordApiException("GET /gateway/bot", 200, null, "no answer");

    /// <summary>Answers an interaction (callback types 1, 4, 5, 8, 9).</summary>
    public Task CreateInteractionResponseAsync(string interactionId, string interactionToken, InteractionResponse response, CancellationToken cancellationToken) =>
        SendAsync(
            HttpMethod.Post,
            $"interactions/{Segment(interactionId)}/{Segment(interactionToken)}/callback",
            "POST /interactions/callback",
            interactionId,
            () => Json(response, DiscordJson.Default.InteractionResponse),
            cancellationToken);

    /// <summary>Replaces the original response of a deferred interaction, attaching <paramref name="files"/> (multipart when there are any).</summary>
    public Task EditOriginalResponseAsync(string interactionToken, DiscordMessage message, IReadOnlyList<ReplyFile> files, CancellationToken cancellationToken) =>
        SendAsync(
            HttpMethod.Patch,
            $"webhooks/{_options.ApplicationId}/{Segment(interactionToken)}/messages/@original",
            "PATCH /webhooks/messages/@original",
            interactionToken,
            () => Body(message, files),
            cancellationToken);

    /// <summary>Posts a message in a channel (<c>POST /channels/{id}/messages</c>), with files when there are any.</summary>
    /// <summary>Posts a message in a channel (<c>POST /channels/{id}/messages</c>); returns its id (null when Discord's answer has none).</summary>
    public async Task<string?> CreateMessageAsync(string channelId, DiscordMessage message, IReadOnlyList<ReplyFile> files, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Post, $"channels/{Segment(channelId)}/messages", "POST /channels/messages", channelId, () => Body(message, files), DiscordJson.Default.PostedMessage, cancellationToken, answerOptional: true).ConfigureAwait(false))?.Id;

    /// <summary>Shows "TalksBot is typing…" in a channel for about ten seconds, or until TalksBot posts there (<c>POST /channels/{id}/typing</c>).</summary>
    public Task TriggerTypingAsync(string channelId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"channels/{Segment(channelId)}/typing", "POST /channels/typing", channelId, static () => new ByteArrayContent([]), cancellationToken);

    public async Task<IReadOnlyList<ApplicationCommand>> GetCommandsAsync(string? guildId, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Get, CommandsPath(guildId), "GET /applications/commands", guildId ?? "", null, DiscordJson.Default.IReadOnlyListApplicationCommand, cancellationToken).ConfigureAwait(false)
            ?? [];

    public Task PutCommandsAsync(string? guildId, IReadOnlyList<ApplicationCommand> commands, CancellationToken cancellationToken) =>
        SendAsync(
            HttpMethod.Put,
            CommandsPath(guildId),
            "PUT /applications/commands",
            guildId ?? "",
            () => Json(commands, DiscordJson.Default.IReadOnlyListApplicationCommand),
            cancellationToken);

    /// <summary>
    /// The interaction callback and the edit of @original (an interaction token's webhook) are "not bound to the bot's
    /// Global Rate Limit" (Discord, Rate Limits): under load, deferred answers must not queue behind 50 requests a second.
    /// </summary>
    private static bool IsInteractionEndpoint(string route) =>
        route.StartsWith("POST /interactions", StringComparison.Ordinal) || route.StartsWith("PATCH /webhooks/", StringComparison.Ordinal);

    private static string Segment(string value) => Uri.EscapeDataString(value);

    private static ByteArrayContent Json<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    /// <summary>
    /// JSON, or with files a multipart body: <c>payload_json</c> (whose attachments name each file, as the renderer
    /// wrote them) and one <c>files[n]</c> part per file.
    /// </summary>
    private static HttpContent Body(DiscordMessage message, IReadOnlyList<ReplyFile> files)
    {
        if (files.Count == 0)
        {
            return Json(message, DiscordJson.Default.DiscordMessage);
        }

        var names = message.Attachments is { } attachments && attachments.Count == files.Count
            ? attachments
            : [.. files.Select((file, i) => new AttachmentReference(i, Rendering.EmbedRenderer.FileName(file.Name)))];
        var form = new MultipartFormDataContent { { Json(message with { Attachments = names }, DiscordJson.Default.DiscordMessage), "payload_json" } };
        for (var i = 0; i < files.Count; i++)
        {
            var part = new ReadOnlyMemoryContent(files[i].Content);
            part.Headers.ContentType = MediaTypeHeaderValue.TryParse(files[i].ContentType, out var type) ? type : new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, $"files[{i.ToString(CultureInfo.InvariantCulture)}]", names[i].FileName);
        }

        return form;
    }

    private string CommandsPath(string? guildId) =>
        guildId is null ? $"applications/{_options.ApplicationId}/commands" : $"applications/{_options.ApplicationId}/guilds/{Segment(guildId)}/commands";

    /// <summary>Sends a request whose answer TalksBot does not read (Discord echoes what it stored).</summary>
    private async Task SendAsync(HttpMethod method, string path, string route, string majorParameter, Func<HttpContent> content, CancellationToken cancellationToken) =>
        await SendAsync<DiscordError>(method, path, route, majorParameter, content, answer: null, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Sends a request and reads its answer as <typeparamref name="TAnswer"/> (null when empty or when <paramref name="answer"/>
    /// is null: not wanted). <paramref name="content"/>
    /// makes the body afresh for each attempt (a sent body cannot be sent again), null for none. A 429 means Discord did
    /// not act on the request, so even a POST is sent again after Retry-After; any other failure is a
    /// <see cref="DiscordApiException"/> (or the named client's <see cref="HttpRequestException"/>).
    /// </summary>
    private async Task<TAnswer?> SendAsync<TAnswer>(
        HttpMethod method, string path, string route, string majorParameter, Func<HttpContent>? content, JsonTypeInfo<TAnswer>? answer, CancellationToken cancellationToken, bool answerOptional = false)
        where TAnswer : class
    {
        var http = httpClients.CreateClient(HttpClientName);
        for (var attempt = 1; ; attempt++)
        {
            for (var wait = limits.DelayBefore(route, majorParameter); wait > TimeSpan.Zero; wait = limits.DelayBefore(route, majorParameter))
            {
                Log.WaitingForRateLimit(logger, route, wait.TotalMilliseconds);
                TalksBotMetrics.RateLimitWait("discord", "bucket", wait);
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }

            using var lease = await limits.AcquireGlobalAsync(IsInteractionEndpoint(route), cancellationToken).ConfigureAwait(false);
            using var request = new HttpRequestMessage(method, new Uri(_baseUrl, path));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bot", _options.Token);
            request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
            request.Content = content?.Invoke();

            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            limits.Update(route, majorParameter, response);
            if (response.IsSuccessStatusCode && answer is null)
            {
                return null;
            }

            var body = await response.Content.ReadBoundedAsync(MaxResponseBytes, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                // An optional answer that cannot be read leaves a request that did its work a success.
                return body.IsEmpty ? null : answerOptional ? TryRead(body, answer!) : Read(body, answer!, route, (int)response.StatusCode);
            }

            var error = body.IsEmpty ? null : TryRead(body, DiscordJson.Default.DiscordError);
            if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < MaxAttempts)
            {
                var retryAfter = RetryAfter(response, error);
                if (error?.Global == true)
                {
                    limits.PauseGlobally(retryAfter);
                }

                Log.RateLimited(logger, route, retryAfter.TotalMilliseconds, attempt);
                TalksBotMetrics.RateLimitWait("discord", "429", retryAfter);
                await Task.Delay(retryAfter, time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            throw new DiscordApiException(route, (int)response.StatusCode, error?.Code, error?.Message ?? response.ReasonPhrase ?? "no message");
        }
    }

    private static T Read<T>(ReadOnlyMemory<byte> body, JsonTypeInfo<T> typeInfo, string route, int status)
    {
        try
        {
            return JsonSerializer.Deserialize(body.Span, typeInfo) ?? throw new DiscordApiException(route, status, null, "the answer is null");
        }
        catch (JsonException exception)
        {
            throw new DiscordApiException(route, status, null, $"the answer is not what Discord documents: {exception.Message}");
        }
    }

    private static T? TryRead<T>(ReadOnlyMemory<byte> body, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(body.Span, typeInfo);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static TimeSpan RetryAfter(HttpResponseMessage response, DiscordError? error)
    {
        if (error?.RetryAfter is { } seconds && double.IsFinite(seconds))
        {
            return TimeSpan.FromSeconds(Math.Clamp(seconds, 0, MaxRetryAfter.TotalSeconds));
        }

        if (response.Headers.TryGetValues("Retry-After", out var values) &&
            double.TryParse(values.First(), NumberStyles.Float, CultureInfo.InvariantCulture, out var headerSeconds) && double.IsFinite(headerSeconds))
        {
            return TimeSpan.FromSeconds(Math.Clamp(headerSeconds, 0, MaxRetryAfter.TotalSeconds));
        }

        return TimeSpan.FromSeconds(1);
    }
}
