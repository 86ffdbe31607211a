using TalksBot.Core.Knowledge.Yaml;
using TalksBot.Core.Queries;

namespace TalksBot.Core.Tests.Queries;

public sealed class EvaluationQuestionFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("talksbot-eval-").FullName;

    [Fact]
    public void ReadQuestions_NestedFiftyThousandLevelsDeep_StopsWithFileAndLineInsteadOfOverflowingTheStack()
    {
        var path = Write("deep.yaml", "- group: seed\n  q: " + new string('[', 50_000) + new string(']', 50_000) + "\n");

        var error = Assert.Throws<KnowledgeFileException>(() => Evaluation.ReadQuestions(path));

        Assert.Contains("deep.yaml:2", error.Message, StringComparison.Ordinal);
        Assert.Contains("nested more than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadQuestions_NotUtf8_StopsWithFileAndLine()
    {
        var path = Path.Combine(_directory, "latin1.yaml");
        File.WriteAllBytes(path, [.. "- group: seed\n  q: \"Qu'en pense l'Union europ"u8, 0xE9, .. "enne ?\"\n  expect: [\"x\"]\n"u8]);

        var error = Assert.Throws<KnowledgeFileException>(() => Evaluation.ReadQuestions(path));

        Assert.Contains("latin1.yaml:2", error.Message, StringComparison.Ordinal);
        Assert.Contains("not UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadQuestions_AWellFormedFile_ReadsEveryQuestion()
    {
        var path = Write("ok.yaml", "- {group: seed, q: \"Will Ukraine give up Donetsk?\", expect: [\"territory\"]}\n- {group: oos, q: \"Who wins the league?\", oos: true}\n");

        Assert.Equal(2, Evaluation.ReadQuestions(path).Count);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
