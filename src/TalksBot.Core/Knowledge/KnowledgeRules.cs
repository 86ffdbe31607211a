using TalksBot.Core.Knowledge.Yaml;

namespace TalksBot.Core.Knowledge;

/// <summary>The rules every saved fact obeys, whatever engine stores it.</summary>
public static class KnowledgeRules
{
    /// <summary>The longest fact id; it has to fit in a platform's button and form ids.</summary>
    public const int MaxFactIdLength = 80;

    /// <summary>
    /// The fact a moderator's save writes over <paramref name="stored"/> (null for a new fact), having started from
    /// <paramref name="expectedRevision"/>: the next revision, stamped with who and when, the seed hash kept.
    /// </summary>
    /// <exception cref="FactRevisionConflictException">The stored revision is not the one the change started from.</exception>
    public static Fact NextRevision(Fact fact, Fact? stored, int? expectedRevision, Actor actor, DateTimeOffset now)
    {
        if (expectedRevision is { } expected && (stored?.Revision ?? 0) != expected)
        {
            throw new FactRevisionConflictException(stored ?? fact with { Revision = 0 }, expected);
        }

        return fact with
        {
            Revision = (stored?.Revision ?? 0) + 1,
            UpdatedBy = actor.DisplayName,
            UpdatedAt = now,
            Origin = FactOrigin.Moderator,
            SeedHash = stored?.SeedHash,
        };
    }

    /// <summary>Refuses a fact that breaks a rule of the knowledge base, given everything else it has.</summary>
    /// <exception cref="KnowledgeValidationException">What is wrong, in words a moderator can act on.</exception>
    public static void Validate(Fact fact, KnowledgeSnapshot knowledge)
    {
        if (fact.Id.Length is 0 or > MaxFactIdLength || !fact.Id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw new KnowledgeValidationException($"A fact id is 1–{MaxFactIdLength} lowercase letters, digits and dashes.");
        }

        if (string.IsNullOrWhiteSpace(fact.Text))
        {
            throw new KnowledgeValidationException("The fact text is empty.");
        }

        if (fact.Text.Length > KnowledgeYamlReader.MaxFactTextLength)
        {
            throw new KnowledgeValidationException($"The fact text has {fact.Text.Length} characters; the limit is {KnowledgeYamlReader.MaxFactTextLength}.");
        }

        foreach (var party in fact.AllParties.Where(p => !knowledge.PartiesById.ContainsKey(p)))
        {
            throw new KnowledgeValidationException($"Unknown party '{party}'.");
        }

        if (!knowledge.TopicsById.ContainsKey(fact.Topic))
        {
            throw new KnowledgeValidationException($"Unknown topic '{fact.Topic}'.");
        }

        if (fact.Sources.Count == 0)
        {
            throw new KnowledgeValidationException("Every fact needs at least one source.");
        }

        foreach (var source in fact.Sources.Where(s => !knowledge.SourcesById.ContainsKey(s.SourceId)))
        {
            throw new KnowledgeValidationException($"Unknown source '{source.SourceId}'.");
        }

        if (fact.SupersededBy is { } replacement && !knowledge.FactsById.ContainsKey(replacement))
        {
            throw new KnowledgeValidationException($"Unknown fact '{replacement}' in superseded-by.");
        }
    }
}
