namespace TalksBot.Slack.WebApi;

/// <summary>Slack answered <c>{"ok":false,"error":…}</c> (or an HTTP error).</summary>
public sealed class SlackApiException(string method, string error)
    : Exception($"Slack {method} failed: {error}")
{
    public string Method { get; } = method;

    public string Error { get; } = error;

    /// <summary>Errors after which retrying is pointless: the credentials are wrong or the app was removed.</summary>
    public bool IsFatal => Error is "invalid_auth" or "not_authed" or "account_inactive" or "token_revoked" or "not_allowed_token_type";
}
