using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TalksBot.Slack.WebApi;

namespace TalksBot.Slack.Interactions;

/// <summary>
/// Decides whether a Slack user is a TalksBot moderator: listed in Slack:ModeratorUserIds, a member of a group in
/// Slack:ModeratorUserGroupIds, or (with Slack:WorkspaceAdminsAreModerators) a workspace admin or owner. Asked only for
/// moderator commands; when Slack cannot be asked, the answer is no, and the log says why.
/// </summary>
internal sealed class SlackModerators(SlackWebApiClient api, IOptions<SlackOptions> options, ILogger<SlackModerators> logger)
{
    /// <summary>Listed by id in Slack:ModeratorUserIds: known without asking Slack.</summary>
    public bool IsListed(string userId) => options.Value.Moderators().Contains(userId);

    public async Task<bool> IsModeratorAsync(string userId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (IsListed(userId))
        {
            return true;
        }

        foreach (var group in settings.ModeratorGroups())
        {
            try
            {
                if ((await api.UserGroupMembersAsync(group, cancellationToken).ConfigureAwait(false)).Contains(userId))
                {
                    return true;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.ModeratorCheckFailed(logger, userId, "usergroups.users.list " + group, SlackApiException.CodeOf(exception));
            }
        }

        if (!settings.WorkspaceAdminsAreModerators)
        {
            return false;
        }

        try
        {
            var user = await api.UserInfoAsync(userId, cancellationToken).ConfigureAwait(false);
            return user.IsAdmin || user.IsOwner;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.ModeratorCheckFailed(logger, userId, "users.info", SlackApiException.CodeOf(exception));
            return false;
        }
    }
}
