using Microsoft.Extensions.Options;
using TalksBot.Core.Intake;

namespace TalksBot.Intake;

/// <summary>
/// Checks <c>Intake:Feeds</c> at start, naming the feed at fault: each needs a name and an absolute http(s) address,
/// and no two may share either (one address is one polling state, so the second feed would never be polled, and two
/// feeds of one name cannot be told apart in the log, the metrics or a candidate's sources).
/// </summary>
internal sealed class IntakeOptionsValidator : IValidateOptions<IntakeOptions>
{
    public ValidateOptionsResult Validate(string? name, IntakeOptions options)
    {
        var failures = new List<string>();
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var urls = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < options.Feeds.Count; i++)
        {
            var feed = options.Feeds[i];
            var at = $"Intake:Feeds:{i}";
            var feedName = feed.Name.Trim();
            if (feedName.Length == 0)
            {
                failures.Add($"{at}: the feed needs a Name.");
            }
            else if (!names.TryAdd(feedName, i))
            {
                failures.Add($"{at}: the Name '{feedName}' is the name of Intake:Feeds:{names[feedName]} too; each feed needs its own.");
            }

            if (!Uri.TryCreate(feed.Url.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.Host.Length == 0)
            {
                failures.Add($"{at}: the Url '{feed.Url}' is not an absolute http(s) address.");
            }
            else if (!urls.TryAdd(url.AbsoluteUri, i))
            {
                failures.Add($"{at}: the Url '{feed.Url}' is the Url of Intake:Feeds:{urls[url.AbsoluteUri]} too; each feed is listed once.");
            }
        }

        if (options.PollMinutes is < 1 or > 1440 || options.DigestHour is < 0 or > 23 || options.MaxFeedBytes <= 0 || options.TimeoutSeconds <= 0 || options.MaxRedirects is < 0 or > 10)
        {
            failures.Add("Intake: PollMinutes is 1–1440, DigestHour 0–23 (UTC), MaxFeedBytes and TimeoutSeconds above 0, MaxRedirects 0–10.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
