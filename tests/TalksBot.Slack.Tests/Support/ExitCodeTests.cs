namespace TalksBot.Slack.Tests.Support;

/// <summary>Tests in which the adapter stops for good set the process's exit code; they run one at a time, so their checks and resets do not cross.</summary>
[CollectionDefinition(Name)]
public sealed class ExitCodeTests
{
    public const string Name = "process exit code";
}
