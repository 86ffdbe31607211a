using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace TalksBot.Slack.Tests.Fakes;

/// <summary>
/// Slack's file upload flow: files.getUploadURLExternal (form fields only) hands out an upload URL under <c>/upload/</c>, the
/// bytes are POSTed there (no token: the URL is the credential), files.completeUploadExternal shares the uploaded files in
/// <c>channel_id</c> with an <c>initial_comment</c>. Channels refused with <see cref="RefuseChannel"/> answer the error there too.
/// </summary>
public sealed partial class FakeSlack
{
    private readonly Dictionary<string, SlackFile> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _refusedChannels = new(StringComparer.Ordinal);
    private int _fileCounter;

    /// <summary>Every file the fake handed an upload URL for, in order, as it stands (bytes once uploaded, channel once shared).</summary>
    public IReadOnlyList<SlackFile> Files => Snapshot(() => _files.Values.OrderBy(f => f.FileId, StringComparer.Ordinal).ToArray());

    /// <summary>From now on, posting or sharing in <paramref name="channelId"/> answers <paramref name="error"/> (e.g. not_in_channel, channel_not_found, is_archived).</summary>
    public void RefuseChannel(string channelId, string error = "not_in_channel")
    {
        ArgumentNullException.ThrowIfNull(channelId);
        ArgumentNullException.ThrowIfNull(error);
        lock (SyncRoot)
        {
            _refusedChannels[channelId] = error;
        }
    }

    /// <summary>Posting in <paramref name="channelId"/> works again (TalksBot was invited after all).</summary>
    public void AllowChannel(string channelId)
    {
        lock (SyncRoot)
        {
            _refusedChannels.Remove(channelId);
        }
    }

    private string? Refusal(string? channelId)
    {
        lock (SyncRoot)
        {
            return channelId is not null && _refusedChannels.TryGetValue(channelId, out var error) ? error : null;
        }
    }

    private ApiResult GetUploadUrl(ApiCall call)
    {
        if (call.Json is not null)
        {
            // Slack takes this method's arguments as form fields only.
            return ApiResult.Error("invalid_arguments");
        }

        var name = call.String("filename");
        if (string.IsNullOrEmpty(name) || !int.TryParse(call.String("length"), NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length == 0)
        {
            return ApiResult.Error("missing_argument");
        }

        string id;
        lock (SyncRoot)
        {
            id = "F0FAKE" + (++_fileCounter).ToString("D6", CultureInfo.InvariantCulture);
            _files[id] = new SlackFile(id, name, length, null, null, null, DateTimeOffset.UtcNow);
        }

        return ApiResult.Ok(new JsonObject
        {
            ["upload_url"] = $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/upload/{id}",
            ["file_id"] = id,
        });
    }

    private ApiResult CompleteUpload(ApiCall call)
    {
        var files = call.Node("files");
        if (files is JsonValue text && text.TryGetValue(out string? json))
        {
            files = JsonNode.Parse(json);
        }

        var ids = (files as JsonArray ?? []).Select(f => f?["id"]?.GetValue<string>()).ToList();
        var channel = call.String("channel_id");
        if (ids.Count == 0)
        {
            return ApiResult.Error("invalid_arguments");
        }

        if (Refusal(channel) is { } refused)
        {
            return ApiResult.Error(refused);
        }

        lock (SyncRoot)
        {
            if (ids.Any(id => id is null || !_files.TryGetValue(id, out var file) || file.Content is null))
            {
                // Slack: a file id that was never uploaded cannot be completed.
                return ApiResult.Error("file_not_found");
            }

            foreach (var id in ids)
            {
                _files[id!] = _files[id!] with { Channel = channel, InitialComment = call.String("initial_comment") };
            }

            return ApiResult.Ok(new JsonObject
            {
                ["files"] = new JsonArray([.. ids.Select(id => (JsonNode)new JsonObject { ["id"] = id, ["name"] = _files[id!].Name })]),
            });
        }
    }

    private async Task HandleUploadAsync(HttpContext context, string id)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, ShutdownToken).ConfigureAwait(false);
        var bytes = buffer.ToArray();
        int status;
        lock (SyncRoot)
        {
            status = !HttpMethods.IsPost(context.Request.Method) ? StatusCodes.Status405MethodNotAllowed
                : !_files.TryGetValue(id, out var file) ? StatusCodes.Status404NotFound
                : file.Length != bytes.Length ? StatusCodes.Status400BadRequest
                : StatusCodes.Status200OK;
            if (status == StatusCodes.Status200OK)
            {
                _files[id] = _files[id] with { Content = bytes };
            }
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(status == StatusCodes.Status200OK ? $"OK - {bytes.Length}" : "upload failed", ShutdownToken).ConfigureAwait(false);
    }
}

/// <summary>A file in the upload flow: <see cref="Content"/> once its bytes arrived, <see cref="Channel"/> once shared by files.completeUploadExternal.</summary>
public sealed record SlackFile(string FileId, string Name, int Length, byte[]? Content, string? Channel, string? InitialComment, DateTimeOffset Time);
