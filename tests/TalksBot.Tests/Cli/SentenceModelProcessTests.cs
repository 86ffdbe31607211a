namespace TalksBot.Tests.Cli;

/// <summary>A sentence model that cannot be loaded stops the bot with one clear line, not a stack trace.</summary>
public sealed class SentenceModelProcessTests : IDisposable
{
    private readonly CliRunner _cli = new();

    [Fact]
    public async Task Ask_WithTheModelCopiedWithoutItsWeightsFile_ExitsWithOneLineNamingIt()
    {
        var model = Path.Combine(_cli.Directory, "model", "all-MiniLM-L6-v2-int8.onnx");
        Directory.CreateDirectory(Path.GetDirectoryName(model)!);
        File.Copy(Core.Search.Embeddings.MiniLmEmbedder.DefaultInt8ModelPath, model);

        using var process = _cli.Start(new Dictionary<string, string> { ["Search__ModelPath"] = model }, "ask", "Does Russia still demand Crimea?");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 1, $"exit {process.ExitCode}: {await error}");
        Assert.Contains("all-MiniLM-L6-v2-int8.onnx.data", await error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", await error + await output, StringComparison.Ordinal);
    }

    public void Dispose() => _cli.Dispose();
}
