using System.Text;

namespace TalksBot.Tests.Cli;

/// <summary>
/// Knowledge files written to hurt, given to <c>import</c> and to start-up: each stops with
/// <c>error: file:line: what is wrong</c> and exit code 2, and the database keeps what it had.
/// </summary>
public sealed class HostileKnowledgeFileTests : IDisposable
{
    private const int Depth = 50_000;
    private readonly CliRunner _cli = new();

    public static TheoryData<string, string, int, string> HostileFiles => new()
    {
        { "duplicate key", "facts:\n- id: twice\n  kind: context\n  topic: territory\n  asOf: 2025-12-15\n  text: First.\n  text: Second.\n  sources:\n  - id: x\n", 7, "'text' appears twice" },
        { "undefined alias", "facts:\n- id: alias\n  kind: context\n  topic: territory\n  asOf: 2025-12-15\n  text: *nowhere\n  sources:\n  - id: x\n", 6, "aliases" },
        { "billion laughs", BillionLaughs(), 1, "anchors" },
        { "future date", "facts:\n- id: future\n  kind: context\n  topic: territory\n  asOf: 2099-01-01\n  text: Not yet.\n  sources:\n  - id: ap-startribune-2025-12-15-where-things-stand\n", 5, "is in the future" },
    };

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public async Task Import_HostileFile_ExitsTwoWithFileAndLineAndLeavesTheDatabaseUnchanged(string what, string yaml, int line, string problem)
    {
        var knowledge = KnowledgeWith(Encoding.UTF8.GetBytes(yaml));
        var before = KnowledgeFiles.Fingerprint(_cli.DatabasePath);

        var result = await _cli.RunAsync("", "import", knowledge);

        Assert.True(2 == result.ExitCode, $"{what}: exit {result.ExitCode}: {result.Error}");
        Assert.StartsWith($"error: {Path.Combine(knowledge, "facts", "hostile.yaml")}:{line}: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(problem, result.Error, StringComparison.Ordinal);
        Assert.Equal(before, KnowledgeFiles.Fingerprint(_cli.DatabasePath));
    }

    [Fact]
    public async Task StartUp_WithALatin1Seed_ExitsTwoInsteadOfImportingReplacementCharacters()
    {
        var knowledge = KnowledgeWith(Encoding.Latin1.GetBytes(
            "facts:\n- id: latin\n  kind: context\n  topic: territory\n  asOf: 2025-12-15\n  text: Caf\u00e9 talks.\n  sources:\n  - id: ap-startribune-2025-12-15-where-things-stand\n"));
        var before = KnowledgeFiles.Fingerprint(_cli.DatabasePath);

        var result = await _cli.RunAsync("/about\n", "--knowledge", knowledge);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: {Path.Combine(knowledge, "facts", "hostile.yaml")}:6: not UTF-8 text", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
        Assert.Equal(before, KnowledgeFiles.Fingerprint(_cli.DatabasePath));
    }

    [Fact]
    public async Task ImportProcess_FiftyThousandNestedLists_ExitsTwoWithFileAndLineInsteadOfOverflowingTheStack()
    {
        var knowledge = KnowledgeWith(DeeplyNested());
        var before = KnowledgeFiles.Fingerprint(_cli.DatabasePath);

        var result = await _cli.RunProcessAsync("", "import", knowledge);

        Assert.True(2 == result.ExitCode, $"exit {result.ExitCode}: {Tail(result.Error)}");
        Assert.Contains($"error: {Path.Combine(knowledge, "facts", "hostile.yaml")}:3: lists and mappings are nested more than 64 levels deep", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, KnowledgeFiles.Fingerprint(_cli.DatabasePath));
    }

    [Fact]
    public async Task StartUpProcess_FiftyThousandNestedLists_ExitsTwoInsteadOfCrashLooping()
    {
        var knowledge = KnowledgeWith(DeeplyNested());

        var result = await _cli.RunProcessAsync("/about\n", "--knowledge", knowledge);

        Assert.True(2 == result.ExitCode, $"exit {result.ExitCode}: {Tail(result.Error)}");
        Assert.Contains("hostile.yaml:3: lists and mappings are nested more than 64 levels deep", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportProcess_DeeplyNestedBundle_NamesTheBundleLineAndLeavesNoTemporaryFiles()
    {
        var bundle = Path.Combine(_cli.Directory, "export.yaml");
        var export = await _cli.RunAsync("", "export", Path.Combine(_cli.Directory, "exported"));
        Assert.Equal(0, export.ExitCode);
        var text = new StringBuilder("# TalksBot knowledge export\n");
        foreach (var file in Directory.GetFiles(Path.Combine(_cli.Directory, "exported"), "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            text.Append("--- # file: ").Append(Path.GetRelativePath(Path.Combine(_cli.Directory, "exported"), file).Replace('\\', '/')).Append('\n')
                .Append(File.ReadAllText(file));
        }

        var hostileLine = text.ToString().Count(c => c == '\n') + 4;
        text.Append("--- # file: facts/hostile.yaml\n").Append(Encoding.UTF8.GetString(DeeplyNested()));
        File.WriteAllText(bundle, text.ToString());
        var temp = Directory.CreateDirectory(Path.Combine(_cli.Directory, "tmp")).FullName;

        using var process = _cli.Start(new Dictionary<string, string> { ["TMPDIR"] = temp }, "import", bundle);
        process.StandardInput.Close();
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(2 == process.ExitCode, $"exit {process.ExitCode}: {Tail(await error)}");
        Assert.Contains($"error: {bundle}:{hostileLine}: facts/hostile.yaml: lists and mappings are nested more than 64 levels deep", await error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(temp, "talksbot-*"));
    }

    public void Dispose() => _cli.Dispose();

    /// <summary>The line <c>text: [[[…]]]</c>, 50,000 lists deep (100 KB), on line 3.</summary>
    private static byte[] DeeplyNested() =>
        Encoding.UTF8.GetBytes("facts:\n- id: deep\n  text: " + new string('[', Depth) + new string(']', Depth) + "\n");

    private static string BillionLaughs()
    {
        var yaml = new StringBuilder("facts: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\nlaughs:\n");
        for (var i = 1; i < 10; i++)
        {
            yaml.Append($"- &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9))}]\n");
        }

        return yaml.ToString();
    }

    private static string Tail(string text) => text.Length <= 2000 ? text : text[^2000..];

    /// <summary>A copy of the repository's knowledge with one more fact file, <c>facts/hostile.yaml</c>, holding these bytes.</summary>
    private string KnowledgeWith(byte[] hostile)
    {
        var knowledge = KnowledgeFiles.CopyOfRepository(Path.Combine(_cli.Directory, "knowledge"));
        File.WriteAllBytes(Path.Combine(knowledge, "facts", "hostile.yaml"), hostile);
        return knowledge;
    }
}
