using TalksBot.Core.Cards;

namespace TalksBot.Core.Knowledge.Lint;

/// <summary>
/// Warns about a preferred fact that a newer current fact of the same kind, party and topic has overtaken: members
/// asking for the current stance would get the older one first. Resolved by rank, or by <c>supersededBy</c>.
/// </summary>
internal sealed class PreferredRankRule : ILintRule
{
    public const string Name = "preferred-not-newest";

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        foreach (var preferred in context.CurrentFacts.Where(f => f.Rank == FactRank.Preferred))
        {
            var newer = context.CurrentFacts
                .Where(f => f.Kind == preferred.Kind && f.Party == preferred.Party && f.Topic == preferred.Topic && f.AsOf > preferred.AsOf)
                .OrderByDescending(f => f.AsOf)
                .ThenBy(f => f.Id, StringComparer.Ordinal)
                .ToList();
            if (newer.Count == 0)
            {
                continue;
            }

            var newest = newer[0];
            var where = context.Locations.Fact(newest.Id);
            var more = newer.Count > 1 ? $" (and {newer.Count - 1} more)" : "";
            yield return context.Locations.Fact(preferred.Id, "rank").Warning(
                Name,
                $"fact '{preferred.Id}' ({FactCards.Date(preferred.AsOf)}) is preferred, but '{newest.Id}' ({FactCards.Date(newest.AsOf)}, {where.File}:{where.Line}) " +
                $"is newer on the same party and topic{more}; rank the newer one preferred, or deprecate '{preferred.Id}' with supersededBy");
        }
    }
}
