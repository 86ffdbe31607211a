using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace TalksBot.Discord.Tests.Fakes;

public sealed partial class FakeDiscord
{
    private static readonly int[] CallbackTypes = [1, 4, 5, 6, 7, 8, 9, 10, 12];
    private static readonly string[] MessageFields = ["content", "embeds", "components", "flags", "attachments", "poll", "tts", "message_reference"];

    private readonly List<RecordedRequest> _requests = [];
    private readonly List<InteractionCallback> _callbacks = [];
    private readonly List<FaultRule> _faults = [];
    private readonly Dictionary<string, KnownInteraction> _interactions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _originals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Token, JsonObject Message)> _followUps = new(StringComparer.Ordinal);
    private readonly HashSet<string> _acknowledgedTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BucketState> _buckets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonArray> _guildCommands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Status, int Code, string Message)> _deniedChannels = new(StringComparer.Ordinal);
    private readonly List<(string ChannelId, JsonObject Message)> _channelMessages = [];
    private JsonArray? _globalCommands;
    private IReadOnlyList<RestRoute>? _routes;

    /// <summary>Every REST request, with the status the fake answered.</summary>
    public IReadOnlyList<RecordedRequest> Requests => Snapshot(() => _requests.ToArray());

    /// <summary>Accepted interaction callbacks (rejected ones are only in <see cref="Requests"/>).</summary>
    public IReadOnlyList<InteractionCallback> Callbacks => Snapshot(() => _callbacks.ToArray());

    /// <summary>The stored global commands (with ids), or null before the first PUT.</summary>
    public JsonArray? GlobalCommands => Snapshot(() => (JsonArray?)_globalCommands?.DeepClone());

    /// <summary>The stored guild commands by guild id.</summary>
    public IReadOnlyDictionary<string, JsonArray> GuildCommands =>
        Snapshot(() => _guildCommands.ToDictionary(p => p.Key, p => (JsonArray)p.Value.DeepClone(), StringComparer.Ordinal));

    /// <summary>The current @original message of an interaction token (after a type 4/5 callback or an edit).</summary>
    public JsonObject? GetOriginalMessage(string interactionToken) =>
        Snapshot(() => _originals.TryGetValue(interactionToken, out var message) ? (JsonObject)message.DeepClone() : null);

    /// <summary>Messages the bot posted in channels (<c>POST /channels/{id}/messages</c>), oldest first.</summary>
    public IReadOnlyList<(string ChannelId, JsonObject Message)> ChannelMessages =>
        Snapshot(() => _channelMessages.Select(m => (m.ChannelId, (JsonObject)m.Message.DeepClone())).ToArray());

    /// <summary>
    /// Every post to <paramref name="channelId"/> is refused as Discord refuses it: 403 50001 Missing Access (the bot
    /// cannot see the channel), 403 50013 Missing Permissions (it cannot send there) or 404 10003 Unknown Channel.
    /// </summary>
    public void DenyChannel(string channelId, int code = 50001)
    {
        var (status, message) = code switch
        {
            50001 => (403, "Missing Access"),
            50013 => (403, "Missing Permissions"),
            10003 => (404, "Unknown Channel"),
            _ => throw new ArgumentOutOfRangeException(nameof(code), code, "Use 50001, 50013 or 10003."),
        };
        lock (SyncRoot)
        {
            _deniedChannels[channelId] = (status, code, message);
        }
    }

    /// <summary>The first message posted in <paramref name="channelId"/> that <paramref name="match"/> accepts.</summary>
    public Task<JsonObject> WaitForChannelMessageAsync(string channelId, Func<JsonObject, bool> match, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(match);
        return WaitForAsync(d => d.ChannelMessages.Where(m => m.ChannelId == channelId).Select(m => m.Message).FirstOrDefault(match), timeout, $"a message in channel {channelId}");
    }

    /// <summary>The next <paramref name="count"/> requests matching get 429 (with Retry-After and bucket headers).</summary>
    public void FailNext(string method, string pathContains, int count = 1, double retryAfterSeconds = 0.2, bool global = false, string scope = "user")
    {
        lock (SyncRoot)
        {
            _faults.Add(new FaultRule(method, pathContains, count, 429, null, retryAfterSeconds, global, scope));
        }
    }

    /// <summary>The next <paramref name="count"/> requests matching get <paramref name="status"/> with <paramref name="jsonBody"/>.</summary>
    public void RespondNext(string method, string pathContains, int status, string jsonBody, int count = 1)
    {
        lock (SyncRoot)
        {
            _faults.Add(new FaultRule(method, pathContains, count, status, jsonBody, 0, false, "user"));
        }
    }

    /// <summary>Remembers an interaction so that callbacks are checked against its token (and deadline). Dispatching does this.</summary>
    public void RegisterInteraction(JsonObject interaction)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        var id = interaction["id"]?.GetValue<string>() ?? throw new ArgumentException("The interaction has no id.", nameof(interaction));
        var token = interaction["token"]?.GetValue<string>() ?? throw new ArgumentException("The interaction has no token.", nameof(interaction));
        lock (SyncRoot)
        {
            _interactions[id] = new KnownInteraction(id, token, (JsonObject)interaction.DeepClone(), DateTimeOffset.UtcNow);
        }
    }

    public Task<RecordedRequest> WaitForRequestAsync(Func<RecordedRequest, bool> match, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(match);
        return WaitForAsync(d => d.Requests.FirstOrDefault(match), timeout, "a matching REST request");
    }

    public Task<InteractionCallback> WaitForCallbackAsync(string interactionId, TimeSpan timeout) =>
        WaitForAsync(d => d.Callbacks.FirstOrDefault(c => c.InteractionId == interactionId), timeout, $"a callback for interaction {interactionId}");

    /// <summary>The first successful PATCH of @original for an interaction token.</summary>
    public Task<RecordedRequest> WaitForOriginalEditAsync(string interactionToken, TimeSpan timeout) =>
        WaitForAsync(
            d => d.Requests.FirstOrDefault(r => r.Method == "PATCH" && r.Status < 300 && r.RelativePath.EndsWith($"/{interactionToken}/messages/@original", StringComparison.Ordinal)),
            timeout,
            "an edit of @original");

    /// <summary>The first successful follow-up POST for an interaction token.</summary>
    public Task<RecordedRequest> WaitForFollowUpAsync(string interactionToken, TimeSpan timeout) =>
        WaitForAsync(
            d => d.Requests.FirstOrDefault(r => r.Method == "POST" && r.Status < 300 && r.RelativePath.EndsWith($"/{interactionToken}", StringComparison.Ordinal)),
            timeout,
            "a follow-up message");

    private async Task HandleRestAsync(HttpContext context)
    {
        var request = context.Request;
        var now = DateTimeOffset.UtcNow;
        var path = request.Path.Value ?? "/";
        var underApi = path.StartsWith("/api/v10/", StringComparison.Ordinal) || path == "/api/v10";
        var relative = !underApi ? path : path.Length > "/api/v10".Length ? path["/api/v10".Length..] : "/";
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);

        string raw;
        var files = new List<RecordedFile>();
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ShutdownToken).ConfigureAwait(false);
            raw = form["payload_json"].ToString();
            foreach (var file in form.Files)
            {
                using var content = new MemoryStream();
                await file.CopyToAsync(content, ShutdownToken).ConfigureAwait(false);
                files.Add(new RecordedFile(file.Name, file.FileName, file.ContentType, content.ToArray()));
            }
        }
        else
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            raw = await reader.ReadToEndAsync(ShutdownToken).ConfigureAwait(false);
        }

        JsonNode? body = null;
        var badJson = false;
        if (!string.IsNullOrWhiteSpace(raw))
        {
            try
            {
                body = JsonNode.Parse(raw);
            }
            catch (JsonException)
            {
                badJson = true;
            }
        }

        var call = new RestCall(request.Method, relative, request.Query, headers, body, now) { Files = files };
        RestResult result;
        string? bucket = null;
        try
        {
            (result, bucket) = underApi ? Process(call, badJson) : (Error(404, "404: Not Found (FakeDiscord: path outside /api/v10)", 0), null);
        }
        catch (Exception ex)
        {
            RecordError(ex);
            result = Error(500, "500: Internal Server Error (fake: " + ex.Message + ")", 0);
        }

        var responseJson = result.Body?.ToJsonString();
        lock (SyncRoot)
        {
            _requests.Add(new RecordedRequest(request.Method, path, relative, request.QueryString.Value ?? "", headers, raw, body, result.Status, responseJson, bucket, now) { Files = files });
        }

        var response = context.Response;
        response.StatusCode = result.Status;
        foreach (var (name, value) in result.Headers)
        {
            response.Headers[name] = value;
        }

        if (responseJson is not null)
        {
            response.ContentType = "application/json";
            await response.WriteAsync(responseJson, ShutdownToken).ConfigureAwait(false);
        }
    }

    private (RestResult Result, string? Bucket) Process(RestCall call, bool badJson)
    {
        var (route, parameters, methodAllowed) = MatchRoute(call.Method, call.RelativePath);
        var bucket = route is null ? null : BucketHash(route);
        var fault = TakeFault(call);
        if (fault is not null)
        {
            return (FaultResult(fault, route, bucket, call.Time), bucket);
        }

        if (_options.RequireUserAgent && !(call.Headers.TryGetValue("User-Agent", out var agent) && agent.StartsWith("DiscordBot (", StringComparison.Ordinal)))
        {
            return (Error(400, "FakeDiscord: User-Agent must look like 'DiscordBot (url, version)'.", 0), bucket);
        }

        if (route is null)
        {
            return (methodAllowed ? Error(404, "404: Not Found", 0) : Error(405, "405: Method Not Allowed", 0), null);
        }

        if (route.BotAuth && !(call.Headers.TryGetValue("Authorization", out var authorization) && authorization == "Bot " + _options.Token))
        {
            return (Error(401, "401: Unauthorized", 0), bucket);
        }

        if (badJson)
        {
            return (Error(400, "The request body contains invalid JSON.", 50109), bucket);
        }

        var limitKey = bucket + ":" + (parameters.Count > 0 ? parameters.First().Value : "");
        var rateHeaders = TakeRateLimit(limitKey, bucket!, call.Time, out var limited);
        if (limited is not null)
        {
            return (limited, bucket);
        }

        RestResult result;
        lock (SyncRoot)
        {
            result = route.Handler(call with { Parameters = parameters });
        }

        foreach (var (name, value) in rateHeaders)
        {
            result.Headers[name] = value;
        }

        return (result, bucket);
    }

    private (RestRoute? Route, IReadOnlyDictionary<string, string> Parameters, bool MethodAllowed) MatchRoute(string method, string relativePath)
    {
        var segments = relativePath.Trim('/').Split('/');
        var pathMatched = false;
        foreach (var route in _routes ??= BuildRoutes())
        {
            var template = route.Template.Trim('/').Split('/');
            if (template.Length != segments.Length)
            {
                continue;
            }

            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            var matched = true;
            for (var i = 0; i < template.Length && matched; i++)
            {
                if (template[i].StartsWith('{'))
                {
                    matched = segments[i].Length > 0 && !segments[i].StartsWith('@');
                    parameters[template[i].Trim('{', '}')] = Uri.UnescapeDataString(segments[i]);
                }
                else
                {
                    matched = template[i] == segments[i];
                }
            }

            if (!matched)
            {
                continue;
            }

            pathMatched = true;
            if (string.Equals(route.Method, method, StringComparison.OrdinalIgnoreCase))
            {
                return (route, parameters, true);
            }
        }

        return (null, new Dictionary<string, string>(), !pathMatched);
    }

    private static string BucketHash(RestRoute route) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(route.Method + " " + route.Template)))[..16];

    private FaultRule? TakeFault(RestCall call)
    {
        lock (SyncRoot)
        {
            var fault = _faults.FirstOrDefault(f =>
                (f.Method == "*" || string.Equals(f.Method, call.Method, StringComparison.OrdinalIgnoreCase))
                && ("/api/v10" + call.RelativePath).Contains(f.PathContains, StringComparison.Ordinal));
            if (fault is not null && --fault.Remaining <= 0)
            {
                _faults.Remove(fault);
            }

            return fault;
        }
    }

    private RestResult FaultResult(FaultRule fault, RestRoute? route, string? bucket, DateTimeOffset now)
    {
        if (fault.Status != 429)
        {
            var node = string.IsNullOrWhiteSpace(fault.JsonBody) ? null : JsonNode.Parse(fault.JsonBody);
            return new RestResult(fault.Status, node);
        }

        var retry = fault.RetryAfterSeconds;
        var result = new RestResult(429, new JsonObject
        {
            ["message"] = "You are being rate limited.",
            ["retry_after"] = retry,
            ["global"] = fault.Global,
        });
        result.Headers["Retry-After"] = Math.Ceiling(retry).ToString(CultureInfo.InvariantCulture);
        result.Headers["X-RateLimit-Scope"] = fault.Scope;
        if (fault.Global)
        {
            result.Headers["X-RateLimit-Global"] = "true";
        }

        AddBucketHeaders(result.Headers, bucket ?? (route is null ? "unknown" : BucketHash(route)), 0, now.AddSeconds(retry), now);
        return result;
    }

    private Dictionary<string, string> TakeRateLimit(string key, string bucket, DateTimeOffset now, out RestResult? limited)
    {
        limited = null;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        lock (SyncRoot)
        {
            if (!_buckets.TryGetValue(key, out var state) || now >= state.ResetAt)
            {
                state = new BucketState { Remaining = _options.RateLimitPerBucket, ResetAt = now + _options.RateLimitWindow };
                _buckets[key] = state;
            }

            if (state.Remaining <= 0)
            {
                var retry = Math.Max(0.001, (state.ResetAt - now).TotalSeconds);
                limited = new RestResult(429, new JsonObject { ["message"] = "You are being rate limited.", ["retry_after"] = Math.Round(retry, 3), ["global"] = false });
                limited.Headers["Retry-After"] = Math.Ceiling(retry).ToString(CultureInfo.InvariantCulture);
                limited.Headers["X-RateLimit-Scope"] = "user";
                AddBucketHeaders(limited.Headers, bucket, 0, state.ResetAt, now);
                return headers;
            }

            state.Remaining--;
            AddBucketHeaders(headers, bucket, state.Remaining, state.ResetAt, now);
            return headers;
        }
    }

    private void AddBucketHeaders(Dictionary<string, string> headers, string bucket, int remaining, DateTimeOffset resetAt, DateTimeOffset now)
    {
        headers["X-RateLimit-Limit"] = _options.RateLimitPerBucket.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = (resetAt.ToUnixTimeMilliseconds() / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset-After"] = Math.Max(0, (resetAt - now).TotalSeconds).ToString("0.000", CultureInfo.InvariantCulture);
        headers["X-RateLimit-Bucket"] = bucket;
    }

    private List<RestRoute> BuildRoutes() =>
    [
        new("GET", "/gateway", false, _ => Ok(new JsonObject { ["url"] = GatewayUrl.ToString().TrimEnd('/') })),
        new("GET", "/gateway/bot", true, _ => Ok(GatewayBot())),
        new("GET", "/users/@me", true, _ => Ok(BotUser())),
        new("GET", "/applications/@me", true, _ => Ok(new JsonObject { ["id"] = _options.ApplicationId, ["name"] = _options.BotUsername, ["bot"] = BotUser(), ["flags"] = 0 })),
        new("POST", "/interactions/{interaction}/{token}/callback", false, InteractionCallbackRoute),
        new("GET", "/webhooks/{app}/{token}/messages/@original", false, c => WebhookMessage(c, original: true)),
        new("PATCH", "/webhooks/{app}/{token}/messages/@original", false, c => WebhookMessage(c, original: true)),
        new("DELETE", "/webhooks/{app}/{token}/messages/@original", false, c => WebhookMessage(c, original: true)),
        new("GET", "/webhooks/{app}/{token}/messages/{message}", false, c => WebhookMessage(c, original: false)),
        new("PATCH", "/webhooks/{app}/{token}/messages/{message}", false, c => WebhookMessage(c, original: false)),
        new("DELETE", "/webhooks/{app}/{token}/messages/{message}", false, c => WebhookMessage(c, original: false)),
        new("POST", "/webhooks/{app}/{token}", false, FollowUpRoute),
        new("GET", "/applications/{app}/commands", true, c => CommandsRoute(c, null)),
        new("PUT", "/applications/{app}/commands", true, c => CommandsRoute(c, null)),
        new("GET", "/applications/{app}/guilds/{guild}/commands", true, c => CommandsRoute(c, c.Parameters["guild"])),
        new("PUT", "/applications/{app}/guilds/{guild}/commands", true, c => CommandsRoute(c, c.Parameters["guild"])),
        new("POST", "/channels/{channel}/messages", true, ChannelMessageRoute),
        new("POST", "/channels/{channel}/typing", true, TypingRoute),
    ];

    private JsonObject GatewayBot() => new()
    {
        ["url"] = GatewayUrl.ToString().TrimEnd('/'),
        ["shards"] = _options.RecommendedShards,
        ["session_start_limit"] = new JsonObject
        {
            ["total"] = 1000,
            ["remaining"] = 999,
            ["reset_after"] = 14400000,
            ["max_concurrency"] = _options.MaxConcurrency,
        },
    };

    private JsonObject BotUser() => new()
    {
        ["id"] = _options.BotUserId,
        ["username"] = _options.BotUsername,
        ["discriminator"] = "0",
        ["global_name"] = null,
        ["avatar"] = null,
        ["bot"] = true,
    };

    private RestResult InteractionCallbackRoute(RestCall call)
    {
        var id = call.Parameters["interaction"];
        var token = call.Parameters["token"];
        _interactions.TryGetValue(id, out var known);
        if (known is not null && known.Token != token)
        {
            return Error(401, "Invalid Webhook Token", 50027);
        }

        if (known is not null && _options.InteractionCallbackDeadline is { } deadline && call.Time - known.Received > deadline)
        {
            return Error(404, "Unknown interaction", 10062);
        }

        if (_callbacks.Any(c => c.InteractionId == id))
        {
            return Error(400, "Interaction has already been acknowledged.", 40060);
        }

        if (call.Body is not JsonObject body || body["type"] is not JsonValue typeValue || !typeValue.TryGetValue(out int type) || !CallbackTypes.Contains(type))
        {
            return InvalidFormBody(ErrorAt(["type"], "BASE_TYPE_CHOICES", "Value must be one of {1, 4, 5, 6, 7, 8, 9, 10, 12}."));
        }

        var data = body["data"] as JsonObject;
        var invalid = type switch
        {
            4 => ValidateMessage(data, requireContent: true),
            7 => ValidateMessage(data, requireContent: false),
            8 => ValidateChoices(data),
            9 => ValidateModal(data),
            _ => null,
        };
        if (invalid is not null)
        {
            return invalid;
        }

        _callbacks.Add(new InteractionCallback(id, token, type, data?.DeepClone(), (JsonObject)body.DeepClone(), call.Time));
        var channelId = known?.Interaction["channel_id"]?.GetValue<string>();
        JsonObject? message = null;
        if (type is 4 or 5)
        {
            _acknowledgedTokens.Add(token);
            message = NewMessage(channelId, type == 4 ? data : new JsonObject { ["content"] = "", ["flags"] = data?["flags"]?.DeepClone() });
            _originals[token] = message;
        }
        else if (type is 6 or 7)
        {
            _acknowledgedTokens.Add(token);
            message = known?.Interaction["message"] is JsonObject componentMessage ? (JsonObject)componentMessage.DeepClone() : NewMessage(channelId, null);
            if (type == 7)
            {
                Merge(message, data);
            }

            _originals[token] = message;
        }

        if (call.Query["with_response"].ToString() == "true")
        {
            var resource = new JsonObject { ["type"] = type };
            if (message is not null)
            {
                resource["message"] = message.DeepClone();
            }

            return Ok(new JsonObject
            {
                ["interaction"] = new JsonObject { ["id"] = id, ["type"] = known?.Interaction["type"]?.DeepClone(), ["response_message_id"] = message?["id"]?.DeepClone() },
                ["resource"] = resource,
            });
        }

        return new RestResult(204, null);
    }

    private RestResult WebhookMessage(RestCall call, bool original)
    {
        if (call.Parameters["app"] != _options.ApplicationId)
        {
            return Error(404, "Unknown Webhook", 10015);
        }

        var token = call.Parameters["token"];
        JsonObject? message;
        if (original)
        {
            _originals.TryGetValue(token, out message);
        }
        else
        {
            message = _followUps.TryGetValue(call.Parameters["message"], out var followUp) && followUp.Token == token ? followUp.Message : null;
        }

        if (message is null && (!original || call.Method != "PATCH" || _options.RequireAcknowledgementBeforeWebhook))
        {
            return Error(404, "Unknown Message", 10008);
        }

        switch (call.Method)
        {
            case "GET":
                return Ok(message!.DeepClone());
            case "DELETE":
                if (original)
                {
                    _originals.Remove(token);
                }
                else
                {
                    _followUps.Remove(call.Parameters["message"]);
                }

                return new RestResult(204, null);
            default:
                if (call.Body is not JsonObject edit)
                {
                    return InvalidFormBody(ErrorAt([], "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType"));
                }

                if ((ValidateMessage(edit, requireContent: false) ?? AttachUploads(edit, call.Files)) is { } invalid)
                {
                    return invalid;
                }

                if (message is null)
                {
                    message = NewMessage(null, null);
                    _originals[token] = message;
                }

                Merge(message, edit);
                message["edited_timestamp"] = call.Time.ToString("O", CultureInfo.InvariantCulture);
                return Ok(message.DeepClone());
        }
    }

    private RestResult FollowUpRoute(RestCall call)
    {
        if (call.Parameters["app"] != _options.ApplicationId)
        {
            return Error(404, "Unknown Webhook", 10015);
        }

        var token = call.Parameters["token"];
        if (_options.RequireAcknowledgementBeforeWebhook && !_acknowledgedTokens.Contains(token))
        {
            return Error(404, "Unknown Webhook", 10015);
        }

        var data = call.Body as JsonObject;
        if (ValidateMessage(data, requireContent: true) is { } invalid)
        {
            return invalid;
        }

        var channelId = _interactions.Values.FirstOrDefault(i => i.Token == token)?.Interaction["channel_id"]?.GetValue<string>();
        var message = NewMessage(channelId, data);
        _followUps[message["id"]!.GetValue<string>()] = (token, message);
        return Ok(message.DeepClone());
    }

    private RestResult ChannelMessageRoute(RestCall call)
    {
        var channelId = call.Parameters["channel"];
        if (_deniedChannels.TryGetValue(channelId, out var denied))
        {
            return Error(denied.Status, denied.Message, denied.Code);
        }

        var data = call.Body as JsonObject;
        if ((ValidateMessage(data, requireContent: call.Files.Count == 0) ?? (data is null ? null : AttachUploads(data, call.Files))) is { } invalid)
        {
            return invalid;
        }

        if (((data?["flags"]?.GetValue<int>() ?? 0) & 64) != 0)
        {
            return InvalidFormBody(ErrorAt(["flags"], "MESSAGE_FLAGS_INVALID", "Channel messages cannot be ephemeral."));
        }

        var message = NewMessage(channelId, data);
        message["type"] = message["message_reference"] is JsonObject ? 19 : 0;
        message.Remove("webhook_id");
        _channelMessages.Add((channelId, (JsonObject)message.DeepClone()));
        return Ok(message);
    }

    private RestResult TypingRoute(RestCall call) =>
        _deniedChannels.TryGetValue(call.Parameters["channel"], out var denied) ? Error(denied.Status, denied.Message, denied.Code) : new RestResult(204, null);

    /// <summary>
    /// Checks a multipart message's <c>attachments</c> against its <c>files[n]</c> parts (each id must name an uploaded
    /// part, as on Discord) and replaces them with attachment objects as Discord stores them.
    /// </summary>
    private static RestResult? AttachUploads(JsonObject data, List<RecordedFile> files)
    {
        if (data["attachments"] is not JsonArray attachments)
        {
            return files.Count > 0 ? InvalidFormBody(ErrorAt(["attachments"], "BASE_TYPE_REQUIRED", "Uploaded files must be listed in attachments.")) : null;
        }

        var stored = new JsonArray();
        for (var i = 0; i < attachments.Count; i++)
        {
            var at = i.ToString(CultureInfo.InvariantCulture);
            var id = attachments[i]?["id"] is JsonValue v && v.TryGetValue(out int n) ? n : -1;
            var file = files.FirstOrDefault(f => f.FieldName == $"files[{id}]");
            if (file is null)
            {
                return InvalidFormBody(ErrorAt(["attachments", at, "id"], "ATTACHMENT_NOT_FOUND", $"No files[{id}] part was uploaded."));
            }

            var snowflake = FakeSnowflake.Next();
            stored.Add(new JsonObject
            {
                ["id"] = snowflake,
                ["filename"] = attachments[i]?["filename"]?.GetValue<string>() ?? file.FileName,
                ["size"] = file.Content.Length,
                ["content_type"] = file.ContentType,
                ["url"] = $"https://cdn.discordapp.com/attachments/0/{snowflake}/{file.FileName}",
            });
        }

        data["attachments"] = stored;
        return null;
    }

    private RestResult CommandsRoute(RestCall call, string? guildId)
    {
        if (call.Parameters["app"] != _options.ApplicationId)
        {
            return Error(403, "Missing Access", 50001);
        }

        var existing = guildId is null ? _globalCommands : _guildCommands.GetValueOrDefault(guildId);
        if (call.Method == "GET")
        {
            return Ok(existing?.DeepClone() ?? new JsonArray());
        }

        if (call.Body is not JsonArray incoming)
        {
            return InvalidFormBody(ErrorAt([], "BASE_TYPE_ARRAY", "Must be an array."));
        }

        if (_options.ValidateCommands && CommandValidation.Validate(incoming) is { Count: > 0 } errors)
        {
            return InvalidFormBody(errors);
        }

        var stored = new JsonArray();
        foreach (var node in incoming)
        {
            var command = (JsonObject)node!.DeepClone();
            var type = command["type"] is JsonValue t && t.TryGetValue(out int commandType) ? commandType : 1;
            var name = command["name"]?.GetValue<string>();
            var previous = existing?.OfType<JsonObject>().FirstOrDefault(c =>
                c["name"]?.GetValue<string>() == name && (c["type"]?.GetValue<int>() ?? 1) == type);
            command["id"] = previous?["id"]?.GetValue<string>() ?? FakeSnowflake.Next();
            command["application_id"] = _options.ApplicationId;
            command["version"] = FakeSnowflake.Next();
            command["type"] = type;
            command["description"] ??= "";
            if (!command.ContainsKey("default_member_permissions"))
            {
                command["default_member_permissions"] = null;
            }

            if (guildId is not null)
            {
                command["guild_id"] = guildId;
            }

            stored.Add(command);
        }

        if (guildId is null)
        {
            _globalCommands = stored;
        }
        else
        {
            _guildCommands[guildId] = stored;
        }

        return Ok(stored.DeepClone());
    }

    private JsonObject NewMessage(string? channelId, JsonObject? data)
    {
        var message = new JsonObject
        {
            ["id"] = FakeSnowflake.Next(),
            ["type"] = 20,
            ["channel_id"] = channelId ?? "1100000000000000100",
            ["author"] = BotUser(),
            ["content"] = "",
            ["embeds"] = new JsonArray(),
            ["components"] = new JsonArray(),
            ["attachments"] = new JsonArray(),
            ["mentions"] = new JsonArray(),
            ["mention_roles"] = new JsonArray(),
            ["mention_everyone"] = false,
            ["pinned"] = false,
            ["tts"] = false,
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["edited_timestamp"] = null,
            ["flags"] = 0,
            ["application_id"] = _options.ApplicationId,
            ["webhook_id"] = _options.ApplicationId,
        };
        Merge(message, data);
        return message;
    }

    private static void Merge(JsonObject message, JsonObject? data)
    {
        if (data is null)
        {
            return;
        }

        foreach (var field in MessageFields)
        {
            if (data.TryGetPropertyValue(field, out var value))
            {
                message[field] = value?.DeepClone() ?? (field == "flags" ? 0 : null);
            }
        }
    }

    private static RestResult? ValidateMessage(JsonObject? data, bool requireContent)
    {
        if (data is null)
        {
            return requireContent ? Error(400, "Cannot send an empty message", 50006) : null;
        }

        var errors = new JsonObject();
        var content = data["content"] is JsonValue c && c.TryGetValue(out string? text) ? text : null;
        if (content is { Length: > 2000 })
        {
            AddError(errors, ["content"], "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length.");
        }

        var embeds = data["embeds"] as JsonArray;
        if (embeds is { Count: > 10 })
        {
            AddError(errors, ["embeds"], "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.");
        }

        var total = 0;
        for (var i = 0; embeds is not null && i < embeds.Count; i++)
        {
            if (embeds[i] is not JsonObject embed)
            {
                continue;
            }

            var at = i.ToString(CultureInfo.InvariantCulture);
            total += CheckLength(errors, embed["title"], 256, "embeds", at, "title");
            total += CheckLength(errors, embed["description"], 4096, "embeds", at, "description");
            total += CheckLength(errors, embed["footer"]?["text"], 2048, "embeds", at, "footer", "text");
            total += CheckLength(errors, embed["author"]?["name"], 256, "embeds", at, "author", "name");
            if (embed["fields"] is JsonArray fields)
            {
                if (fields.Count > 25)
                {
                    AddError(errors, ["embeds", at, "fields"], "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
                }

                for (var f = 0; f < fields.Count; f++)
                {
                    var fieldAt = f.ToString(CultureInfo.InvariantCulture);
                    foreach (var (name, max) in new[] { ("name", 256), ("value", 1024) })
                    {
                        var value = fields[f]?[name];
                        if (value is null || (value is JsonValue v && v.TryGetValue(out string? s) && s.Length == 0))
                        {
                            AddError(errors, ["embeds", at, "fields", fieldAt, name], "BASE_TYPE_REQUIRED", "This field is required");
                        }

                        total += CheckLength(errors, value, max, "embeds", at, "fields", fieldAt, name);
                    }
                }
            }
        }

        if (total > 6000)
        {
            AddError(errors, ["embeds"], "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000");
        }

        if (errors.Count > 0)
        {
            return InvalidFormBody(errors);
        }

        var empty = string.IsNullOrEmpty(content) && embeds is not { Count: > 0 } && data["components"] is not JsonArray { Count: > 0 }
            && data["attachments"] is not JsonArray { Count: > 0 } && data["poll"] is null && data["sticker_ids"] is not JsonArray { Count: > 0 };
        return requireContent && empty ? Error(400, "Cannot send an empty message", 50006) : null;
    }

    private static int CheckLength(JsonObject errors, JsonNode? node, int max, params string[] path)
    {
        if (node is not JsonValue value || !value.TryGetValue(out string? text))
        {
            return 0;
        }

        if (text.Length > max)
        {
            AddError(errors, path, "BASE_TYPE_MAX_LENGTH", $"Must be {max} or fewer in length.");
        }

        return text.Length;
    }

    private static RestResult? ValidateChoices(JsonObject? data)
    {
        if (data?["choices"] is not JsonArray choices)
        {
            return InvalidFormBody(ErrorAt(["data", "choices"], "BASE_TYPE_REQUIRED", "This field is required"));
        }

        if (choices.Count > 25)
        {
            return InvalidFormBody(ErrorAt(["data", "choices"], "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."));
        }

        var errors = new JsonObject();
        for (var i = 0; i < choices.Count; i++)
        {
            var name = choices[i]?["name"] is JsonValue n && n.TryGetValue(out string? text) ? text : null;
            if (name is null or { Length: 0 or > 100 } || choices[i]?["value"] is null)
            {
                AddError(errors, ["data", "choices", i.ToString(CultureInfo.InvariantCulture)], "BASE_TYPE_BAD_LENGTH", "Choice name must be 1-100 characters and value is required.");
            }
        }

        return errors.Count > 0 ? InvalidFormBody(errors) : null;
    }

    private static RestResult? ValidateModal(JsonObject? data)
    {
        var errors = new JsonObject();
        var title = data?["title"] is JsonValue t && t.TryGetValue(out string? text) ? text : null;
        if (title is null or { Length: 0 or > 45 })
        {
            AddError(errors, ["data", "title"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 45 in length.");
        }

        if (data?["custom_id"] is not JsonValue)
        {
            AddError(errors, ["data", "custom_id"], "BASE_TYPE_REQUIRED", "This field is required");
        }

        if (data?["components"] is not JsonArray { Count: >= 1 and <= 5 })
        {
            AddError(errors, ["data", "components"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length.");
        }

        return errors.Count > 0 ? InvalidFormBody(errors) : null;
    }

    internal static void AddError(JsonObject errors, IReadOnlyList<string> path, string code, string message)
    {
        var node = errors;
        foreach (var part in path)
        {
            if (node[part] is not JsonObject child)
            {
                child = new JsonObject();
                node[part] = child;
            }

            node = child;
        }

        if (node["_errors"] is not JsonArray list)
        {
            list = new JsonArray();
            node["_errors"] = list;
        }

        list.Add(new JsonObject { ["code"] = code, ["message"] = message });
    }

    private static JsonObject ErrorAt(IReadOnlyList<string> path, string code, string message)
    {
        var errors = new JsonObject();
        AddError(errors, path, code, message);
        return errors;
    }

    private static RestResult InvalidFormBody(JsonObject errors) =>
        new(400, new JsonObject { ["message"] = "Invalid Form Body", ["code"] = 50035, ["errors"] = errors });

    private static RestResult Error(int status, string message, int code) =>
        new(status, new JsonObject { ["message"] = message, ["code"] = code });

    private static RestResult Ok(JsonNode body) => new(200, body);

    private sealed record RestRoute(string Method, string Template, bool BotAuth, Func<RestCall, RestResult> Handler);

    private sealed record RestCall(string Method, string RelativePath, IQueryCollection Query, IReadOnlyDictionary<string, string> Headers, JsonNode? Body, DateTimeOffset Time)
    {
        public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

        public List<RecordedFile> Files { get; init; } = [];
    }

    private sealed record RestResult(int Status, JsonNode? Body)
    {
        public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);
    }

    private sealed record KnownInteraction(string Id, string Token, JsonObject Interaction, DateTimeOffset Received);

    private sealed class FaultRule(string method, string pathContains, int count, int status, string? jsonBody, double retryAfterSeconds, bool global, string scope)
    {
        public string Method => method;

        public string PathContains => pathContains;

        public int Remaining { get; set; } = count;

        public int Status => status;

        public string? JsonBody => jsonBody;

        public double RetryAfterSeconds => retryAfterSeconds;

        public bool Global => global;

        public string Scope => scope;
    }

    private sealed class BucketState
    {
        public int Remaining { get; set; }

        public DateTimeOffset ResetAt { get; set; }
    }
}

/// <summary>The command checks Discord applies on PUT …/commands (the subset that catches real mistakes).</summary>
internal static partial class CommandValidation
{
    [GeneratedRegex(@"^[-_'\p{L}\p{N}\p{IsDevanagari}\p{IsThai}]{1,32}$")]
    private static partial Regex NamePattern();

    public static JsonObject Validate(JsonArray commands)
    {
        var errors = new JsonObject();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < commands.Count; i++)
        {
            var at = i.ToString(CultureInfo.InvariantCulture);
            if (commands[i] is not JsonObject command)
            {
                FakeDiscord.AddError(errors, [at], "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
                continue;
            }

            var type = command["type"] is JsonValue t && t.TryGetValue(out int commandType) ? commandType : 1;
            var name = Text(command["name"]);
            if (!seen.Add($"{type}:{name}"))
            {
                FakeDiscord.AddError(errors, [at, "name"], "APPLICATION_COMMANDS_DUPLICATE_NAME", $"Application command names must be unique ({name}).");
            }

            CheckNamed(errors, command, type == 1, [at]);
            if (type != 1 && (Text(command["description"]) is { Length: > 0 } || command["options"] is JsonArray { Count: > 0 }))
            {
                FakeDiscord.AddError(errors, [at], "APPLICATION_COMMAND_INVALID", "User and message commands take no description and no options.");
            }

            if (command["options"] is JsonArray options)
            {
                CheckOptions(errors, options, [at, "options"]);
            }
        }

        return errors;
    }

    private static void CheckNamed(JsonObject errors, JsonObject item, bool chatInput, string[] path)
    {
        var name = Text(item["name"]);
        if (name is null || (chatInput && (!NamePattern().IsMatch(name) || name.Any(char.IsUpper))) || name.Length is 0 or > 32)
        {
            FakeDiscord.AddError(errors, [.. path, "name"], "APPLICATION_COMMAND_INVALID_NAME", $"Command name is invalid: '{name}' (lowercase, 1-32, no spaces).");
        }

        var description = Text(item["description"]);
        if (chatInput && description is null or { Length: 0 or > 100 })
        {
            FakeDiscord.AddError(errors, [.. path, "description"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.");
        }
    }

    private static void CheckOptions(JsonObject errors, JsonArray options, string[] path)
    {
        if (options.Count > 25)
        {
            FakeDiscord.AddError(errors, path, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
        }

        var optionalSeen = false;
        for (var i = 0; i < options.Count; i++)
        {
            string[] at = [.. path, i.ToString(CultureInfo.InvariantCulture)];
            if (options[i] is not JsonObject option)
            {
                continue;
            }

            CheckNamed(errors, option, chatInput: true, at);
            var type = option["type"] is JsonValue t && t.TryGetValue(out int optionType) ? optionType : 0;
            if (type is < 1 or > 11)
            {
                FakeDiscord.AddError(errors, [.. at, "type"], "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}.");
            }

            var required = option["required"] is JsonValue r && r.TryGetValue(out bool isRequired) && isRequired;
            if (required && optionalSeen)
            {
                FakeDiscord.AddError(errors, at, "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", "Required options must be placed before non-required options");
            }

            optionalSeen |= !required && type is not (1 or 2);
            var choices = option["choices"] as JsonArray;
            if (choices is { Count: > 25 })
            {
                FakeDiscord.AddError(errors, [.. at, "choices"], "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
            }

            if (choices is { Count: > 0 } && option["autocomplete"] is JsonValue a && a.TryGetValue(out bool autocomplete) && autocomplete)
            {
                FakeDiscord.AddError(errors, [.. at, "autocomplete"], "AUTOCOMPLETE_CHOICES_EXCLUSIVE", "Autocomplete cannot be used with choices.");
            }

            if (option["options"] is JsonArray nested)
            {
                CheckOptions(errors, nested, [.. at, "options"]);
            }
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : null;
}
