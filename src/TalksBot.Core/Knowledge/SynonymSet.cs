namespace TalksBot.Core.Knowledge;

/// <summary>
/// Groups of words that mean the same in questions and facts (cede = give up = relinquish …), kept in
/// <c>knowledge/synonyms.yaml</c> and reviewed like facts. Search analyses indexed facts and questions with them.
/// </summary>
/// <remarks>Each group's first word is its canonical form: every other word (or phrase) of the group also yields it.</remarks>
public sealed class SynonymSet
{
    public SynonymSet(IReadOnlyList<IReadOnlyList<string>> groups) => Groups = groups;

    /// <summary>No synonyms: words match only themselves.</summary>
    public static SynonymSet Empty { get; } = new([]);

    /// <summary>The groups in file order, each with at least two distinct lowercase words or phrases; no word is in two groups.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Groups { get; }
}
