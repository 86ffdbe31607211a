using TalksBot.Core.Knowledge.Lint;
using TalksBot.Core.Knowledge.Yaml;
using TalksBot.Core.Search.Embeddings;

namespace TalksBot.Core.Tests.Knowledge.Lint;

/// <summary>A small, hand-written knowledge directory to lint: two parties, one topic, one dated source, the repository's loaded-wording list.</summary>
internal sealed class LintDirectory : IDisposable
{
    public static readonly DateOnly Today = new(2026, 11, 30);

    public const string OneSource = """
        sources:
        - id: ap-1
          title: Where things stand
          publisher: AP
          url: https://example.org/ap
          published: 2025-12-15
          reliability: normal
        """;

    public LintDirectory()
    {
        Write(KnowledgeLayout.PartiesFile, """
            parties:
            - id: russia
              name: Russia
            - id: ukraine
              name: Ukraine
            """);
        Write(KnowledgeLayout.TopicsFile, """
            topics:
            - id: territory
              title: Territory
              description: Who gets which land.
            """);
        Write(KnowledgeLayout.SourcesFile, OneSource);
        File.Copy(Path.Combine(TestKnowledge.KnowledgeDirectory, KnowledgeLayout.LoadedWordingFile), Path.Combine(Root, KnowledgeLayout.LoadedWordingFile));
    }

    public string Root { get; } = Directory.CreateTempSubdirectory("talksbot-lint-").FullName;

    /// <summary>Where findings in <c>facts/russia.yaml</c> point.</summary>
    public string FactsFile => Path.Combine(Root, "facts", "russia.yaml");

    public string SourcesFile => Path.Combine(Root, KnowledgeLayout.SourcesFile);

    /// <summary>Writes <c>facts/russia.yaml</c>; its first line is <c>facts:</c>, so the first fact's <c>- id:</c> is on line 2.</summary>
    public LintDirectory WithFacts(string yaml) => Write("facts/russia.yaml", yaml);

    public LintDirectory WithSources(string yaml) => Write(KnowledgeLayout.SourcesFile, yaml);

    public LintDirectory Write(string relativePath, string text)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text + "\n");
        return this;
    }

    public LintReport Lint(DateOnly? today = null, ITextEmbedder? embedder = null) =>
        new KnowledgeLinter(embedder).Lint(Root, today ?? Today);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }
}
