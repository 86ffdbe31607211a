namespace TalksBot.Core.Knowledge.Yaml;

/// <summary>The text of one knowledge file and where its problems are reported.</summary>
/// <param name="RelativePath">Its path in a knowledge directory, with '/': <c>facts/russia.yaml</c>.</param>
/// <param name="Text">The YAML.</param>
/// <param name="DisplayPath">The file named in errors: the file itself, or the bundle it came in.</param>
/// <param name="FirstLine">The line of <paramref name="DisplayPath"/> the text starts on.</param>
/// <param name="Section">Named before each problem when the text is one part of <paramref name="DisplayPath"/>.</param>
public sealed record KnowledgeFile(string RelativePath, string Text, string DisplayPath, long FirstLine = 1, string? Section = null);
