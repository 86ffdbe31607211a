using TalksBot.Core.Knowledge;
using TalksBot.Core.Queries.Time;
using TalksBot.Core.Search;
using TalksBot.Core.Search.Languages;

namespace TalksBot.Core.Queries;

/// <summary>Answers the questions members ask, from the current knowledge. Every answer carries what it rests on.</summary>
public sealed class QueryService(FactIndex index, SemanticIndex? semantic = null, SearchOptions? options = null, KnowledgeClock? clock = null, QuestionReader? reader = null)
{
    private const int CandidateCount = 20;

    /// <summary>A question's time window adds its facts to the candidates when it holds at most this many.</summary>
    private const int MaxWindowCandidates = 80;
    private readonly SearchOptions _options = options ?? new SearchOptions();
    private readonly QuestionReader _reader = reader ?? QuestionReader.Empty;

    /// <summary>True when answers use sentence embeddings next to BM25.</summary>
    public bool UsesEmbeddings => semantic is not null;

    public KnowledgeSnapshot Knowledge => index.Snapshot;

    /// <summary>Finds parties and topics by any of their names in the current knowledge.</summary>
    public NameMatcher Names => index.Names;

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

    /// <summary>
    /// Answers a free-text question against today's date (<paramref name="today"/>, else the clock): the best fact; for
    /// "latest" questions the newest relevant facts; for a period with no other subject, its events. A question about a
    /// time after the knowledge's horizon is never answered: the newest relevant facts come back, labelled, with
    /// <see cref="AskReason.AfterHorizon"/>.
    /// </summary>
    public async Task<AskAnswer> AskAsync(string question, int limit = 5, DateOnly? today = null, CancellationToken cancellationToken = default)
    {
        // Ukrainian and Russian are answered from their English reading; the answer keeps the question as asked.
        var reading = _reader.English(question);
        var answer = await AskInEnglishAsync(reading, limit, today, cancellationToken).ConfigureAwait(false);
        return answer with { Question = question, Reading = ReferenceEquals(reading, question) ? null : reading };
    }

    private async Task<AskAnswer> AskInEnglishAsync(string question, int limit, DateOnly? today, CancellationToken cancellationToken)
    {
        var knowledge = Knowledge;
        var day = today ?? clock?.Today ?? DateOnly.FromDateTime(DateTime.UtcNow);
        var time = QuestionTimeParser.Parse(question, day, phrase => NamedEventDate(knowledge, phrase));
        var horizon = knowledge.Horizon;
        var window = time.Reference == TimeReference.Window ? time.Window : null;
        var subject = string.IsNullOrWhiteSpace(time.Remainder) ? question : time.Remainder;
        var general = QuestionWords.IsGeneral(subject);
        AskAnswer With(bool answered, IReadOnlyList<RankedFact> results, AskReason reason, AskShape shape, IReadOnlyList<NameMatch> mentions) =>
            new(question, answered, results, NearestTopics(mentions, results.Select(r => r.Fact), knowledge), knowledge)
            {
                Reason = reason,
                Shape = shape,
                Time = time,
                Today = day,
            };

        // After the horizon: say so, and offer the newest of what is relevant (or of everything, for a general question).
        if (window is not null && horizon is { } end && window.From > end)
        {
            var after = await RankAsync(subject, null, cancellationToken).ConfigureAwait(false);
            if (general || (after.Candidates.Count > 0 && IsConfident(after)))
            {
                return With(false, Newest(general ? null : after, after.Mentions, knowledge, limit), AskReason.AfterHorizon, AskShape.Latest, after.Mentions);
            }

            return With(false, Top(after, limit), AskReason.NoMatch, AskShape.BestMatch, after.Mentions);
        }

        // Inside the knowledge the question's own words rank best: facts often say their dates ("on 28 February 2025").
        var ranked = await RankAsync(question, window, cancellationToken).ConfigureAwait(false);
        var mentions = ranked.Mentions;
        var runsPastHorizon = window is not null && horizon is { } last && window.To > last;

        // "What happened in January 2026?": the period's events, in date order.
        if (window is not null && general)
        {
            var events = Timeline(window.From, window.To).Select(f => new RankedFact(f, 1)).ToList();
            return events.Count > 0
                ? With(true, events, AskReason.None, AskShape.Period, mentions)
                : With(false, Newest(null, mentions, knowledge, limit), runsPastHorizon ? AskReason.PastHorizon : AskReason.NoMatch, AskShape.Latest, mentions);
        }

        // "What's the latest?", "any news on the ceasefire?": the newest relevant facts, newest first.
        if (time.Reference == TimeReference.Latest && window is null)
        {
            if (general)
            {
                return With(true, Newest(null, mentions, knowledge, limit), AskReason.None, AskShape.Latest, mentions);
            }

            if (ranked.Candidates.Count > 0 && IsConfident(ranked))
            {
                return With(true, Newest(ranked, mentions, knowledge, limit), AskReason.None, AskShape.Latest, mentions);
            }
        }

        if (ranked.Candidates.Count == 0)
        {
            return With(false, [], AskReason.NoMatch, AskShape.BestMatch, mentions);
        }

        var answered = IsConfident(ranked);
        var results = time.Reference == TimeReference.Present ? NewestFirstAmongTheBest(ranked, limit) : Top(ranked, limit);

        // Someone the knowledge has only as another name of a party ("What did Sybiha say?"): say so, never answer with
        // another person's words; a refusal names what it does not know ("Orban").
        // (A Cyrillic word the glossary could not read is no name to repeat: it may be any grammatical form.)
        var peopleWithoutFacts = NamedPeople.NamedWithoutFacts(knowledge, mentions);
        var unknownNames = answered ? [] : ranked.UnknownNames.Where(n => !CyrillicText.HasCyrillic(n) && !peopleWithoutFacts.Any(p => p.Contains(n, StringComparison.Ordinal))).ToList();
        if (peopleWithoutFacts.Count > 0 || unknownNames.Count > 0)
        {
            return With(false, results, AskReason.UnknownName, AskShape.BestMatch, mentions) with { UnknownNames = [.. peopleWithoutFacts, .. unknownNames] };
        }

        // A time that runs past the horizon ("this year"): only a fact inside it answers, and never a yes-or-no question,
        // whose answer may lie after the horizon.
        if (runsPastHorizon && (!answered || QuestionWords.IsClosed(subject) || !InWindow(results[0].Fact, window!)))
        {
            return With(false, results, AskReason.PastHorizon, AskShape.BestMatch, mentions);
        }

        // Right or silent: a best fact without the detail asked for is a neighbour, not the answer.
        if (answered && LacksTheDetail(ranked, window, knowledge))
        {
            return With(false, results, AskReason.NoDetail, AskShape.BestMatch, mentions);
        }

        return With(answered, results, answered ? AskReason.None : AskReason.NoMatch, AskShape.BestMatch, mentions);
    }

    /// <summary>
    /// True when the question asks for a detail the best fact does not hold: a count, an amount or a duration it does not
    /// give; "the second round" when it names another or none; a detail from a period it is not dated in.
    /// </summary>
    private static bool LacksTheDetail(RankedCandidates ranked, TimeWindow? window, KnowledgeSnapshot knowledge)
    {
        var detail = ranked.Detail;
        var best = ranked.Candidates[0].Fact;
        if (detail.MustHold && !FactDetails.Holds(best, detail, knowledge))
        {
            return true;
        }

        if (detail.StrictOrdinal && !detail.OrdinalsIn(best.Text, word => FactDetails.Rarity(knowledge, word)).Any(n => n.Ordinal == detail.Ordinal))
        {
            return true;
        }

        // "Who is Ukraine's defence minister?" answered with "Sergei Lavrov is Russia's foreign minister", "Who is the mayor of
        // Kyiv?" with Zelenskyy: a person the knowledge defines otherwise is a neighbour, when no one is defined by that role.
        if (detail.RoleWords.Count > 0 && best.Kind == FactKind.Person && !FactDetails.DefinesRole(best, detail.RoleWords) &&
            !knowledge.Facts.Any(f => f.IsCurrent && FactDetails.DefinesRole(f, detail.RoleWords)))
        {
            return true;
        }

        return detail.AsksForDetail && window is not null && !InWindow(best, window) && !FactDetails.NamesAMonthOf(best.Text, window);
    }

    /// <summary>The role's words without the one-word names of a party ("US", "Kremlin", "Ukraine's"): the party is matched apart.</summary>
    private static QuestionDetail WithoutPartyWords(QuestionDetail detail, IReadOnlyList<NameMatch> mentions)
    {
        if (detail.RoleWords.Count == 0)
        {
            return detail;
        }

        // Only a party's one-word names ("US", "Kremlin", "Ukraine"): an alias such as "Ukrainian delegation" holds a role.
        var partyWords = mentions.Where(m => m.Kind == NameKind.Party && m.WordCount == 1)
            .Select(m => FactDetails.Stem(m.MatchedName))
            .ToHashSet(StringComparer.Ordinal);
        return detail with { RoleWords = [.. detail.RoleWords.Where(w => w == detail.Role || !partyWords.Contains(w))] };
    }

    /// <summary>
    /// "Now" questions: of the candidates about as good as the best (within <see cref="SearchOptions.PresentScoreMargin"/>)
    /// on the same party and topic, the newest comes first; the rest keep their order.
    /// </summary>
    private List<RankedFact> NewestFirstAmongTheBest(RankedCandidates ranked, int limit)
    {
        var best = ranked.Candidates[0];
        // "Who is the current US president?": a newer fact about another person is no newer answer; only holders of the role compete.
        var role = ranked.Detail.RoleWords;
        var newest = ranked.Candidates
            .Where(c => c.Score >= best.Score - _options.PresentScoreMargin && c.Fact.Topic == best.Fact.Topic && c.Fact.Party == best.Fact.Party)
            .Where(c => role.Count == 0 || c.Fact.Kind != FactKind.Person || FactDetails.DefinesRole(c.Fact, role))
            .MaxBy(c => c.Fact.AsOf) ?? best;
        return ranked.Candidates.Where(c => c != newest).Prepend(newest).Take(limit)
            .Select(c => new RankedFact(c.Fact, Math.Round(c.Score, 4))).ToList();
    }

    private static List<RankedFact> Top(RankedCandidates ranked, int limit) =>
        ranked.Candidates.Take(limit).Select(c => new RankedFact(c.Fact, Math.Round(c.Score, 4))).ToList();

    private static bool InWindow(Fact fact, TimeWindow window) => fact.AsOf >= window.From && fact.AsOf <= window.To;

    /// <summary>
    /// The newest facts, newest first: of the relevant candidates (those scoring near the best) when ranked, else of the
    /// events and positions on the topics and parties the question names (all of them when it names none).
    /// </summary>
    private static List<RankedFact> Newest(RankedCandidates? ranked, IReadOnlyList<NameMatch> mentions, KnowledgeSnapshot knowledge, int limit)
    {
        var topics = mentions.Where(m => m.Kind == NameKind.Topic).Select(m => m.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var parties = mentions.Where(m => m.Kind == NameKind.Party).Select(m => m.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        bool OnTopic(Fact f) => topics.Count == 0 || topics.Contains(f.Topic);
        bool OwnParty(Fact f) => OnTopic(f) && (parties.Count == 0 || (f.Party is { } party && parties.Contains(party)));
        bool Involved(Fact f) => OnTopic(f) && (parties.Count == 0 || f.AllParties.Any(parties.Contains));
        IEnumerable<(Fact Fact, double Score)> pool;
        if (ranked is { Candidates.Count: > 0 })
        {
            // Relevant: near the best; of those, the named party's own facts, else facts involving it, else all.
            var best = ranked.Candidates[0].Score;
            var relevant = ranked.Candidates.Where(c => c.Score >= best * 0.75).Take(10).ToList();
            var named = relevant.Where(c => OwnParty(c.Fact)).ToList() is { Count: > 0 } own ? own : relevant.Where(c => Involved(c.Fact)).ToList();
            pool = (named.Count > 0 ? named : relevant).Select(c => (c.Fact, c.Score));
        }
        else
        {
            pool = knowledge.Facts.Where(f => f.IsCurrent && f.Kind is FactKind.Event or FactKind.Position && Involved(f)).Select(f => (f, 1.0));
        }

        return pool
            .OrderByDescending(p => p.Fact.AsOf)
            .ThenBy(p => p.Fact.Kind == FactKind.Event ? 0 : 1)
            .ThenByDescending(p => p.Score)
            .ThenBy(p => p.Fact.Id, StringComparer.Ordinal)
            .Take(limit)
            .Select(p => new RankedFact(p.Fact, Math.Round(p.Score, 4)))
            .ToList();
    }

    /// <summary>
    /// The date of the event a phrase names ("Berlin talks", "Alaska summit"): the earliest current event whose text holds
    /// every word of the phrase that is not a general word for a meeting. Null when none does.
    /// </summary>
    internal static DateOnly? NamedEventDate(KnowledgeSnapshot knowledge, string phrase)
    {
        string[] meetingWords = ["talks", "talk", "meeting", "meetings", "summit", "round", "negotiations", "conference", "visit", "the", "of", "in"];
        var words = phrase.Split([' ', '-', ',', '.', '?', '!'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => !meetingWords.Contains(w, StringComparer.OrdinalIgnoreCase))
            .ToList();
        if (words.Count == 0)
        {
            return null;
        }

        var match = knowledge.Facts
            .Where(f => f.Kind == FactKind.Event && f.IsCurrent && words.All(w => f.Text.Contains(w, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(f => f.AsOf)
            .FirstOrDefault();
        return match?.AsOf;
    }

    private static bool NamedInTheQuestion(Fact fact, QuestionDetail detail) =>
        FactDetails.SubjectSurname(fact) is { } surname && detail.QuestionWords.Contains(surname);

    /// <summary>Whether the best candidate is good enough to answer with, rather than say "I don't know".</summary>
    private bool IsConfident(RankedCandidates ranked)
    {
        var best = ranked.ConfidenceBasis ?? ranked.Candidates[0];

        // "Who is the current US president?" and the knowledge's person defined as the sitting US president.
        var detail = ranked.Detail;
        if (detail.RoleWords.Count > 0 && ranked.UnknownNames.Count == 0 && FactDetails.DefinesRole(best.Fact, detail.RoleWords) && !NamedInTheQuestion(best.Fact, detail))
        {
            return true;
        }

        if (ranked.LexicalOnly)
        {
            return best.Coverage >= _options.LexicalAnswerCoverage && ranked.UnknownNames.Count == 0;
        }

        var good = best.Similarity + (_options.AnswerCoverageWeight * best.Coverage) >= _options.AnswerThreshold ||
            (best.Coverage >= 0.95 && best.Similarity >= _options.FullCoverageMinimumSimilarity);
        return good && (ranked.UnknownNames.Count == 0 || best.Similarity >= _options.UnknownNameMinimumSimilarity);
    }

    /// <summary>Every candidate with the signals behind its score, best first (also for tuning: the eval verb's --signals).</summary>
    internal Task<RankedCandidates> RankAsync(string question, CancellationToken cancellationToken) => RankAsync(question, null, cancellationToken);

    /// <summary>
    /// The facts nearest to a text that is no question (a news headline and summary), by the same hybrid ranking, each
    /// with its relevance (0–1): the sentence similarity, or with lexical ranking only, the share of the text's words
    /// the fact covers. Also the parties and topics the text names.
    /// </summary>
    public async Task<(IReadOnlyList<NameMatch> Mentions, IReadOnlyList<(Fact Fact, double Relevance)> Facts)> RelatedAsync(string text, int limit, CancellationToken cancellationToken = default)
    {
        var ranked = await RankAsync(text, null, cancellationToken).ConfigureAwait(false);
        var facts = ranked.Candidates
            .Select(c => (c.Fact, Relevance: ranked.LexicalOnly ? c.Coverage : Math.Max(c.Similarity, 0)))
            .OrderByDescending(c => c.Relevance)
            .Take(limit)
            .ToList();
        return (ranked.Mentions, facts);
    }

    /// <summary>
    /// Ranks candidates; facts dated inside <paramref name="window"/> join the candidates and rank first.
    /// </summary>
    internal async Task<RankedCandidates> RankAsync(string question, TimeWindow? window, CancellationToken cancellationToken)
    {
        question = _reader.English(question);
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

        if (window is not null)
        {
            var inWindow = knowledge.Facts.Where(f => f.IsCurrent && InWindow(f, window)).Select(f => f.Id).ToList();
            if (inWindow.Count <= MaxWindowCandidates)
            {
                candidates.AddRange(inWindow);
            }
        }

        var maxScore = lexical.Hits.Count == 0 ? 1 : lexical.Hits.Max(h => h.Score);
        var lexicalHits = lexical.Hits.ToDictionary(h => h.Fact.Id, StringComparer.OrdinalIgnoreCase);
        var newest = knowledge.AsOf ?? DateOnly.MinValue;
        var mentionedParties = mentions.Where(m => m.Kind == NameKind.Party).Select(m => m.Id).ToList();
        var subject = SubjectParty(question, mentions);
        var mentionedTopics = mentions.Where(m => m.Kind == NameKind.Topic).Select(m => m.Id).ToHashSet();
        var intent = QuestionIntent.Of(question);
        var detail = WithoutPartyWords(QuestionDetail.Of(question), mentions);
        var current = candidates.Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(id => knowledge.FactsById.GetValueOrDefault(id))
            .Where(f => f is { IsCurrent: true })
            .Select(f => f!)
            .ToList();
        var similarities = questionVector is null ? null : await semantic!.SimilaritiesAsync(questionVector, current, cancellationToken).ConfigureAwait(false);
        var scored = new List<Candidate>();
        for (var i = 0; i < current.Count; i++)
        {
            var fact = current[i];
            var id = fact.Id;
            var hit = lexicalHits.GetValueOrDefault(id);
            var lexicalScore = hit is null ? 0 : hit.Score / maxScore;
            var coverage = hit?.Coverage ?? lexical.CoverageOf(id);
            var similarity = similarities?[i] ?? 0;
            var score = (_options.LexicalWeight * lexicalScore) + (_options.CoverageWeight * coverage) + (_options.SemanticWeight * similarity);
            // The subject's facts first ("Does Russia want Ukrainian troops out …?"), other named parties' a little.
            if (fact.Party is not null && mentionedParties.Contains(fact.Party))
            {
                score += fact.Party == subject ? _options.PrimaryPartyBonus : _options.OtherPartyBonus;
            }

            if (mentionedTopics.Contains(fact.Topic))
            {
                score += _options.TopicBonus;
            }

            score += intent.Prior(fact.Kind);
            score += DetailScore(fact, detail, knowledge);
            if (fact.Rank == FactRank.Preferred)
            {
                score += 0.03;
            }

            // Newer facts win ties: up to 0.02 for the newest (more for "now" questions), fading over a year.
            var ageDays = newest.DayNumber - fact.AsOf.DayNumber;
            score += 0.02 * Math.Max(0, 1 - (ageDays / 365.0));
            if (window is not null && InWindow(fact, window))
            {
                score += _options.TimeWindowBonus;
            }
            scored.Add(new Candidate(fact, score, lexicalScore, coverage, similarity));
        }

        var ordered = scored.OrderByDescending(c => c.Score).ThenBy(c => c.Fact.Id, StringComparer.Ordinal).ToList();
        var confidenceBasis = ordered.Count > 0 ? ordered[0] : null;
        PreferTheSubjectsOwnFact(ordered, question, subject, mentions, detail, knowledge);
        return new RankedCandidates(mentions, unknownNames, ordered)
        {
            ConfidenceBasis = confidenceBasis,
            LexicalOnly = questionVector is null,
            Detail = detail,
        };
    }

    /// <summary>A bonus for a fact holding the detail asked for (a date, a place, a count …) and the ordinal named; a malus without.</summary>
    private double DetailScore(Fact fact, QuestionDetail detail, KnowledgeSnapshot knowledge)
    {
        var score = 0.0;
        if (detail.Kind != DetailKind.None)
        {
            // A detail without which a fact cannot answer weighs more than one that only helps.
            var weight = detail.MustHold ? _options.RequiredDetailBonus : _options.DetailBonus;
            score += FactDetails.Holds(fact, detail, knowledge) ? weight : -weight;
        }

        // "Who is the US envoy?": the person whose fact says they are one, not one whose fact mentions envoys. A person the
        // question names ("Trump's envoy", "before Umerov") is not the one it asks for: their own fact is the neighbour.
        if (detail.RoleWords.Count > 0)
        {
            score += NamedInTheQuestion(fact, detail) ? -8 * _options.DetailBonus
                : FactDetails.DefinesRole(fact, detail.RoleWords) ? _options.DetailBonus
                : 0;
        }

        if (detail.Ordinal is { } ordinal)
        {
            // "the second trilateral round": a fact that numbers the same series differently is not about that one.
            var named = detail.OrdinalsIn(fact.Text, word => FactDetails.Rarity(knowledge, word)).ToList();
            var match = named.Where(n => n.Ordinal == ordinal).Select(n => n.Match).DefaultIfEmpty(0).Max();
            score += match > 0 ? _options.OrdinalBonus * match
                : named.Count > 0 ? (detail.StrictOrdinal ? -4 : -1) * _options.OrdinalBonus
                : 0;
        }

        return score;
    }

    /// <summary>
    /// The party that acts in the question: the first one named that does not follow a preposition ("Is Ukraine willing
    /// to …", "Could Kyiv abandon …"; not "pressure on Ukraine", "demands of Russia").
    /// </summary>
    internal static string? SubjectParty(string question, IReadOnlyList<NameMatch> mentions)
    {
        var parties = mentions.Where(m => m.Kind == NameKind.Party).ToList();
        var subject = parties.FirstOrDefault(m => !AfterAPreposition(question, m)) ?? parties.FirstOrDefault();
        return subject?.Id;
    }

    /// <summary>
    /// A name after a preposition is a place or an object ("troops in Ukraine", "pressure on Kyiv"), not who acts; so is a
    /// party's adjective ("European soldiers", "Russian demands").
    /// </summary>
    private static bool AfterAPreposition(string question, NameMatch mention)
    {
        string[] adjectives = ["european", "russian", "ukrainian", "american", "british", "french", "german"];
        if (adjectives.Contains(NameMatcher.Normalize(mention.MatchedName)))
        {
            return true;
        }

        string[] prepositions = ["from", "to", "of", "on", "about", "with", "against", "for", "by", "at", "in", "into", "between", "toward", "towards", "over", "than"];
        return prepositions.Contains(NameMatcher.WordBefore(question, mention.Position));
    }

    /// <summary>
    /// Wrong party: when the best fact is another party's and the subject's own fact is nearly as relevant (within
    /// <see cref="SearchOptions.SubjectRelevance"/> of its score), the subject's fact comes first.
    /// </summary>
    private void PreferTheSubjectsOwnFact(
        List<Candidate> ordered, string question, string? subject, IReadOnlyList<NameMatch> mentions, QuestionDetail detail, KnowledgeSnapshot knowledge)
    {
        // Only a party the member did not name at all is the wrong party ("Must Ukraine sign before the US …?" may well
        // be answered by the US), and only for a question about the subject's own stance: "Is Russia dragging out the
        // talks?" may be answered by Ukraine's charge.
        // A context fact is an overview, not the subject's own word either ("What does Europe think about …?"); an event
        // may well be what the subject did.
        var bestParty = ordered.Count > 0 ? ordered[0].Fact.Party : null;
        if (subject is null || ordered.Count < 2 || bestParty == subject || (bestParty is null && ordered[0].Fact.Kind != FactKind.Context) ||
            mentions.Any(m => m.Kind == NameKind.Party && m.Id == bestParty && !AfterAPreposition(question, m)) ||
            !QuestionWords.AsksForAStance(question))
        {
            return;
        }

        // The subject's own fact on the same topic: what it says about the matter, not something else it said.
        var own = ordered.FirstOrDefault(c => c.Fact.Party == subject && c.Fact.Topic == ordered[0].Fact.Topic);
        var keepsTheDetail = detail.Kind == DetailKind.None || own is null || FactDetails.Holds(own.Fact, detail, knowledge) ||
            !FactDetails.Holds(ordered[0].Fact, detail, knowledge);
        if (own is not null && keepsTheDetail && own.Score >= ordered[0].Score * _options.SubjectRelevance)
        {
            ordered.Remove(own);
            ordered.Insert(0, own with { Score = ordered[0].Score + 0.001 });
        }
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

    /// <summary>The detail the question asks for.</summary>
    public QuestionDetail Detail { get; init; } = QuestionDetail.None;

    /// <summary>
    /// The candidate whose signals say whether to answer at all: the best by score, before the subject's own fact was put
    /// first (that says which fact answers, not whether the knowledge can).
    /// </summary>
    public Candidate? ConfidenceBasis { get; init; }
}
