using TalksBot.Core.Queries;

namespace TalksBot.Core.Knowledge.Lint;

/// <summary>
/// Warns about a person a party lists by full name and surname (knowledge/README.md) whom no current fact names: /ask
/// refuses questions about them ("I have nothing on …"). Add a fact that names them, or leave them out of the aliases.
/// </summary>
internal sealed class PersonWithoutFactRule : ILintRule
{
    public const string Name = "person-without-fact";

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        foreach (var party in context.Knowledge.Parties)
        {
            var people = NamedPeople.WithoutAFact([party], context.CurrentFacts);
            foreach (var person in people.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                yield return context.Locations.Alias(party.Id, person).Warning(
                    Name,
                    $"party '{party.Id}' lists '{person}', but no current fact names them: /ask answers questions about them " +
                    "with \"I have nothing on …\"; add a fact that names them");
            }
        }
    }
}
