using System.ComponentModel.DataAnnotations;

namespace TalksBot.Slack;

/// <summary>Slack settings (configuration section <c>Slack</c>; <c>Slack__BotToken</c> in the environment). Without a bot token the adapter is off.</summary>
public sealed class SlackOptions : IValidatableObject
{
    public const string Section = "Slack";

    /// <summary>The bot token (xoxb-…), for the Web API. Never logged.</summary>
    public string? BotToken { get; set; }

    /// <summary>The app-level token (xapp-…, scope connections:write): Socket Mode is on when it is set.</summary>
    public string? AppToken { get; set; }

    /// <summary>The signing secret: the HTTP endpoints /slack/commands, /slack/interactivity and /slack/events are served when it is set.</summary>
    public string? SigningSecret { get; set; }

    public Uri ApiBaseUrl { get; set; } = new("https://slack.com/api/");

    /// <summary>Slack user ids (comma separated) who count as moderators.</summary>
    public string? ModeratorUserIds { get; set; }

    /// <summary>
    /// User group ids (comma separated, S…: the id in the group's profile, not its @handle) whose members count as moderators.
    /// Needs the usergroups:read scope; membership is read from Slack and kept for five minutes.
    /// </summary>
    public string? ModeratorUserGroupIds { get; set; }

    /// <summary>When true, the workspace's admins and owners (users.info is_admin / is_owner) count as moderators too.</summary>
    public bool WorkspaceAdminsAreModerators { get; set; }

    /// <summary>Socket Mode connections kept open (Slack allows up to 10); two, started a few seconds apart.</summary>
    [Range(1, 10)]
    public int Connections { get; set; } = 2;

    public bool Enabled => !string.IsNullOrWhiteSpace(BotToken);

    public bool UsesSocketMode => Enabled && !string.IsNullOrWhiteSpace(AppToken);

    public bool UsesHttp => Enabled && !string.IsNullOrWhiteSpace(SigningSecret);

    public IReadOnlySet<string> Moderators() => Ids(ModeratorUserIds).ToHashSet(StringComparer.Ordinal);

    public IReadOnlyList<string> ModeratorGroups() => Ids(ModeratorUserGroupIds).Distinct(StringComparer.Ordinal).ToList();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (!BotToken!.StartsWith("xoxb-", StringComparison.Ordinal) || BotToken.Any(char.IsWhiteSpace))
        {
            yield return new ValidationResult("Slack:BotToken must be the bot token starting with xoxb- (OAuth & Permissions → Bot User OAuth Token).", [nameof(BotToken)]);
        }

        if (AppToken is not null && (!AppToken.StartsWith("xapp-", StringComparison.Ordinal) || AppToken.Any(char.IsWhiteSpace)))
        {
            yield return new ValidationResult("Slack:AppToken must be an app-level token starting with xapp- (Basic Information → App-Level Tokens, scope connections:write).", [nameof(AppToken)]);
        }

        if (SigningSecret is not null && (SigningSecret.Length < 16 || SigningSecret.Any(char.IsWhiteSpace)))
        {
            yield return new ValidationResult("Slack:SigningSecret must be the app's signing secret (Basic Information → App Credentials).", [nameof(SigningSecret)]);
        }

        if (!UsesSocketMode && !UsesHttp)
        {
            yield return new ValidationResult("Slack:BotToken is set but neither Slack:AppToken (Socket Mode) nor Slack:SigningSecret (HTTP mode) is: Slack cannot reach the bot.", [nameof(AppToken)]);
        }

        if (Ids(ModeratorUserGroupIds).FirstOrDefault(id => id.Length < 2 || id[0] != 'S' || !id.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c))) is { } group)
        {
            yield return new ValidationResult(
                $"Slack:ModeratorUserGroupIds: “{group}” is not a user group id. Give the group ids starting with S (not the @handle), separated by commas.",
                [nameof(ModeratorUserGroupIds)]);
        }

        if (!ApiBaseUrl.IsAbsoluteUri || ApiBaseUrl.Scheme is not ("http" or "https"))
        {
            yield return new ValidationResult("Slack:ApiBaseUrl must be an absolute http(s) URL.", [nameof(ApiBaseUrl)]);
        }
    }

    private static string[] Ids(string? list) => (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
