using TalksBot.Core.Knowledge;
using TalksBot.Core.Search;

namespace TalksBot.Core.Queries;

/// <summary>Answers the questions members ask, from the current knowledge. Every answer carries what it rests on.</summary>
public sealed class QueryService(FactIndex index, SemanticIndex? semantic = null, SearchOptions? options = null)
{
    private const int CandidateCount = 20;
    private readonly SearchOptions _options = options ?? new SearchOptions();

    /// <summary>True when answers use sentence embeddings next to BM25.</summary>
    public bool UsesEmbeddings => semantic is not null;

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
    public async Task<AskAnswer> AskAsync(string question, int limit = 5, CancellationToken cancellationToken = default)
    {
        var knowledge = Knowledge;
        var ranked = await RankAsync(question, cancellationToken).ConfigureAwait(false);
        var mentions = ranked.Mentions;
        if (ranked.Candidates.Count == 0)
        {
            return new AskAnswer(question, false, [], NearestTopics(mentions, [], knowledge), knowledge);
        }

        var answered = IsConfident(ranked);
        var results = ranked.Candidates.Take(limit).Select(c => new RankedFact(c.Fact, Math.Round(c.Score, 4))).ToList();
        return new AskAnswer(question, answered, results, NearestTopics(mentions, results.Select(r => r.Fact), knowledge), knowledge);
    }

    /// <summary>Whether the best candidate is good enough to answer with, rather than say "I don't know".</summary>
    private bool IsConfident(RankedCandidates ranked)
    {
        var best = ranked.Candidates[0];
        if (ranked.LexicalOnly)
        {
            return best.Coverage >= _options.LexicalAnswerCoverage && ranked.UnknownNames.Count == 0;
        }

        var good = best.Similarity + (_options.AnswerCoverageWeight * best.Coverage) >= _options.AnswerThreshold ||
            (best.Coverage >= 0.95 && best.Similarity >= _options.FullCoverageMinimumSimilarity);
        return good && (ranked.UnknownNames.Count == 0 || best.Similarity >= _options.UnknownNameMinimumSimilarity);
    }

    /// <summary>Every candidate with the signals behind its score, best first (also for tuning: the eval verb's --signals).</summary>
    internal async Task<RankedCandidates> RankAsync(string question, CancellationToken cancellationToken)
    {
        var knowledge = Knowledge;
        var unknownNames = index.UnknownNames(question);
        question = index.CorrectSpelling(question);
        // Encoding the question is the slow step (~5-8 ms): the encoder runs it on another core while BM25 searches.
        // Overloaded (a flood of new questions): answer this one from BM25 alone now rather than seconds late.
        var shed = semantic is not null && _options.MaxQuestionsWaitingForEncoder > 0 &&
            semantic.QuestionsWaiting >= _options.MaxQuestionsWaitingForEncoder && !semantic.IsCached(question);
        if (shed)
        {
            Health.TalksBotMetrics.QuestionAnsweredLexically();
        }

        var encoding = shed ? null : semantic?.EmbedQuestionAsync(question, cancellationToken);
        var mentions = index.Names.FindMentions(question);
        var lexical = index.Search(question, mentions, CandidateCount);
        var questionVector = encoding is null ? null : await encoding.ConfigureAwait(false);
        var candidates = lexical.Hits.Select(h => h.Fact.Id).ToList();
        if (questionVector is not null)
        {
            candidates.AddRange(semantic!.Nearest(questionVector, CandidateCount).Select(h => h.FactId));
        }

        var maxScore = lexical.Hits.Count == 0 ? 1 : lexical.Hits.Max(h => h.Score);
        var lexicalHits = lexical.Hits.ToDictionary(h => h.Fact.Id, StringComparer.OrdinalIgnoreCase);
        var newest = knowledge.AsOf ?? DateOnly.MinValue;
        var mentionedParties = mentions.Where(m => m.Kind == NameKind.Party).Select(m => m.Id).ToList();
        var mentionedTopics = mentions.Where(m => m.Kind == NameKind.Topic).Select(m => m.Id).ToHashSet();
        var intent = QuestionIntent.Of(question);
        var scored = new List<Candidate>();
        foreach (var id in candidates.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (!knowledge.FactsById.TryGetValue(id, out var fact) || !fact.IsCurrent)
            {
                continue;
            }

            var hit = lexicalHits.GetValueOrDefault(id);
            var lexicalScore = hit is null ? 0 : hit.Score / maxScore;
            var coverage = hit?.Coverage ?? lexical.CoverageOf(id);
            var similarity = questionVector is null ? 0 : semantic!.Similarity(questionVector, id) ?? 0;
            var score = (_options.LexicalWeight * lexicalScore) + (_options.CoverageWeight * coverage) + (_options.SemanticWeight * similarity);
            // The party named first is usually the subject ("Does Russia want Ukrainian troops out …?").
            if (fact.Party is not null && mentionedParties.IndexOf(fact.Party) is var order and >= 0)
            {
                score += order == 0 ? _options.PrimaryPartyBonus : _options.OtherPartyBonus;
            }

            if (mentionedTopics.Contains(fact.Topic))
            {
                score += _options.TopicBonus;
            }

            score += intent.Prior(fact.Kind);
            if (fact.Rank == FactRank.Preferred)
            {
                score += 0.03;
            }

            // Newer facts win ties: up to 0.02 for the newest, fading over a year.
            var ageDays = newest.DayNumber - fact.AsOf.DayNumber;
            score += 0.02 * Math.Max(0, 1 - (ageDays / 365.0));
            scored.Add(new Candidate(fact, score, lexicalScore, coverage, similarity));
        }

        return new RankedCandidates(
            mentions,
            unknownNames,
            scored.OrderByDescending(c => c.Score).ThenBy(c => c.Fact.Id, StringComparer.Ordinal).ToList())
        {
            LexicalOnly = questionVector is null,
        };
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

    private static List<Topic> NearestTopics(IReadOnlyList<NameMatch> mentions, IEnumerable<Fact> facts, KnowledgeSnapshot knowledge)
    {
        var ids = mentions.Where(m => m.Kind == NameKind.Topic).Select(m => m.Id)
            .Concat(facts.Select(f => f.Topic))
            .Concat(knowledge.Topics.Select(t => t.Id))
            .Distinct()
            .Take(3);
        return ids.Select(id => knowledge.TopicsById.GetValueOrDefault(id)).OfType<Topic>().ToList();
    }
}

/// <summary>One candidate fact with the signals its score is made of.</summary>
internal sealed record Candidate(Fact Fact, double Score, double Lexical, double Coverage, double Similarity);

internal sealed record RankedCandidates(IReadOnlyList<NameMatch> Mentions, IReadOnlyList<string> UnknownNames, IReadOnlyList<Candidate> Candidates)
{
    /// <summary>Ranked without sentence vectors (lexical-only mode, or a question shed under overload).</summary>
    public bool LexicalOnly { get; init; }
}
