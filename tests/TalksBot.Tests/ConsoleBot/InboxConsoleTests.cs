using System.Text.RegularExpressions;
using TalksBot.Core.Intake;
using TalksBot.Testing;
using TalksBot.Tests.Cli;

namespace TalksBot.Tests.ConsoleBot;

/// <summary>The news inbox on the console: /kb inbox shows each action as the command to type, and its forms are prompts.</summary>
public sealed partial class InboxConsoleTests : IDisposable
{
    private const string FactText = "The Kremlin said in November 2026 that Ukraine's neutrality is not negotiable.";

    private readonly CliRunner _cli = new();

    public InboxConsoleTests()
    {
        using var store = StoredKnowledge.Open(_cli.DatabasePath);
        InboxExamples.Seed(store.Services);
    }

    [Fact]
    public async Task KbInbox_ListsTheCandidate_WithEachActionAsACommandToType()
    {
        var result = await _cli.RunAsync("/kb inbox\n");

        Assert.Equal(0, result.ExitCode);
        foreach (var expected in new[] { InboxExamples.Headline, InboxExamples.Outlet, InboxExamples.SecondOutlet, InboxExamples.NearestFactId, "20 Nov 2026", "news.example.org/2026/11/kremlin-neutrality" })
        {
            Assert.Contains(expected, Unwrapped(result.Output), StringComparison.Ordinal);
        }

        Assert.Equal(["Draft fact", "Update " + InboxExamples.NearestFactId, "Dismiss"], ShownActions(result.Output).Keys);
    }

    [Fact]
    public async Task DraftFact_TheShownCommand_PromptsWithTheItemsValues_AndSavesAFactFromIt()
    {
        var draft = await ShownActionAsync("Draft fact");

        // The fact's text; Enter keeps the address, headline and date the item filled in.
        var result = await _cli.RunAsync($"{draft}\n{FactText}\n\n\n\n/kb inbox\n");

        Assert.Equal(0, result.ExitCode);
        var output = Unwrapped(result.Output);
        Assert.Contains($"Source headline [{InboxExamples.Headline}]", output, StringComparison.Ordinal);
        Assert.Contains($"True as of (YYYY-MM-DD) [{InboxExamples.Date}]", output, StringComparison.Ordinal);
        Assert.Contains("Added: ", output, StringComparison.Ordinal);
        Assert.Contains("The inbox is empty", output, StringComparison.Ordinal);
        using var store = StoredKnowledge.Open(_cli.DatabasePath);
        InboxExamples.AssertDrafted(store, FactText);
    }

    [Fact]
    public async Task UpdateFact_TheShownCommand_PromptsWithTheNearestFact_AndAddsTheSourceInFront()
    {
        var update = await ShownActionAsync("Update " + InboxExamples.NearestFactId);
        List<string> oldSources;
        using (var before = StoredKnowledge.Open(_cli.DatabasePath))
        {
            oldSources = InboxExamples.SourceUrls(before);
        }

        // Enter keeps every value: the fact's text, the item's source and date, the reason naming the item.
        var result = await _cli.RunAsync($"{update}\n\n\n\n\n\n");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Saved: " + InboxExamples.NearestFactId, result.Output, StringComparison.Ordinal);
        using var store = StoredKnowledge.Open(_cli.DatabasePath);
        InboxExamples.AssertUpdated(store, oldSources);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not about the talks")]
    public async Task Dismiss_TheShownCommand_AsksForAnOptionalReason_AndDismisses(string reason)
    {
        var dismiss = await ShownActionAsync("Dismiss");

        var result = await _cli.RunAsync($"{dismiss}\n{reason}\n/kb inbox\n");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Dismissed", result.Output, StringComparison.Ordinal);
        Assert.Contains("The inbox is empty", result.Output, StringComparison.Ordinal);
        using var store = StoredKnowledge.Open(_cli.DatabasePath);
        var stored = InboxExamples.Stored(store.Services)!;
        Assert.Equal(CandidateStatus.Dismissed, stored.Status);
        Assert.Equal(reason, stored.Reason ?? "");
    }

    public void Dispose() => _cli.Dispose();

    /// <summary>The command /kb inbox shows for the first candidate's action <paramref name="label"/>.</summary>
    private async Task<string> ShownActionAsync(string label)
    {
        var listed = await _cli.RunAsync("/kb inbox\n");
        return ShownActions(listed.Output)[label];
    }

    /// <summary>"[1 · Draft fact: /inbox draft id:…]" → "Draft fact" → "/inbox draft id:…", for the first candidate.</summary>
    private static Dictionary<string, string> ShownActions(string output) =>
        ShownAction().Matches(Unwrapped(output)).ToDictionary(m => m.Groups["label"].Value, m => m.Groups["command"].Value.Trim());

    /// <summary>The output as one line, so a terminal's wrapping does not split what a test looks for.</summary>
    private static string Unwrapped(string output) => string.Join(' ', output.Split('\n', StringSplitOptions.TrimEntries));

    [GeneratedRegex(@"\[1 · (?<label>[^:\]]+): (?<command>/inbox [^\]]+)\]")]
    private static partial Regex ShownAction();
}

/// <summary>The inbox refused on a console whose moderators are others (changes the process environment).</summary>
[Collection(nameof(EnvironmentChangingTests))]
public sealed class InboxConsoleRefusalTests : IDisposable
{
    private readonly CliRunner _cli = new();

    [Fact]
    public async Task KbInboxAndItsActions_WhenTheLocalUserIsNoModerator_AreRefused()
    {
        using (var store = StoredKnowledge.Open(_cli.DatabasePath))
        {
            InboxExamples.Seed(store.Services);
        }

        Environment.SetEnvironmentVariable("TalksBot__Console__Moderators", "someone-else");
        CliResult result;
        try
        {
            result = await _cli.RunAsync($"/kb inbox\n/inbox dismiss id:{InboxExamples.CandidateId}\n");
        }
        finally
        {
            Environment.SetEnvironmentVariable("TalksBot__Console__Moderators", null);
        }

        Assert.Equal(2, Regex.Count(result.Output, "Not allowed"));
        Assert.DoesNotContain(InboxExamples.Headline, result.Output, StringComparison.Ordinal);
        using var after = StoredKnowledge.Open(_cli.DatabasePath);
        Assert.Equal(CandidateStatus.Open, InboxExamples.Stored(after.Services)!.Status);
    }

    public void Dispose() => _cli.Dispose();
}
