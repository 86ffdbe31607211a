namespace TalksBot.Tests.ConsoleBot;

public sealed class ConsoleBotTests : IDisposable
{
    private readonly CliRunner _cli = new();

    [Fact]
    public async Task PipedSession_AnswersEachLineAndExitsZeroAtEndOfInput()
    {
        var session = string.Join('\n',
            "/positions topic:nato party:russia",
            "Will Ukraine give up Donetsk?",
            "/timeline russia 2025-12",
            "/positions teritory ukrane",
            "/nonsense",
            "",
            "/about");

        var result = await _cli.RunAsync(session);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Knowledge ends on 10 Mar 2026", result.Output, StringComparison.Ordinal);
        Assert.Contains("Russia on NATO", result.Output, StringComparison.Ordinal);
        Assert.Contains("Ukraine · Territory", result.Output, StringComparison.Ordinal);
        Assert.Contains("Timeline · Russia · 2025-12-01 to 2025-12-31", result.Output, StringComparison.Ordinal);
        Assert.Contains("Ukraine on Territory", result.Output, StringComparison.Ordinal);
        Assert.Contains("Unknown command", result.Output, StringComparison.Ordinal);
        Assert.Contains("About TalksBot", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PipedSession_ExitWord_StopsReading()
    {
        var result = await _cli.RunAsync("/topics\nexit\n/about\n");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Topics", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("About TalksBot", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PipedSession_HostileInput_IsAnsweredWithoutPingsOrCrash()
    {
        var result = await _cli.RunAsync("@everyone [red]markup[/] <!channel>\n/ask " + new string('x', 600) + "\n");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("I don't know that yet", result.Output, StringComparison.Ordinal);
        Assert.Contains("the limit is 500", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PipedSession_KbStale_AnswersTheConsoleModerator()
    {
        var result = await _cli.RunAsync("/kb stale\n");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("What to update first", result.Output, StringComparison.Ordinal);
        Assert.Contains("Knowledge ends on 10 Mar 2026", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"• [A-Z][^\n]* · [A-Z][^\n]* — \d{1,2} [A-Z][a-z]{2} 20\d\d · ", result.Output);
        Assert.DoesNotContain("Not allowed", result.Output, StringComparison.Ordinal);
    }

    public void Dispose() => _cli.Dispose();
}
