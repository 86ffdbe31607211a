using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace TalksBot.Slack.Tests.Fakes;

public sealed partial class FakeSlack
{
    private const int MaxBlocks = 50;
    private const int MaxTextLength = 40000;

    private static readonly HashSet<string> KnownMethods = new(StringComparer.Ordinal)
    {
        "apps.connections.open",
        "auth.test",
        "chat.postMessage",
        "chat.postEphemeral",
        "chat.update",
        "chat.delete",
        "views.open",
        "users.info",
        "usergroups.users.list",
        "files.getUploadURLExternal",
        "files.completeUploadExternal",
    };

    private readonly List<ApiRequest> _requests = [];
    private readonly Dictionary<string, Queue<ApiFault>> _faults = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> _userGroups = new(StringComparer.Ordinal);
    private readonly List<SlackMessage> _messages = [];
    private readonly List<OpenedView> _views = [];
    private readonly HashSet<string> _usedTriggers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _responseUrlUses = new(StringComparer.Ordinal);
    private readonly List<ResponseUrlPost> _responsePosts = [];
    private readonly long _tsSeconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    private long _tsCounter;
    private int _viewCounter;

    /// <summary>Every Web API request, in arrival order.</summary>
    public IReadOnlyList<ApiRequest> Requests => Snapshot(() => _requests.ToArray());

    /// <summary>Calls to usergroups.users.list (any outcome), to test caching.</summary>
    public int UserGroupListCalls => Snapshot(() => _requests.Count(r => r.Method == "usergroups.users.list"));

    /// <summary>Messages as they stand after chat.postMessage / chat.postEphemeral / chat.update / chat.delete (deleted ones removed).</summary>
    public IReadOnlyList<SlackMessage> Messages => Snapshot(() => _messages.ToArray());

    public IReadOnlyList<OpenedView> OpenedViews => Snapshot(() => _views.ToArray());

    /// <summary>Every POST to a response_url, in arrival order (rejected ones too, with their status).</summary>
    public IReadOnlyList<ResponseUrlPost> ResponseUrlPosts => Snapshot(() => _responsePosts.ToArray());

    /// <summary>The requests for one API method, e.g. <c>chat.postMessage</c>.</summary>
    public IReadOnlyList<ApiRequest> RequestsFor(string apiMethod) => Snapshot(() => _requests.Where(r => r.Method == apiMethod).ToArray());

    /// <summary>A user for users.info.</summary>
    public void AddUser(string id, string name, bool isAdmin = false, bool isOwner = false)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(name);
        var user = new JsonObject
        {
            ["id"] = id,
            ["team_id"] = _options.TeamId,
            ["name"] = name,
            ["deleted"] = false,
            ["real_name"] = name,
            ["tz"] = "Europe/Berlin",
            ["is_admin"] = isAdmin,
            ["is_owner"] = isOwner,
            ["is_primary_owner"] = false,
            ["is_restricted"] = false,
            ["is_ultra_restricted"] = false,
            ["is_bot"] = false,
            ["is_app_user"] = false,
            ["profile"] = new JsonObject { ["real_name"] = name, ["display_name"] = name },
        };
        lock (SyncRoot)
        {
            _users[id] = user;
        }
    }

    /// <summary>Members of a user group (subteam id S…) for usergroups.users.list; replaces an earlier set.</summary>
    public void SetUserGroup(string id, params string[] users)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(users);
        lock (SyncRoot)
        {
            _userGroups[id] = [.. users];
        }
    }

    /// <summary>The next <paramref name="count"/> calls of <paramref name="apiMethod"/> (with valid auth) get HTTP 429, <c>Retry-After</c> and <c>{"ok":false,"error":"ratelimited"}</c>.</summary>
    public void FailNext(string apiMethod, int count = 1, int retryAfterSeconds = 1) =>
        AddFaults(apiMethod, count, new ApiFault(429, "ratelimited", retryAfterSeconds));

    /// <summary>The next <paramref name="count"/> calls of <paramref name="apiMethod"/> (with valid auth) get HTTP 200 <c>{"ok":false,"error":error}</c>.</summary>
    public void ErrorNext(string apiMethod, string error, int count = 1) =>
        AddFaults(apiMethod, count, new ApiFault(200, error, null));

    /// <summary>
    /// The next call of <paramref name="apiMethod"/> (with valid auth) is answered with <paramref name="rawBody"/> as it is, with
    /// <paramref name="status"/>: a malformed or unexpected reply (<c>{"ok":true}</c> without the fields the method promises, not JSON, a 503).
    /// </summary>
    public void RespondNext(string apiMethod, string rawBody, int status = StatusCodes.Status200OK)
    {
        ArgumentNullException.ThrowIfNull(rawBody);
        AddFaults(apiMethod, 1, new ApiFault(status, "", null) { RawBody = rawBody });
    }

    /// <summary>A fresh response_url (http://127.0.0.1:PORT/response/&lt;unique&gt;) good for <see cref="FakeSlackOptions.ResponseUrlMaxUses"/> posts.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1055:URI-like return values should not be strings", Justification = "Payloads carry it as a string.")]
    public string NewResponseUrl()
    {
        var id = $"{_options.TeamId}-{Guid.NewGuid():N}";
        lock (SyncRoot)
        {
            _responseUrlUses[id] = 0;
        }

        return new Uri(ResponseUrlBase, id).ToString();
    }

    private void AddFaults(string apiMethod, int count, ApiFault fault)
    {
        ArgumentNullException.ThrowIfNull(apiMethod);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (SyncRoot)
        {
            if (!_faults.TryGetValue(apiMethod, out var queue))
            {
                queue = new Queue<ApiFault>();
                _faults[apiMethod] = queue;
            }

            for (var i = 0; i < count; i++)
            {
                queue.Enqueue(fault);
            }
        }
    }

    private string NextTs()
    {
        var n = Interlocked.Increment(ref _tsCounter);
        return string.Create(CultureInfo.InvariantCulture, $"{_tsSeconds + (n / 1_000_000)}.{n % 1_000_000:D6}");
    }

    private async Task HandleApiAsync(HttpContext context, string path)
    {
        var request = context.Request;
        var now = DateTimeOffset.UtcNow;
        var method = path.StartsWith("/api/", StringComparison.Ordinal) ? path["/api/".Length..].TrimEnd('/') : path;
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Query)
        {
            fields[key] = value.ToString();
        }

        var raw = "";
        JsonNode? body = null;
        var badJson = false;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ShutdownToken).ConfigureAwait(false);
            foreach (var (key, value) in form)
            {
                fields[key] = value.ToString();
            }

            raw = string.Join("&", form.Select(f => $"{f.Key}={f.Value}"));
        }
        else
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            raw = await reader.ReadToEndAsync(ShutdownToken).ConfigureAwait(false);
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

            if (body is JsonObject json)
            {
                foreach (var (key, value) in json)
                {
                    fields[key] = value is JsonValue v && v.TryGetValue(out string? text) ? text : value?.ToJsonString() ?? "null";
                }
            }
        }

        var call = new ApiCall(method, request.Method, headers, fields, body as JsonObject, now);
        ApiResult result;
        try
        {
            result = badJson ? ApiResult.Error("invalid_json") : ProcessApi(call);
        }
        catch (Exception ex)
        {
            RecordError(ex);
            result = ApiResult.Error("fatal_error");
        }

        var responseJson = result.RawBody ?? result.Body.ToJsonString();
        lock (SyncRoot)
        {
            _requests.Add(new ApiRequest(method, request.Method, headers, fields, raw, body, result.Status, responseJson, now));
        }

        var response = context.Response;
        response.StatusCode = result.Status;
        if (result.RetryAfterSeconds is { } retryAfter)
        {
            response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        }

        response.ContentType = "application/json; charset=utf-8";
        await response.WriteAsync(responseJson, ShutdownToken).ConfigureAwait(false);
    }

    private ApiResult ProcessApi(ApiCall call)
    {
        if (!KnownMethods.Contains(call.Method))
        {
            return ApiResult.Error("unknown_method");
        }

        var authorization = call.Headers.TryGetValue("Authorization", out var header) ? header : "";
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return ApiResult.Error("not_authed");
        }

        var token = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : null;
        var wantsAppToken = call.Method == "apps.connections.open";
        var expected = wantsAppToken ? _options.AppToken : _options.BotToken;
        var otherKind = wantsAppToken ? _options.BotToken : _options.AppToken;
        if (token != expected && !(call.Method == "auth.test" && token == otherKind))
        {
            // Slack answers a valid token of the wrong kind (xoxb- for apps.connections.open, xapp- elsewhere) with not_allowed_token_type.
            return ApiResult.Error(token == otherKind ? "not_allowed_token_type" : "invalid_auth");
        }

        lock (SyncRoot)
        {
            if (_faults.TryGetValue(call.Method, out var queue) && queue.TryDequeue(out var fault))
            {
                return new ApiResult(fault.Status, new JsonObject { ["ok"] = false, ["error"] = fault.Error }, fault.RetryAfterSeconds) { RawBody = fault.RawBody };
            }
        }

        return call.Method switch
        {
            "apps.connections.open" => ApiResult.Ok(new JsonObject
            {
                ["url"] = $"ws://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/socket?ticket={NewTicket()}&app_id={_options.AppId}",
            }),
            "auth.test" => AuthTest(token == _options.AppToken),
            "chat.postMessage" => PostMessage(call, ephemeral: false),
            "chat.postEphemeral" => PostMessage(call, ephemeral: true),
            "chat.update" => UpdateMessage(call),
            "chat.delete" => DeleteMessage(call),
            "views.open" => OpenView(call),
            "users.info" => UserInfo(call),
            "usergroups.users.list" => UserGroupUsers(call),
            "files.getUploadURLExternal" => GetUploadUrl(call),
            "files.completeUploadExternal" => CompleteUpload(call),
            _ => ApiResult.Error("unknown_method"),
        };
    }

    private ApiResult AuthTest(bool appToken)
    {
        var result = new JsonObject
        {
            ["url"] = $"https://{_options.TeamDomain}.slack.com/",
            ["team"] = "Fake Workspace",
            ["team_id"] = _options.TeamId,
            ["is_enterprise_install"] = false,
        };
        if (!appToken)
        {
            result["user"] = "talksbot";
            result["user_id"] = _options.BotUserId;
            result["bot_id"] = _options.BotId;
        }

        return ApiResult.Ok(result);
    }

    private ApiResult PostMessage(ApiCall call, bool ephemeral)
    {
        var channel = call.String("channel");
        if (string.IsNullOrEmpty(channel))
        {
            return ApiResult.Error("channel_not_found");
        }

        if (!TryContent(call, out var text, out var blocks, out var error))
        {
            return ApiResult.Error(error);
        }

        if (Refusal(channel) is { } refused)
        {
            return ApiResult.Error(refused);
        }

        var user = call.String("user");
        if (ephemeral && string.IsNullOrEmpty(user))
        {
            return ApiResult.Error("user_not_found");
        }

        var ts = NextTs();
        var now = DateTimeOffset.UtcNow;
        lock (SyncRoot)
        {
            _messages.Add(new SlackMessage(channel, ts, text, blocks?.DeepClone(), ephemeral, ephemeral ? user : null, 0, now) { ThreadTs = call.String("thread_ts") });
        }

        if (ephemeral)
        {
            // Slack answers chat.postEphemeral with message_ts only.
            return ApiResult.Ok(new JsonObject { ["message_ts"] = ts });
        }

        return ApiResult.Ok(new JsonObject
        {
            ["channel"] = channel,
            ["ts"] = ts,
            ["message"] = BotMessage(ts, text, blocks),
        });
    }

    private ApiResult UpdateMessage(ApiCall call)
    {
        var channel = call.String("channel");
        var ts = call.String("ts");
        if (string.IsNullOrEmpty(channel))
        {
            return ApiResult.Error("channel_not_found");
        }

        if (string.IsNullOrEmpty(ts))
        {
            return ApiResult.Error("message_not_found");
        }

        if (!TryContent(call, out var text, out var blocks, out var error))
        {
            return ApiResult.Error(error);
        }

        var now = DateTimeOffset.UtcNow;
        lock (SyncRoot)
        {
            var index = _messages.FindIndex(m => m.Channel == channel && m.Ts == ts);
            if (index >= 0)
            {
                var old = _messages[index];
                _messages[index] = old with { Text = text, Blocks = blocks?.DeepClone(), Edits = old.Edits + 1, Time = now };
            }
            else
            {
                // A message the fake did not post (e.g. from a test payload): accept it, as tests build those freely.
                _messages.Add(new SlackMessage(channel, ts, text, blocks?.DeepClone(), false, null, 1, now));
            }
        }

        return ApiResult.Ok(new JsonObject
        {
            ["channel"] = channel,
            ["ts"] = ts,
            ["text"] = text ?? "",
            ["message"] = BotMessage(ts, text, blocks),
        });
    }

    private ApiResult DeleteMessage(ApiCall call)
    {
        var channel = call.String("channel");
        var ts = call.String("ts");
        if (string.IsNullOrEmpty(channel))
        {
            return ApiResult.Error("channel_not_found");
        }

        if (string.IsNullOrEmpty(ts))
        {
            return ApiResult.Error("message_not_found");
        }

        lock (SyncRoot)
        {
            _messages.RemoveAll(m => m.Channel == channel && m.Ts == ts);
        }

        return ApiResult.Ok(new JsonObject { ["channel"] = channel, ["ts"] = ts });
    }

    private JsonObject BotMessage(string ts, string? text, JsonArray? blocks)
    {
        var message = new JsonObject
        {
            ["type"] = "message",
            ["user"] = _options.BotUserId,
            ["bot_id"] = _options.BotId,
            ["app_id"] = _options.AppId,
            ["team"] = _options.TeamId,
            ["text"] = text ?? "",
            ["ts"] = ts,
        };
        if (blocks is not null)
        {
            message["blocks"] = blocks.DeepClone();
        }

        return message;
    }

    private static bool TryContent(ApiCall call, out string? text, out JsonArray? blocks, out string error)
    {
        text = call.String("text");
        blocks = null;
        error = "";
        var blocksNode = call.Node("blocks");
        if (blocksNode is JsonValue blocksText && blocksText.TryGetValue(out string? blocksJson))
        {
            try
            {
                blocksNode = string.IsNullOrWhiteSpace(blocksJson) ? null : JsonNode.Parse(blocksJson);
            }
            catch (JsonException)
            {
                error = "invalid_blocks_format";
                return false;
            }
        }

        if (blocksNode is not null)
        {
            if (blocksNode is not JsonArray array || array.Count > MaxBlocks || array.Any(b => b is not JsonObject o || o["type"] is null))
            {
                error = "invalid_blocks";
                return false;
            }

            blocks = array.Count == 0 ? null : array;
        }

        if (string.IsNullOrEmpty(text) && blocks is null)
        {
            error = "no_text";
            return false;
        }

        if (text?.Length > MaxTextLength)
        {
            error = "msg_too_long";
            return false;
        }

        return true;
    }

    private ApiResult OpenView(ApiCall call)
    {
        var triggerId = call.String("trigger_id");
        if (string.IsNullOrEmpty(triggerId))
        {
            return ApiResult.Error("invalid_trigger_id");
        }

        var viewNode = call.Node("view");
        if (viewNode is JsonValue viewText && viewText.TryGetValue(out string? viewJson))
        {
            try
            {
                viewNode = JsonNode.Parse(viewJson);
            }
            catch (JsonException)
            {
                return ApiResult.Error("invalid_arguments");
            }
        }

        if (viewNode is not JsonObject view || view["type"] is null)
        {
            return ApiResult.Error("invalid_arguments");
        }

        var now = DateTimeOffset.UtcNow;
        string viewId;
        lock (SyncRoot)
        {
            if (_usedTriggers.Contains(triggerId))
            {
                return ApiResult.Error("exchanged_trigger_id");
            }

            if (_options.TriggerIdLifetime is { } lifetime && _deliveredTriggers.TryGetValue(triggerId, out var delivered) && now - delivered > lifetime)
            {
                return ApiResult.Error("expired_trigger_id");
            }

            _usedTriggers.Add(triggerId);
            viewId = "V0FAKE" + (++_viewCounter).ToString("D6", CultureInfo.InvariantCulture);
        }

        var opened = (JsonObject)view.DeepClone();
        opened["id"] = viewId;
        opened["team_id"] = _options.TeamId;
        opened["app_id"] = _options.AppId;
        opened["bot_id"] = _options.BotId;
        opened["hash"] = $"{_tsSeconds}.{viewId}";
        opened["private_metadata"] ??= "";
        opened["callback_id"] ??= "";
        opened["state"] = new JsonObject { ["values"] = new JsonObject() };
        lock (SyncRoot)
        {
            _views.Add(new OpenedView(viewId, triggerId, (JsonObject)opened.DeepClone(), now));
        }

        return ApiResult.Ok(new JsonObject { ["view"] = opened });
    }

    private ApiResult UserInfo(ApiCall call)
    {
        var id = call.String("user");
        lock (SyncRoot)
        {
            return id is not null && _users.TryGetValue(id, out var user)
                ? ApiResult.Ok(new JsonObject { ["user"] = user.DeepClone() })
                : ApiResult.Error("user_not_found");
        }
    }

    private ApiResult UserGroupUsers(ApiCall call)
    {
        var id = call.String("usergroup");
        lock (SyncRoot)
        {
            return id is not null && _userGroups.TryGetValue(id, out var users)
                ? ApiResult.Ok(new JsonObject { ["users"] = new JsonArray([.. users.Select(u => (JsonNode)JsonValue.Create(u))]) })
                : ApiResult.Error("no_such_subteam");
        }
    }

    private async Task HandleResponseUrlAsync(HttpContext context, string id)
    {
        var request = context.Request;
        var now = DateTimeOffset.UtcNow;
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var raw = await reader.ReadToEndAsync(ShutdownToken).ConfigureAwait(false);
        JsonNode? body = null;
        try
        {
            body = string.IsNullOrWhiteSpace(raw) ? null : JsonNode.Parse(raw);
        }
        catch (JsonException)
        {
            body = null;
        }

        int status;
        string answer;
        int use;
        lock (SyncRoot)
        {
            var known = _responseUrlUses.TryGetValue(id, out var uses);
            use = uses + 1;
            (status, answer) = (StatusCodes.Status200OK, "ok");
            if (!HttpMethods.IsPost(request.Method))
            {
                (status, answer) = (StatusCodes.Status405MethodNotAllowed, "method_not_allowed");
            }
            else if (!known)
            {
                (status, answer) = (StatusCodes.Status404NotFound, "no_service");
            }
            else if (uses >= _options.ResponseUrlMaxUses)
            {
                (status, answer) = (StatusCodes.Status404NotFound, "used_url");
            }
            else if (body is not JsonObject message)
            {
                (status, answer) = (StatusCodes.Status400BadRequest, "invalid_payload");
            }
            else if (message["text"] is null && message["blocks"] is null && message["delete_original"] is null)
            {
                (status, answer) = (StatusCodes.Status400BadRequest, "no_text");
            }

            if (status == StatusCodes.Status200OK)
            {
                _responseUrlUses[id] = use;
            }

            _responsePosts.Add(new ResponseUrlPost(id, new Uri(ResponseUrlBase, id), use, headers, raw, body, status, now));
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(answer, ShutdownToken).ConfigureAwait(false);
    }

    private sealed record ApiFault(int Status, string Error, int? RetryAfterSeconds)
    {
        /// <summary>Answered verbatim instead of the error body (<see cref="RespondNext"/>).</summary>
        public string? RawBody { get; init; }
    }

    private sealed record ApiCall(string Method, string HttpMethod, IReadOnlyDictionary<string, string> Headers, IReadOnlyDictionary<string, string> Fields, JsonObject? Json, DateTimeOffset Time)
    {
        /// <summary>A field from the JSON body (as sent) or from the query/form (as a string).</summary>
        public JsonNode? Node(string name) =>
            Json is not null && Json.TryGetPropertyValue(name, out var node) ? node
            : Fields.TryGetValue(name, out var text) ? JsonValue.Create(text) : null;

        public string? String(string name) => Node(name) switch
        {
            JsonValue value when value.TryGetValue(out string? text) => text,
            null => null,
            var other => other.ToJsonString(),
        };
    }

    private sealed record ApiResult(int Status, JsonObject Body, int? RetryAfterSeconds)
    {
        /// <summary>Sent instead of <see cref="Body"/> when set.</summary>
        public string? RawBody { get; init; }

        public static ApiResult Ok(JsonObject fields)
        {
            var body = new JsonObject { ["ok"] = true };
            foreach (var (key, value) in fields.ToList())
            {
                fields.Remove(key);
                body[key] = value;
            }

            return new ApiResult(StatusCodes.Status200OK, body, null);
        }

        public static ApiResult Error(string error) =>
            new(StatusCodes.Status200OK, new JsonObject { ["ok"] = false, ["error"] = error }, null);
    }
}
