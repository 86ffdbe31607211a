using System.Runtime.CompilerServices;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Search;

namespace TalksBot.Core.Queries;

/// <summary>
/// The people a party's aliases name, and which of them the knowledge holds nothing on. A person is listed among a
/// party's aliases by full name and by surname ("Andrii Sybiha", "Sybiha"; knowledge/README.md), which tells them from
/// places and institutions ("Brussels", "White House"). One no current fact names is known only as another name of the
/// party: a question about them is refused, never answered with someone else's words.
/// </summary>
internal static class NamedPeople
{
    private static readonly ConditionalWeakTable<KnowledgeSnapshot, Dictionary<string, string>> WithoutFacts = [];

    /// <summary>The people named in the question (by the matcher's <paramref name="mentions"/>) that no current fact names.</summary>
    public static IReadOnlyList<string> NamedWithoutFacts(KnowledgeSnapshot knowledge, IReadOnlyList<NameMatch> mentions)
    {
        var people = WithoutFacts.GetValue(knowledge, k => WithoutAFact(k.Parties, k.Facts));
        return people.Count == 0
            ? []
            : mentions.Where(m => m.Kind == NameKind.Party && people.ContainsKey(m.MatchedName))
                .Select(m => people[m.MatchedName])
                .Distinct(StringComparer.Ordinal)
                .ToList();
    }

    /// <summary>Every alias of a person no current fact names (full name and surname), each mapped to the full name.</summary>
    internal static Dictionary<string, string> WithoutAFact(IEnumerable<Party> parties, IEnumerable<Fact> facts)
    {
        var texts = facts.Where(f => f.IsCurrent).Select(f => f.Text).ToList();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var party in parties)
        {
            var aliases = party.Aliases.ToHashSet(StringComparer.Ordinal);
            foreach (var full in party.Aliases)
            {
                var space = full.IndexOf(' ', StringComparison.Ordinal);
                if (space <= 0 || !char.IsUpper(full[0]) || !full.All(c => char.IsAsciiLetter(c) || c is ' ' or '-' or '\''))
                {
                    continue;
                }

                var surname = full[(space + 1)..];
                if (!aliases.Contains(surname) || texts.Any(t => t.Contains(surname, StringComparison.Ordinal)))
                {
                    continue;
                }

                result[full] = full;
                result[surname] = full;
            }
        }

        return result;
    }
}
