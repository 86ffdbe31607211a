using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using TalksBot.Core.Knowledge;

namespace TalksBot.Core.Search;

/// <summary>A scored search hit with how much of the question it covers.</summary>
public sealed record SearchHit(Fact Fact, double Score, double Coverage);

/// <summary>The lexical side of a search: BM25 hits, and how much of the question's weight any fact's words cover.</summary>
public sealed class LexicalResult(IReadOnlyList<SearchHit> hits, Func<string, double> coverageOf)
{
    public static LexicalResult Empty { get; } = new([], _ => 0);

    public IReadOnlyList<SearchHit> Hits { get; } = hits;

    /// <summary>The share (0–1) of the question's idf weight found in the fact's text (names count half).</summary>
    public double CoverageOf(string factId) => coverageOf(factId);
}

/// <summary>
/// A Lucene BM25 index over current facts (text, plus the names of their parties and topic). Built from the store's
/// snapshot at start-up (<see cref="Build"/>), then it follows the store's changes in the background: a saved fact is
/// re-indexed, a deprecated or retracted one leaves the index.
/// </summary>
/// <remarks>
/// Each refresh makes a new <see cref="IndexState"/> (reader, searcher, fact ids by document, snapshot, terms), swapped
/// in atomically. A search holds a reference on its state's reader for as long as it runs, so a refresh never closes
/// a reader under a search, and the ids it maps hits with always belong to the reader it searched.
/// </remarks>
public sealed class FactIndex : IKnowledgeChangeHandler, IDisposable
{
    private const string IdField = "id";
    private const string TextField = "text";
    private const string PartyField = "party";
    private const string TopicField = "topic";
    private const int MaxTypoVariants = 8;
    private const double CommonTermShare = 0.3;

    private readonly IFactStore _store;
    private readonly KnowledgeChangeFeed _changes;
    private readonly FactAnalyzer _analyzer;
    private readonly RAMDirectory _directory = new();
    private readonly IndexWriter _writer;
    private readonly System.Threading.Lock _refreshLock = new();
    private volatile IndexState _state;
    private long _appliedThrough;
    private bool _disposed;

    /// <summary>An empty index; <see cref="Build"/> fills it.</summary>
    /// <param name="store">The facts to index.</param>
    /// <param name="changes">The store's changes, which the index follows.</param>
    /// <param name="synonyms">The knowledge's synonyms, used for the facts and the questions alike.</param>
    public FactIndex(IFactStore store, KnowledgeChangeFeed changes, SynonymSet synonyms)
    {
        _store = store;
        _changes = changes;
        _analyzer = new FactAnalyzer(synonyms);
        _writer = new IndexWriter(_directory, new IndexWriterConfig(FactAnalyzer.Version, _analyzer)
        {
            OpenMode = OpenMode.CREATE,
            Similarity = new BM25Similarity(),
        });
        _writer.Commit();
        _state = NewState(DirectoryReader.Open(_writer, applyAllDeletes: true), KnowledgeSnapshot.Empty, previous: null, changed: null);
    }

    public KnowledgeSnapshot Snapshot => _state.Snapshot;

    public NameMatcher Names => _state.Names;

    /// <summary>Indexes every current fact of the store's snapshot (CPU-bound: Lucene, names, spelling vocabulary).</summary>
    public void Build()
    {
        lock (_refreshLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);

            // Every change published so far is in the snapshot read after it (stores publish after swapping it in);
            // a later one may be too, and applying it again changes nothing.
            var upTo = _changes.LastPublished;
            Rebuild(_store.Snapshot);
            _appliedThrough = Math.Max(_appliedThrough, upTo);
        }
    }

    /// <summary>Follows the store: re-indexes the facts the changes touched, or everything after an import.</summary>
    public Task ApplyAsync(IReadOnlyList<KnowledgeChange> changes, CancellationToken cancellationToken)
    {
        lock (_refreshLock)
        {
            var pending = changes.Where(c => c.Sequence > _appliedThrough).ToList();
            if (pending.Count == 0 || _disposed)
            {
                return Task.CompletedTask;
            }

            var newest = pending[^1];
            if (pending.Any(c => c.Kind == KnowledgeChangeKind.Everything))
            {
                Rebuild(newest.Snapshot);
            }
            else
            {
                // The last saved version of each fact is what counts.
                var changed = pending.Where(c => c.Fact is not null).Select(c => c.Fact!.After).Reverse().DistinctBy(f => f.Id, StringComparer.OrdinalIgnoreCase).ToList();
                foreach (var fact in changed)
                {
                    var id = new Term(IdField, fact.Id);
                    if (fact.IsCurrent)
                    {
                        _writer.UpdateDocument(id, ToDocument(fact));
                    }
                    else
                    {
                        _writer.DeleteDocuments(id);
                    }
                }

                Swap(Refresh(newest.Snapshot, _state, changed));
            }

            _appliedThrough = newest.Sequence;
        }

        return Task.CompletedTask;
    }

    /// <summary>The question with misspelled words corrected towards the knowledge's words.</summary>
    public string CorrectSpelling(string question) => _state.Corrector.Correct(question);

    /// <summary>Capitalised names in the question that no fact, party or topic uses.</summary>
    public IReadOnlyList<string> UnknownNames(string question) => _state.Corrector.UnknownNames(question);

    /// <summary>Searches current facts; the boosts favour facts of the parties and topics the question names.</summary>
    public LexicalResult Search(string question, IReadOnlyCollection<NameMatch> mentions, int limit)
    {
        var state = Acquire();
        try
        {
            return Search(state, question, mentions, limit);
        }
        finally
        {
            state.Reader.DecRef();
        }
    }

    public void Dispose()
    {
        lock (_refreshLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _state.Reader.DecRef();
            _writer.Dispose();
            _directory.Dispose();
            _analyzer.Dispose();
        }
    }

    private LexicalResult Search(IndexState state, string question, IReadOnlyCollection<NameMatch> mentions, int limit)
    {
        var groups = _analyzer.TermGroups(TextField, question);
        if (groups.Count == 0 && mentions.Count == 0)
        {
            return LexicalResult.Empty;
        }

        var searcher = state.Searcher;
        var query = new BooleanQuery(disableCoord: true);
        var builder = new QueryBuilder(_analyzer);
        if (builder.CreateBooleanQuery(TextField, question, Occur.SHOULD) is { } textQuery)
        {
            query.Add(WithoutCommonTerms(textQuery, state), Occur.SHOULD);
        }

        var termWeights = new List<(HashSet<string> Variants, double Idf, double Credit)>();
        foreach (var group in groups)
        {
            var known = group.Where(state.Vocabulary.Contains).ToHashSet(StringComparer.Ordinal);
            if (known.Count > 0)
            {
                termWeights.Add((known, known.Max(state.Idf), 1.0));
                continue;
            }

            // A word no fact uses weighs as the rarest word; a typo match ("luhanks") earns only part of it, so
            // "Lakers" (≈ "later") does not make a sports question look answerable.
            var variants = group.SelectMany(state.Expand).ToHashSet(StringComparer.Ordinal);
            termWeights.Add((variants, state.MaxIdf, 0.5));
            foreach (var variant in variants.Take(MaxTypoVariants))
            {
                query.Add(new TermQuery(new Term(TextField, variant)), Occur.SHOULD);
            }
        }

        // Topics named in the question pull their facts into the candidates; parties (each on a quarter of all facts)
        // are weighed later, in the fusion, where it costs nothing.
        foreach (var mention in mentions.Where(m => m.Kind == NameKind.Topic))
        {
            query.Add(new TermQuery(new Term(TopicField, mention.Id)), Occur.SHOULD);
        }

        var totalWeight = termWeights.Sum(t => t.Idf);
        double CoverageOf(string id)
        {
            if (totalWeight == 0 || !state.TermsByFact.TryGetValue(id, out var factTerms))
            {
                return 0;
            }

            // A word found only among the party and topic names counts for half: the text is what answers. (Overlaps
            // walks its argument: the question's few variants, looked up in the fact's many terms.)
            var covered = 0.0;
            foreach (var (variants, idf, credit) in termWeights)
            {
                covered += factTerms.Text.Overlaps(variants) ? idf * credit : factTerms.Names.Overlaps(variants) ? idf * credit * 0.5 : 0;
            }

            return covered / totalWeight;
        }

        if (query.Clauses.Count == 0)
        {
            return new LexicalResult([], CoverageOf);
        }

        // In document order: Lucene's out-of-order BooleanScorer allocates a table of 2,048 buckets for every search
        // (about 100 KB a question), the in-order scorer nothing of the kind; the hits and scores are the same.
        var collector = TopScoreDocCollector.Create(limit, docsScoredInOrder: true);
        searcher.Search(query, collector);
        var top = collector.GetTopDocs();
        var hits = new List<SearchHit>(top.ScoreDocs.Length);
        foreach (var scoreDoc in top.ScoreDocs)
        {
            var id = state.IdsByDocument[scoreDoc.Doc];
            if (state.Snapshot.FactsById.TryGetValue(id, out var fact))
            {
                hits.Add(new SearchHit(fact, scoreDoc.Score, CoverageOf(id)));
            }
        }

        return new LexicalResult(hits, CoverageOf);
    }

    /// <summary>The current state with a reference on its reader taken; the caller releases it with <c>Reader.DecRef()</c>.</summary>
    private IndexState Acquire()
    {
        while (true)
        {
            var state = _state;
            if (state.Reader.TryIncRef())
            {
                return state;
            }

            // That state was replaced and its reader closed in between: the next read sees its successor.
            ObjectDisposedException.ThrowIf(_disposed, this);
        }
    }

    /// <summary>Makes <paramref name="next"/> the state searches use, and gives up the index's reference on the previous one's reader.</summary>
    private void Swap(IndexState next)
    {
        var previous = _state;
        _state = next;
        previous.Reader.DecRef();
    }

    private void Rebuild(KnowledgeSnapshot snapshot)
    {
        _writer.DeleteAll();
        foreach (var fact in snapshot.Facts.Where(f => f.IsCurrent))
        {
            _writer.AddDocument(ToDocument(fact));
        }

        // One segment searches fastest; live edits add small segments that Lucene merges as it goes.
        _writer.ForceMerge(1);
        Swap(Refresh(snapshot, previous: null, changed: null));
    }

    /// <summary>
    /// A state over the writer's latest content: a reopened reader (or another reference on the same one), and, when
    /// only some facts changed, only those re-analysed.
    /// </summary>
    private IndexState Refresh(KnowledgeSnapshot snapshot, IndexState? previous, IReadOnlyList<Fact>? changed)
    {
        var current = _state.Reader;
        var reader = DirectoryReader.OpenIfChanged(current, _writer, applyAllDeletes: true);
        if (reader is null)
        {
            current.IncRef();
            reader = current;
        }

        return NewState(reader, snapshot, previous, changed);
    }

    /// <summary>Derives the search state from a reader the state will own one reference of.</summary>
    private IndexState NewState(DirectoryReader reader, KnowledgeSnapshot snapshot, IndexState? previous, IReadOnlyList<Fact>? changed)
    {
        // Facts of the same parties and topic share their names' terms; analyse each combination once.
        var namesTerms = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        FactTerms Analyse(Fact fact)
        {
            var key = string.Join(',', fact.AllParties) + "|" + fact.Topic;
            if (!namesTerms.TryGetValue(key, out var names))
            {
                namesTerms[key] = names = _analyzer.Terms(TextField, NamesText(fact, snapshot));
            }

            return new FactTerms(_analyzer.Terms(TextField, fact.Text), names);
        }

        Dictionary<string, FactTerms> termsByFact;
        SpellingCorrector corrector;
        if (previous is not null && changed is not null)
        {
            termsByFact = new Dictionary<string, FactTerms>(previous.TermsByFact, StringComparer.OrdinalIgnoreCase);
            corrector = previous.Corrector;
            foreach (var fact in changed)
            {
                termsByFact.Remove(fact.Id);
                if (fact.IsCurrent)
                {
                    termsByFact[fact.Id] = Analyse(fact);
                }

                corrector = corrector.With(fact.Text);
            }
        }
        else
        {
            termsByFact = snapshot.Facts.Where(f => f.IsCurrent).ToDictionary(f => f.Id, Analyse, StringComparer.OrdinalIgnoreCase);
            corrector = new SpellingCorrector(snapshot);
        }

        return new IndexState(snapshot, reader, new IndexSearcher(reader) { Similarity = new BM25Similarity() }, new NameMatcher(snapshot), corrector, termsByFact)
        {
            IdsByDocument = IdsByDocument(reader),
        };
    }

    /// <summary>
    /// Fact ids by Lucene document number, resolved once per reader instead of loading stored fields per hit. Read
    /// into an array here because doc values instances keep a read position and must not be shared by concurrent searches.
    /// </summary>
    private static string[] IdsByDocument(DirectoryReader reader)
    {
        var ids = new string[reader.MaxDoc];
        var values = MultiDocValues.GetSortedValues(reader, IdField);
        var scratch = new BytesRef();
        for (var doc = 0; doc < ids.Length; doc++)
        {
            // A deleted document keeps its id until a merge, but is never a hit.
            values?.Get(doc, scratch);
            ids[doc] = values is null ? "" : scratch.Utf8ToString();
        }

        return ids;
    }

    /// <summary>
    /// Drops words that most facts contain ("russia", "ukraine" after synonyms) from the BM25 query: they barely change
    /// the ranking but make Lucene score most of the index. They still count in the coverage.
    /// </summary>
    private static Query WithoutCommonTerms(Query query, IndexState state)
    {
        if (query is not BooleanQuery boolean)
        {
            return query;
        }

        var limit = Math.Max(20, state.TermsByFact.Count * CommonTermShare);
        var kept = new BooleanQuery(boolean.CoordDisabled) { Boost = boolean.Boost };
        foreach (var clause in boolean.Clauses)
        {
            var terms = clause.Query switch
            {
                TermQuery term => [term.Term.Text],
                BooleanQuery synonyms => synonyms.Clauses.Select(c => (c.Query as TermQuery)?.Term.Text).OfType<string>().ToList(),
                _ => (List<string>)[],
            };
            if (terms.Count == 0 || terms.Any(t => state.DocumentFrequency.GetValueOrDefault(t) <= limit))
            {
                kept.Add(clause);
            }
        }

        return kept.Clauses.Count > 0 ? kept : boolean;
    }

    private static Document ToDocument(Fact fact)
    {
        var document = new Document
        {
            new StringField(IdField, fact.Id, Field.Store.NO),
            new SortedDocValuesField(IdField, new BytesRef(fact.Id)),
            new TextField(TextField, fact.Text, Field.Store.NO),
            new StringField(TopicField, fact.Topic, Field.Store.NO),
        };
        foreach (var party in fact.AllParties)
        {
            document.Add(new StringField(PartyField, party, Field.Store.NO));
        }

        return document;
    }

    private static string NamesText(Fact fact, KnowledgeSnapshot snapshot)
    {
        var names = new List<string>();
        foreach (var party in fact.AllParties)
        {
            if (snapshot.PartiesById.TryGetValue(party, out var p))
            {
                names.Add(p.Name);
                names.AddRange(p.Aliases);
            }
        }

        if (snapshot.TopicsById.TryGetValue(fact.Topic, out var topic))
        {
            names.Add(topic.Title);
            names.AddRange(topic.Aliases);
        }

        return string.Join(" \n ", names);
    }

    private sealed record FactTerms(HashSet<string> Text, HashSet<string> Names);

    private sealed class IndexState
    {
        public IndexState(KnowledgeSnapshot snapshot, DirectoryReader reader, IndexSearcher searcher, NameMatcher names, SpellingCorrector corrector, Dictionary<string, FactTerms> termsByFact)
        {
            Snapshot = snapshot;
            Reader = reader;
            Searcher = searcher;
            Names = names;
            Corrector = corrector;
            TermsByFact = termsByFact;
            // Frequencies count the facts' own words only: the names added for matching (every US fact carries "Rubio")
            // would make a name look common.
            DocumentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
            Vocabulary = new HashSet<string>(StringComparer.Ordinal);
            foreach (var terms in termsByFact.Values)
            {
                foreach (var term in terms.Text)
                {
                    DocumentFrequency[term] = DocumentFrequency.GetValueOrDefault(term) + 1;
                }

                Vocabulary.UnionWith(terms.Names);
            }

            Vocabulary.UnionWith(DocumentFrequency.Keys);
            VocabularyByLength = Vocabulary.Where(t => t.Length >= 4).GroupBy(t => t.Length).ToDictionary(g => g.Key, g => g.ToArray());
            MaxIdf = Math.Log(1 + ((termsByFact.Count + 0.5) / 0.5));
        }

        public KnowledgeSnapshot Snapshot { get; }

        /// <summary>The reader this state searches; the state owns one reference, each running search another.</summary>
        public DirectoryReader Reader { get; }

        public IndexSearcher Searcher { get; }

        public NameMatcher Names { get; }

        public SpellingCorrector Corrector { get; }

        /// <summary>Fact ids by document number (empty for a deleted document).</summary>
        public required string[] IdsByDocument { get; init; }

        public Dictionary<string, FactTerms> TermsByFact { get; }

        public Dictionary<string, int> DocumentFrequency { get; }

        public HashSet<string> Vocabulary { get; }

        public Dictionary<int, string[]> VocabularyByLength { get; }

        /// <summary>The weight of a term no fact contains: the rarest possible.</summary>
        public double MaxIdf { get; }

        public double Idf(string term)
        {
            var frequency = DocumentFrequency.GetValueOrDefault(term);
            return Math.Log(1 + ((TermsByFact.Count - frequency + 0.5) / (frequency + 0.5)));
        }

        /// <summary>Vocabulary terms within a small edit distance of a term the index lacks (typos such as "luhanks").</summary>
        public HashSet<string> Expand(string term)
        {
            var edits = Spelling.AllowedEdits(term.Length);
            var variants = new HashSet<string>(StringComparer.Ordinal);
            if (edits == 0)
            {
                return variants;
            }

            var best = edits + 1;
            var candidates = Enumerable.Range(term.Length - edits, (2 * edits) + 1)
                .SelectMany(length => VocabularyByLength.GetValueOrDefault(length) ?? []);
            foreach (var candidate in candidates)
            {
                var distance = Spelling.Distance(term, candidate, edits);
                if (distance > edits)
                {
                    continue;
                }

                if (distance < best)
                {
                    variants.Clear();
                    best = distance;
                }

                if (distance == best)
                {
                    variants.Add(candidate);
                }
            }

            return variants;
        }
    }
}
