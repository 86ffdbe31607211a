using System.Text.Json;

namespace TalksBot.Tests.Cli;

public sealed class CliTests : IDisposable
{
    private readonly CliRunner _cli = new();

    [Fact]
    public async Task Manifest_ForHttpMode_SendsEventsAndShortcutsToThePublicAddress()
    {
        var result = await _cli.RunAsync("", "manifest", "slack", "--url", "https://talksbot.example.org");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("https://talksbot.example.org/slack/events", result.Output, StringComparison.Ordinal);
        Assert.Contains("check_message", result.Output, StringComparison.Ordinal);
        Assert.Contains("app_mention", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://talksbot.example.org")]
    [InlineData("not a url")]
    public async Task Manifest_WithAnAddressThatIsNotHttps_IsRefusedWithTheReason(string url)
    {
        var result = await _cli.RunAsync("", "manifest", "slack", "--url", url);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--url must be the bot's public https:// address", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task Ask_Json_HasTheDocumentedShapeBestResultFirst()
    {
        var result = await _cli.RunAsync("", "ask", "Does Putin want all of Donetsk?", "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal("Does Putin want all of Donetsk?", root.GetProperty("question").GetString());
        Assert.True(root.GetProperty("answered").GetBoolean());
        var results = root.GetProperty("results").EnumerateArray().ToList();
        Assert.NotEmpty(results);
        var best = results[0];
        foreach (var key in new[] { "id", "kind", "party", "topic", "text", "asOf", "sources", "score" })
        {
            Assert.True(best.TryGetProperty(key, out _), $"missing {key}");
        }

        Assert.Equal("russia", best.GetProperty("party").GetString());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", best.GetProperty("asOf").GetString());
        var source = best.GetProperty("sources")[0];
        Assert.StartsWith("http", source.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(source.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(source.GetProperty("publisher").GetString()));
        Assert.True(source.TryGetProperty("published", out _));
        var scores = results.Select(r => r.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores.OrderByDescending(s => s), scores);
    }

    [Fact]
    public async Task Ask_JsonForAFactOfNoParty_WritesPartyNull()
    {
        var result = await _cli.RunAsync("", "ask", "Why can ukraine not hold elections under martial law?", "--json");

        using var json = JsonDocument.Parse(result.Output);
        var withoutParty = json.RootElement.GetProperty("results").EnumerateArray().FirstOrDefault(r => r.GetProperty("party").ValueKind == JsonValueKind.Null);
        Assert.Equal(JsonValueKind.Object, withoutParty.ValueKind);
    }

    [Fact]
    public async Task Ask_WithoutQuestion_ReadsLinesAndWritesOneJsonObjectPerLine()
    {
        var result = await _cli.RunAsync("Who is Kushner?\n\nhello\nWhat does Russia say about NATO?\n", "ask");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        var answers = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["Who is Kushner?", "hello", "What does Russia say about NATO?"], answers.Select(a => a.GetProperty("question").GetString()));
        Assert.Equal([true, false, true], answers.Select(a => a.GetProperty("answered").GetBoolean()));
    }

    [Fact]
    public async Task Ask_Text_RendersTheCard()
    {
        var result = await _cli.RunAsync("", "ask", "Who is Kushner?");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("son-in-law", result.Output, StringComparison.Ordinal);
        Assert.Contains("Sources", result.Output, StringComparison.Ordinal);
        Assert.Contains("As of ", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("territory")]
    [InlineData("nato")]
    [InlineData("elections")]
    [InlineData("security-guarantees")]
    public async Task Positions_Json_ShowsRussiaUkraineAndTheUnitedStatesSourcedAndDated(string topic)
    {
        var result = await _cli.RunAsync("", "positions", "--topic", topic, "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var parties = json.RootElement.GetProperty("parties").EnumerateArray().ToDictionary(p => p.GetProperty("party").GetString()!);
        foreach (var party in new[] { "russia", "ukraine", "united-states" })
        {
            var positions = parties[party].GetProperty("positions").EnumerateArray().ToList();
            Assert.NotEmpty(positions);
            Assert.All(positions, p =>
            {
                Assert.Equal(topic, p.GetProperty("topic").GetString());
                Assert.NotEqual(0, p.GetProperty("sources").GetArrayLength());
                Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", p.GetProperty("asOf").GetString());
            });
        }
    }

    [Fact]
    public async Task Positions_UnknownTopic_ExitsOneWithTheValidTopics()
    {
        var result = await _cli.RunAsync("", "positions", "--topic", "weather", "--json");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("unknown topic 'weather'", result.Error, StringComparison.Ordinal);
        Assert.Contains("valid topics: aid, ceasefire", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timeline_Json_IsChronologicalWithinTheRange()
    {
        var result = await _cli.RunAsync("", "timeline", "--party", "ukraine", "--from", "2026-01", "--to", "2026-02", "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal("2026-01-01", json.RootElement.GetProperty("from").GetString());
        Assert.Equal("2026-02-28", json.RootElement.GetProperty("to").GetString());
        var dates = json.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("asOf").GetString()!).ToList();
        Assert.NotEmpty(dates);
        Assert.Equal(dates.Order(StringComparer.Ordinal), dates);
        Assert.All(dates, d => Assert.InRange(string.CompareOrdinal(d, "2026-01-01"), 0, int.MaxValue));
    }

    [Fact]
    public async Task Stats_Json_CountsTheKnowledge()
    {
        var result = await _cli.RunAsync("", "stats", "--json");

        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal("2026-03-10", json.RootElement.GetProperty("asOf").GetString());
        Assert.True(json.RootElement.GetProperty("facts").GetInt32() > 200);
    }

    [Fact]
    public async Task Stats_Text_NamesTheHorizonWithItsAge()
    {
        var result = await _cli.RunAsync("", "stats");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^Knowledge ends on 10 Mar 2026 · [^:]+ ago: \d+ facts", result.Output);
    }

    [Fact]
    public async Task ExportThenImportFromExport_KeepsTheKnowledge()
    {
        var target = Path.Combine(_cli.Directory, "exported");

        var export = await _cli.RunAsync("", "export", target);
        var import = await _cli.RunAsync("", "import", "--knowledge", target);

        Assert.Equal(0, export.ExitCode);
        Assert.True(File.Exists(Path.Combine(target, "facts", "russia.yaml")));
        Assert.Equal(0, import.ExitCode);
        Assert.Contains("0 facts added, 0 updated", import.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithMalformedKnowledge_StopsWithFileAndLine()
    {
        var broken = Path.Combine(_cli.Directory, "broken");
        await _cli.RunAsync("", "export", broken);
        var file = Path.Combine(broken, "facts", "ukraine.yaml");
        var lines = File.ReadAllLines(file).ToList();
        lines[4] = "  party: [unclosed";
        File.WriteAllLines(file, lines);
        File.Delete(_cli.DatabasePath);

        var result = await _cli.RunAsync("", "stats", "--knowledge", broken);

        Assert.Equal(2, result.ExitCode);
        Assert.Matches(@"error: .*facts/ukraine\.yaml:\d+: ", result.Error);
        Assert.Empty(result.Output);
    }

    public void Dispose() => _cli.Dispose();
}
