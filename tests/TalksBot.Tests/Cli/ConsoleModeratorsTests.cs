using TalksBot.Core.Knowledge;
using TalksBot.Testing;

namespace TalksBot.Tests.Cli;

/// <summary>Changes the process environment, so it runs alone: no other test may start a bot meanwhile.</summary>
[CollectionDefinition(nameof(EnvironmentChangingTests), DisableParallelization = true)]
public sealed class EnvironmentChangingTests;

[Collection(nameof(EnvironmentChangingTests))]
public sealed class ConsoleModeratorsTests : IDisposable
{
    private readonly CliRunner _cli = new();

    [Fact]
    public async Task ConsoleModerators_WhenConfiguredWithoutTheLocalUser_AreRefused()
    {
        Environment.SetEnvironmentVariable("TalksBot__Console__Moderators", "someone-else");
        try
        {
            var result = await _cli.RunAsync("/fact retract person-kushner reason:test\n");

            Assert.Contains("Not allowed", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("TalksBot__Console__Moderators", null);
        }

        using var store = StoredKnowledge.Open(_cli.DatabasePath);
        Assert.True(store.Snapshot.FactsById["person-kushner"].IsCurrent);
    }

    public void Dispose() => _cli.Dispose();
}
