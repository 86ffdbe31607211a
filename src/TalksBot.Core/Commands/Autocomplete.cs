using TalksBot.Core.Cards;
using TalksBot.Core.Queries;
using TalksBot.Core.Search;

namespace TalksBot.Core.Commands;

/// <summary>One suggestion for an option being typed: what is shown, and the value sent back.</summary>
public sealed record Suggestion(string Name, string Value);

/// <summary>Suggestions for topic, party, fact-id and command options as the user types, best first.</summary>
public sealed class Autocomplete(QueryService queries)
{
    public const int MaxSuggestions = 25;

    public IReadOnlyList<Suggestion> Suggest(OptionKind kind, string typed, int max = MaxSuggestions)
    {
        var knowledge = queries.Knowledge;
        IEnumerable<(Suggestion Suggestion, IReadOnlyList<string> Names)> candidates = kind switch
        {
            OptionKind.Topic => knowledge.Topics.Select(t => (new Suggestion($"{t.Title} ({t.Id})", t.Id), (IReadOnlyList<string>)[t.Id, t.Title, .. t.Aliases])),
            OptionKind.Party => knowledge.Parties.Select(p => (new Suggestion($"{p.Name} ({p.Id})", p.Id), (IReadOnlyList<string>)[p.Id, p.Name, .. p.Aliases])),
            OptionKind.FactOrTopic => knowledge.Topics.Select(t => (new Suggestion($"Topic: {t.Title}", t.Id), (IReadOnlyList<string>)[t.Id, t.Title, .. t.Aliases]))
                .Concat(knowledge.Facts.Where(f => f.IsCurrent).Select(f => (new Suggestion(Shorten($"{f.Id}: {f.Text}"), f.Id), (IReadOnlyList<string>)[f.Id]))),
            OptionKind.FactId => knowledge.Facts.Select(f => (new Suggestion(Shorten($"{f.Id}{(f.IsCurrent ? "" : " (not current)")}: {f.Text}"), f.Id), (IReadOnlyList<string>)[f.Id])),
            OptionKind.Command => CommandCatalog.All.Select(c => (new Suggestion($"/{c.Name} — {c.Description}", c.Name), (IReadOnlyList<string>)[c.Name])),
            _ => [],
        };
        var text = typed.Trim().ToLowerInvariant();
        return candidates
            .Select(c => (c.Suggestion, Rank: Rank(text, c.Names)))
            .Where(c => c.Rank < int.MaxValue)
            .OrderBy(c => c.Rank)
            .ThenBy(c => c.Suggestion.Name, StringComparer.OrdinalIgnoreCase)
            .Take(max)
            .Select(c => c.Suggestion)
            .ToList();
    }

    /// <summary>
    /// 0 when the id or title starts with the text, 1 when an alias does, 2 when a word does, 3 when a name contains it,
    /// then by spelling distance. The first two names are the id and the title.
    /// </summary>
    private static int Rank(string text, IReadOnlyList<string> names)
    {
        if (text.Length == 0)
        {
            return 0;
        }

        var best = int.MaxValue;
        foreach (var (name, index) in names.Select((n, i) => (n.ToLowerInvariant(), i)))
        {
            if (name.StartsWith(text, StringComparison.Ordinal))
            {
                best = Math.Min(best, index < 2 ? 0 : 1);
            }
            else if (name.Split(' ', '-').Any(word => word.StartsWith(text, StringComparison.Ordinal)))
            {
                best = Math.Min(best, 2);
            }
            else if (name.Contains(text, StringComparison.Ordinal))
            {
                best = Math.Min(best, 3);
            }
            else if (text.Length >= 4)
            {
                var prefix = name.Length > text.Length ? name[..text.Length] : name;
                var distance = Spelling.Distance(text, prefix, 2);
                if (distance <= Spelling.AllowedEdits(text.Length))
                {
                    best = Math.Min(best, 4 + distance);
                }
            }
        }

        return best;
    }

    /// <summary>Discord shows at most 100 characters of a choice name.</summary>
    private static string Shorten(string text) => DisplayText.Shorten(text, 100);
}
