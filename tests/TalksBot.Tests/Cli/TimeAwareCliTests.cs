using System.Text.Json;

namespace TalksBot.Tests.Cli;

/// <summary>The command line and the console bot on a fixed day (--now), long after the knowledge ends (10 March 2026).</summary>
public sealed class TimeAwareCliTests : IDisposable
{
    private readonly CliRunner _cli = new();

    [Fact]
    public async Task AskJson_AboutLastWeek_IsNotAnswered_WithTheReasonAndTheHorizon()
    {
        var result = await _cli.RunAsync("", "ask", "what happened in the talks last week?", "--json", "--now", "2026-11-30");

        Assert.Equal(0, result.ExitCode);
        var root = JsonDocument.Parse(result.Output).RootElement;
        Assert.False(root.GetProperty("answered").GetBoolean());
        Assert.Equal("after-horizon", root.GetProperty("reason").GetString());
        Assert.Equal("2026-03-10", root.GetProperty("horizon").GetString());
        Assert.Equal("2026-11-30", root.GetProperty("today").GetString());
        Assert.Equal("2026-11-23", root.GetProperty("window").GetProperty("from").GetString());
        Assert.Equal("2026-11-29", root.GetProperty("window").GetProperty("to").GetString());
        Assert.Equal("2026-03-10", root.GetProperty("results")[0].GetProperty("asOf").GetString());
    }

    [Fact]
    public async Task AskJson_AnsweredQuestion_HasNoReason()
    {
        var result = await _cli.RunAsync("", "ask", "Does Putin want all of Donetsk?", "--json", "--now", "2026-11-30");

        var root = JsonDocument.Parse(result.Output).RootElement;
        Assert.True(root.GetProperty("answered").GetBoolean());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("reason").ValueKind);
        Assert.Equal("best-match", root.GetProperty("shape").GetString());
    }

    [Fact]
    public async Task AskJson_AboutSomeoneKnownOnlyByName_IsUnknownName_WithTheName_AndTheReadingOfACyrillicQuestion()
    {
        var result = await _cli.RunAsync("", "ask", "Що сказав Сибіга про переговори?", "--json", "--now", "2026-11-30");

        Assert.Equal(0, result.ExitCode);
        var root = JsonDocument.Parse(result.Output).RootElement;
        Assert.False(root.GetProperty("answered").GetBoolean());
        Assert.Equal("unknown-name", root.GetProperty("reason").GetString());
        Assert.Equal("Andrii Sybiha", root.GetProperty("unknownNames")[0].GetString());
        Assert.StartsWith("What", root.GetProperty("reading").GetString(), StringComparison.Ordinal);
        Assert.Contains("Sybiha", root.GetProperty("reading").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("30/11/2026")]
    [InlineData("2026-02-30")]
    [InlineData("tomorrow")]
    public async Task Now_NotADate_IsAClearErrorWithExitOne(string now)
    {
        var result = await _cli.RunAsync("", "ask", "any news?", "--now", now);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("use YYYY-MM-DD", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConsoleBot_TheIssuesExamples_GetHonestReplies()
    {
        var session = string.Join('\n',
            "what happened in the talks last week?",
            "What was agreed at the talks in September 2026?",
            "Did a ceasefire start this summer?",
            "Did Ukraine hold its referendum on the peace deal this year?",
            "What is the latest news?");

        var result = await _cli.RunAsync(session, "--now", "2026-11-30");

        Assert.Equal(0, result.ExitCode);
        var output = Flatten(result.Output);
        Assert.Contains("My knowledge ends on 10 March 2026, so I can't tell you about last week.", output, StringComparison.Ordinal);
        Assert.Contains("My knowledge ends on 10 March 2026, so I can't tell you about September 2026.", output, StringComparison.Ordinal);
        Assert.Contains("My knowledge ends on 10 March 2026, so I can't tell you about this summer.", output, StringComparison.Ordinal);
        Assert.Contains("My knowledge ends on 10 March 2026, and nothing in it up to then answers", output, StringComparison.Ordinal);
        Assert.Contains("The latest I have", output, StringComparison.Ordinal);
        Assert.Contains("10 Mar 2026 (9 months ago)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_FileWithItsOwnNow_ChecksTheReasonOfEachRefusal()
    {
        var right = Path.Combine(_cli.Directory, "right.yaml");
        var wrong = Path.Combine(_cli.Directory, "wrong.yaml");
        await File.WriteAllTextAsync(right, "now: 2026-11-30\nquestions:\n- {group: time, q: \"what happened in the talks last week?\", oos: true, reason: after-horizon}\n");
        await File.WriteAllTextAsync(wrong, "now: 2026-11-30\nquestions:\n- {group: time, q: \"what happened in the talks last week?\", oos: true, reason: past-horizon}\n");

        var passes = await _cli.RunAsync("", "eval", right);
        var fails = await _cli.RunAsync("", "eval", wrong);

        Assert.Equal(0, passes.ExitCode);
        Assert.Equal(4, fails.ExitCode);
    }

    [Fact]
    public async Task Eval_QuestionWithANowThatIsNotADate_IsFileLineAndExitTwo()
    {
        var file = Path.Combine(_cli.Directory, "bad.yaml");
        await File.WriteAllTextAsync(file, "- {group: time, q: \"any news?\", expect: [\"x\"]}\n- {group: time, now: soon, q: \"any news?\", expect: [\"x\"]}\n");

        var result = await _cli.RunAsync("", "eval", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("bad.yaml:2", result.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _cli.Dispose();

    /// <summary>The console renderer wraps long lines inside panel borders: compare the words, not the lines and borders.</summary>
    private static string Flatten(string output) =>
        string.Join(' ', new string(output.Select(c => c is >= '\u2500' and <= '\u257F' ? ' ' : c).ToArray())
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
