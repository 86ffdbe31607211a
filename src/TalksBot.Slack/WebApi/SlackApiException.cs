namespace TalksBot.Slack.WebApi;

/// <summary>Slack answered <c>{"ok":false,"error":…}</c>, an HTTP error, or something that is not a Web API answer.</summary>
public sealed class SlackApiException(string method, string error, Exception? innerException = null)
    : Exception($"Slack {method} failed: {error}", innerException)
{
    public string Method { get; } = method;

    public string Error { get; } = error;

    /// <summary>Errors after which retrying is pointless: the credentials are wrong or the app was removed.</summary>
    public bool IsFatal => Error is "invalid_auth" or "not_authed" or "account_inactive" or "token_revoked" or "not_allowed_token_type";

    /// <summary>Slack's error code, or the kind of failure when Slack could not be asked (for logs).</summary>
    internal static string CodeOf(Exception exception) => exception is SlackApiException slack ? slack.Error : exception.GetType().Name;

    /// <summary>Why Slack refused, in words a moderator can act on (no full stop, so it reads inside a sentence).</summary>
    public string Reason => Error switch
    {
        "not_in_channel" => "TalksBot is not a member of that channel",
        "channel_not_found" => "Slack does not show TalksBot that channel (a private channel or a DM it was not added to, or a wrong id)",
        "is_archived" => "the channel is archived",
        "restricted_action" or "restricted_action_read_only_channel" or "restricted_action_thread_only_channel" or "restricted_action_non_threadable_channel"
            => "the workspace does not let TalksBot post there",
        "ekm_access_denied" or "access_denied" => "the workspace's administrators blocked it",
        "missing_scope" => "the app lacks a permission; reinstall it from the manifest (files:write, chat:write)",
        "file_uploads_disabled" or "file_uploads_except_images_disabled" or "file_type_not_allowed" => "the workspace does not allow this file to be uploaded",
        "file_upload_size_restricted" => "the file is larger than the workspace allows",
        "ratelimited" => "Slack is rate limiting TalksBot; try again in a minute",
        "msg_too_long" or "invalid_blocks" or "invalid_blocks_format" => "Slack refused the message's format",
        _ => $"Slack answered “{Error}”",
    };
}
