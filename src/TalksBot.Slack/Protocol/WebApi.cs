namespace TalksBot.Slack.Protocol;

/// <summary>Every Web API answer: HTTP 200 with <c>{"ok": true, …}</c> or <c>{"ok": false, "error": "…"}</c>.</summary>
internal interface ISlackAnswer
{
    bool Ok { get; }

    string? Error { get; }
}

/// <summary>An answer whose fields beyond ok and error TalksBot does not need.</summary>
internal sealed record SlackAnswer(bool Ok, string? Error = null) : ISlackAnswer;

/// <summary>apps.connections.open: a single-use Socket Mode URL.</summary>
internal sealed record ConnectionsOpenAnswer(bool Ok, string? Error = null, string? Url = null) : ISlackAnswer;

/// <summary>users.info: the admin and owner flags (for Slack:WorkspaceAdminsAreModerators).</summary>
internal sealed record UserInfoAnswer(bool Ok, string? Error = null, SlackUserInfo? User = null) : ISlackAnswer;

internal sealed record SlackUserInfo(string Id, bool IsAdmin = false, bool IsOwner = false);

/// <summary>usergroups.users.list: the group's member ids.</summary>
internal sealed record UserGroupUsersAnswer(bool Ok, string? Error = null, IReadOnlyList<string>? Users = null) : ISlackAnswer;

/// <summary>files.getUploadURLExternal: where to POST the bytes, and the file's id for the completion.</summary>
internal sealed record UploadUrlAnswer(bool Ok, string? Error = null, string? UploadUrl = null, string? FileId = null) : ISlackAnswer;

/// <summary>views.open's arguments.</summary>
internal sealed record OpenViewRequest(string TriggerId, ModalView View);

/// <summary>files.completeUploadExternal's arguments: the uploaded files, shared in a channel with a message.</summary>
internal sealed record CompleteUploadRequest(IReadOnlyList<UploadedFile> Files, string ChannelId, string? InitialComment = null);

internal sealed record UploadedFile(string Id, string Title);
