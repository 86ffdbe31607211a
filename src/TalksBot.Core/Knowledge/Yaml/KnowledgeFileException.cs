namespace TalksBot.Core.Knowledge.Yaml;

/// <summary>A knowledge file that cannot be read, reported as <c>file:line: what is wrong</c>.</summary>
public sealed class KnowledgeFileException(string file, long line, string problem)
    : Exception($"{file}:{line}: {problem}")
{
    public string File { get; } = file;

    public long Line { get; } = line;

    public string Problem { get; } = problem;
}
