using TalksBot.Core.Knowledge;
using TalksBot.Core.Search;

namespace TalksBot.Core.Queries;

/// <summary>Answers the questions members ask, from the current knowledge. Every answer carries what it rests on.</summary>
public sealed class QueryService(FactIndex index)
{
    /// <summary>Below this share of the question's weight found in the best fact, the bot says it does not know.</summary>
    internal const double AnswerCoverageThreshold = 0.5;

    public KnowledgeSnapshot Knowledge => index.Snapshot;

    public Lookup<Topic> FindTopic(string text) =>
        Find(text, NameKind.Topic, Knowledge.TopicsById, Knowledge.Topics.Select(t => t.Id));

    public Lookup<Party> FindParty(string text) =>
        Find(text, NameKind.Party, Knowledge.PartiesById, Knowledge.Parties.Select(p => p.Id));

    /// <summary>True when the whole text is a party or topic name (or a near spelling), as free-text parsing needs.</summary>
    public bool IsName(string text, NameKind kind) => index.Names.ResolveExactly(text, kind) is not null;

    /// <summary>Each party's current positions on a topic (deprecated and retracted hidden), newest first.</summary>
    public PositionsAnswer Positions(Topic topic, Party? party = null)
    {
        var knowledge = Knowledge;
        var parties = knowledge.Facts
            .Where(f => f.IsCurrent && f.Kind == FactKind.Position && f.Topic == topic.Id && f.Party is not null)
            .Where(f => party is null || f.Party == party.Id)
            .GroupBy(f => f.Party!)
            .Select(g => new PartyPositions(
                knowledge.PartiesById[g.Key],
                g.OrderByDescending(f => f.AsOf).ThenBy(f => f.Rank).ThenBy(f => f.Id, StringComparer.Ordinal).ToList()))
            .OrderByDescending(p => p.Facts[0].AsOf)
            .ThenBy(p => p.Party.Id, StringComparer.Ordinal)
            .ToList();
        return new PositionsAnswer(topic, parties, knowledge);
    }

    /// <summary>Ranks facts for a free-text question; <see cref="AskAnswer.Answered"/> is false when nothing fits well enough.</summary>
    public AskAnswer Ask(string question, int limit = 5)
    {
        var knowledge = Knowledge;
        var mentions = index.Names.FindMentions(question);
        var hits = index.Search(question, mentions, limit);
        if (hits.Count == 0)
        {
            return new AskAnswer(question, false, [], NearestTopics(mentions, hits, knowledge), knowledge);
        }

        var maxScore = hits.Max(h => h.Score);
        var newest = knowledge.AsOf ?? DateOnly.MinValue;
        var mentionedParties = mentions.Where(m => m.Kind == NameKind.Party).Select(m => m.Id).ToHashSet();
        var mentionedTopics = mentions.Where(m => m.Kind == NameKind.Topic).Select(m => m.Id).ToHashSet();
        var intent = QuestionIntent.Of(question);
        var ranked = hits
            .Select(hit =>
            {
                var fact = hit.Fact;
                var score = (0.6 * hit.Score / maxScore) + (0.4 * hit.Coverage);
                if (fact.Party is not null && mentionedParties.Contains(fact.Party))
                {
                    score += 0.08;
                }

                if (mentionedTopics.Contains(fact.Topic))
                {
                    score += 0.04;
                }

                score += intent.Prior(fact.Kind);
                if (fact.Rank == FactRank.Preferred)
                {
                    score += 0.03;
                }

                // Newer facts win ties: up to 0.02 for the newest, fading over a year.
                var ageDays = newest.DayNumber - fact.AsOf.DayNumber;
                score += 0.02 * Math.Max(0, 1 - (ageDays / 365.0));
                return (Hit: hit, Score: score);
            })
            .OrderByDescending(x => x.Score)
            .ThenBy(x => x.Hit.Fact.Id, StringComparer.Ordinal)
            .ToList();

        var best = ranked[0].Hit;
        var answered = best.Coverage >= AnswerCoverageThreshold;
        var results = ranked.Take(limit).Select(x => new RankedFact(x.Hit.Fact, Math.Round(x.Score, 4))).ToList();
        return new AskAnswer(question, answered, results, NearestTopics(mentions, hits, knowledge), knowledge);
    }

    /// <summary>Events in date order, optionally within dates and for one party.</summary>
    public IReadOnlyList<Fact> Timeline(DateOnly? from = null, DateOnly? to = null, Party? party = null) =>
        Knowledge.Facts
            .Where(f => f.Kind == FactKind.Event && f.Status == FactStatus.Active)
            .Where(f => (from is null || f.AsOf >= from) && (to is null || f.AsOf <= to))
            .Where(f => party is null || f.AllParties.Contains(party.Id))
            .OrderBy(f => f.AsOf)
            .ThenBy(f => f.Id, StringComparer.Ordinal)
            .ToList();

    /// <summary>The sources of one fact (by id) or of a topic's current facts; null when the text names neither.</summary>
    public SourcesAnswer? Sources(string factOrTopic)
    {
        var knowledge = Knowledge;
        var text = factOrTopic.Trim();
        if (knowledge.FactsById.TryGetValue(text, out var fact))
        {
            return new SourcesAnswer(fact.Id, fact, null, knowledge.SourcesOf(fact).Select(s => (s, 1)).ToList(), fact.AsOf);
        }

        var topic = FindTopic(text).Value;
        if (topic is null)
        {
            return null;
        }

        var facts = knowledge.Facts.Where(f => f.IsCurrent && f.Topic == topic.Id).ToList();
        var sources = facts
            .SelectMany(knowledge.SourcesOf)
            .GroupBy(s => s.Id)
            .Select(g => (Source: g.First(), Citations: g.Count()))
            .OrderByDescending(x => x.Citations)
            .ThenByDescending(x => x.Source.Published)
            .ThenBy(x => x.Source.Id, StringComparer.Ordinal)
            .ToList();
        return new SourcesAnswer(topic.Title, null, topic, sources, facts.Count == 0 ? null : facts.Max(f => f.AsOf));
    }

    public IReadOnlyList<TopicSummary> Topics()
    {
        var knowledge = Knowledge;
        return knowledge.Topics
            .Select(topic =>
            {
                var facts = knowledge.Facts.Where(f => f.IsCurrent && f.Topic == topic.Id).ToList();
                return new TopicSummary(topic, facts.Count, facts.Count == 0 ? null : facts.Max(f => f.AsOf));
            })
            .ToList();
    }

    public AboutAnswer About()
    {
        var knowledge = Knowledge;
        var facts = knowledge.Facts;
        return new AboutAnswer(
            knowledge.AsOf,
            facts.Count,
            facts.Count(f => f.IsCurrent),
            facts.Count(f => f.IsCurrent && f.Kind == FactKind.Event),
            knowledge.Parties.Count,
            knowledge.Topics.Count,
            knowledge.Sources.Count,
            facts.Count(f => f.Status == FactStatus.Active && f.Rank == FactRank.Deprecated),
            facts.Count(f => f.Status == FactStatus.Retracted));
    }

    private Lookup<T> Find<T>(string text, NameKind kind, IReadOnlyDictionary<string, T> byId, IEnumerable<string> valid)
        where T : class
    {
        var validIds = valid.ToList();
        var match = index.Names.Resolve(text, kind);
        if (match is not null && byId.TryGetValue(match.Id, out var value))
        {
            return new Lookup<T>(value, text, [], validIds);
        }

        return new Lookup<T>(null, text, index.Names.Suggest(text, kind), validIds);
    }

    private static List<Topic> NearestTopics(IReadOnlyList<NameMatch> mentions, IReadOnlyList<SearchHit> hits, KnowledgeSnapshot knowledge)
    {
        var ids = mentions.Where(m => m.Kind == NameKind.Topic).Select(m => m.Id)
            .Concat(hits.Select(h => h.Fact.Topic))
            .Concat(knowledge.Topics.Select(t => t.Id))
            .Distinct()
            .Take(3);
        return ids.Select(id => knowledge.TopicsById.GetValueOrDefault(id)).OfType<Topic>().ToList();
    }
}
