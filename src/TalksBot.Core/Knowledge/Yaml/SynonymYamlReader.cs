using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace TalksBot.Core.Knowledge.Yaml;

/// <summary>Reads <c>knowledge/synonyms.yaml</c>: one group of words that mean the same per line, <c>- [cede, give up, relinquish]</c>.</summary>
/// <remarks>Validated like the other knowledge files: every problem is a <see cref="KnowledgeFileException"/> with <c>file:line</c>.</remarks>
internal static class SynonymYamlReader
{
    public const string RootKey = "synonyms";

    /// <summary>The synonyms of a knowledge directory; <see cref="SynonymSet.Empty"/> when it has no <c>synonyms.yaml</c>.</summary>
    /// <exception cref="KnowledgeFileException">The file is unreadable or malformed.</exception>
    public static SynonymSet ReadDirectory(string directory)
    {
        var path = Path.Combine(directory, KnowledgeLayout.SynonymsFile);
        return File.Exists(path) ? Read(YamlNodeReader.ReadFile(path), path) : SynonymSet.Empty;
    }

    /// <summary>Reads the text of a synonyms file; problems are reported under <paramref name="displayPath"/>.</summary>
    /// <exception cref="KnowledgeFileException">The text is malformed: not a list of lists, an empty or one-word group, a word in two groups.</exception>
    public static SynonymSet Read(string text, string displayPath)
    {
        var reader = new YamlNodeReader(displayPath);
        var groups = new List<IReadOnlyList<string>>();
        var lineOfWord = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var item in reader.ReadRootItems(text, RootKey))
        {
            if (item is not YamlSequenceNode sequence)
            {
                throw reader.Error(item, $"each item of '{RootKey}' must be a list of words that mean the same, such as '- [cede, give up, relinquish]'");
            }

            var group = new List<string>(sequence.Children.Count);
            foreach (var node in sequence.Children)
            {
                var word = node is YamlScalarNode { Value: { } value } ? Normalize(value) : "";
                if (word.Length == 0)
                {
                    throw reader.Error(node, "each word of a synonym group must be a non-empty text");
                }

                if (!lineOfWord.TryAdd(word, reader.LineOf(node)))
                {
                    throw reader.Error(node, $"'{word}' is already a synonym on line {lineOfWord[word]}; a word belongs to one group only");
                }

                group.Add(word);
            }

            if (group.Count < 2)
            {
                throw reader.Error(item, group.Count == 0
                    ? "an empty synonym group; remove it"
                    : $"the synonym group [{group[0]}] has one word; a group needs at least two");
            }

            groups.Add(group);
        }

        return new SynonymSet(groups);
    }

    /// <summary>Lowercase, words separated by single spaces: how the analyzer sees them after its tokenizer and lowercase filter.</summary>
    private static string Normalize(string word) =>
        string.Join(' ', word.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLower(CultureInfo.InvariantCulture);
}
