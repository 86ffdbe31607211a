using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;
using System.Text;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Search.Embeddings;

namespace TalksBot.Core.Search;

/// <summary>A fact's cosine similarity to a question.</summary>
public readonly record struct SemanticHit(string FactId, float Similarity);

/// <summary>
/// Sentence vectors of all current facts, compared to a question by brute-force dot products (10,000 facts × 384
/// dimensions is about a millisecond). Vectors are cached in the store keyed by a hash of model and text, so a start
/// (<see cref="BuildAsync"/>) re-encodes only facts whose text changed; afterwards it follows the store's changes in
/// the background, re-encoding a saved fact there, never on the moderator's request.
/// </summary>
public sealed class SemanticIndex : IKnowledgeChangeHandler, IDisposable
{
    private readonly IFactStore _store;
    private readonly IVectorCache _vectors;
    private readonly ITextEmbedder _embedder;
    private readonly KnowledgeChangeFeed _changes;
    private readonly SemaphoreSlim _updateLock = new(1, 1);
    private volatile Entries _entries = new([], [], []);
    private long _appliedThrough;
    private int _questionsWaiting;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, float[]> _questionVectors = new(StringComparer.Ordinal);

    /// <summary>How many recent questions' vectors are kept (about 1.5 KB each).</summary>
    public const int QuestionCacheSize = 4096;

    /// <summary>Questions encoded together at most: beyond 16, padding to the longest costs more than batching saves.</summary>
    public const int MaxQuestionBatch = 16;

    private readonly System.Threading.Channels.Channel<WaitingQuestion> _waiting =
        System.Threading.Channels.Channel.CreateUnbounded<WaitingQuestion>();

    private readonly Task[] _questionEncoders;

    /// <summary>An empty index (questions can be encoded at once); <see cref="BuildAsync"/> loads or encodes the facts' vectors.</summary>
    public SemanticIndex(IFactStore store, IVectorCache vectors, ITextEmbedder embedder, KnowledgeChangeFeed changes)
    {
        _store = store;
        _vectors = vectors;
        _embedder = embedder;
        _changes = changes;
        _questionEncoders = [.. Enumerable.Range(0, Math.Max(1, embedder.Concurrency)).Select(_ => Task.Run(EncodeWaitingQuestionsAsync))];
    }

    /// <summary>Loads the vectors of every current fact of the store's snapshot from the cache, encoding (and caching) those it lacks.</summary>
    public async Task BuildAsync(CancellationToken cancellationToken = default)
    {
        await _updateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // As for the lexical index: every change published so far is in the snapshot read after it.
            var upTo = _changes.LastPublished;
            _entries = await EntriesOfAsync(_store.Snapshot, cancellationToken).ConfigureAwait(false);
            _appliedThrough = Math.Max(_appliedThrough, upTo);
        }
        finally
        {
            _updateLock.Release();
        }
    }

    /// <summary>Follows the store: re-encodes (or takes from the cache) the facts the changes touched, or everything after an import.</summary>
    public async Task ApplyAsync(IReadOnlyList<KnowledgeChange> changes, CancellationToken cancellationToken)
    {
        await _updateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var pending = changes.Where(c => c.Sequence > _appliedThrough).ToList();
            if (pending.Count == 0)
            {
                return;
            }

            var newest = pending[^1];
            _entries = pending.Any(c => c.Kind == KnowledgeChangeKind.Everything)
                ? await EntriesOfAsync(newest.Snapshot, cancellationToken).ConfigureAwait(false)
                : await UpdateAsync(pending.Where(c => c.Fact is not null).Select(c => c.Fact!.After).ToList(), cancellationToken).ConfigureAwait(false);
            _appliedThrough = newest.Sequence;
        }
        finally
        {
            _updateLock.Release();
        }
    }

    /// <summary>How many facts the last build had to encode because no cached vector matched.</summary>
    public int LastBuildEncoded { get; private set; }

    public int Count => _entries.Ids.Length;

    /// <summary>
    /// The question's vector. After big news many members ask the same question; the last
    /// <see cref="QuestionCacheSize"/> questions' vectors are kept, so a burst encodes each distinct question once.
    /// </summary>
    public float[] EmbedQuestion(string question)
    {
        var key = QuestionKey(question);
        if (_questionVectors.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var vector = _embedder.Embed([question])[0];
        Remember(key, vector);
        return vector;
    }

    /// <summary>New questions waiting for the encoder now (those it is encoding not counted).</summary>
    public int QuestionsWaiting => Volatile.Read(ref _questionsWaiting);

    /// <summary>True when the question's vector is cached, so asking for it costs nothing.</summary>
    public bool IsCached(string question) => _questionVectors.ContainsKey(QuestionKey(question));

    /// <summary>
    /// The question's vector, from the cache or from the encoders (as many as the embedder runs at once), each taking
    /// every question waiting as a batch (up to <see cref="MaxQuestionBatch"/>), so a burst costs one call per batch;
    /// callers wait without holding a thread,
    /// so deferrals and the web server keep running.
    /// </summary>
    public Task<float[]> EmbedQuestionAsync(string question, CancellationToken cancellationToken = default)
    {
        var key = QuestionKey(question);
        if (_questionVectors.TryGetValue(key, out var cached))
        {
            return Task.FromResult(cached);
        }

        var waiting = new WaitingQuestion(key, question);
        Interlocked.Increment(ref _questionsWaiting);
        if (!_waiting.Writer.TryWrite(waiting))
        {
            Interlocked.Decrement(ref _questionsWaiting);
            throw new ObjectDisposedException(nameof(SemanticIndex));
        }

        return waiting.Vector.Task.WaitAsync(cancellationToken);
    }

    /// <summary>The <paramref name="count"/> facts most similar to the question vector, best first.</summary>
    /// <remarks>
    /// Scans int8-quantised copies of the vectors (a quarter of the memory traffic of floats), keeps twice as many
    /// candidates as asked, and re-scores those exactly.
    /// </remarks>
    public IReadOnlyList<SemanticHit> Nearest(float[] question, int count)
    {
        var entries = _entries;
        var dimensions = question.Length;
        if (entries.Ids.Length == 0 || count <= 0)
        {
            return [];
        }

        Span<sbyte> quantizedQuestion = stackalloc sbyte[dimensions];
        // The question's own scale factor is the same for every fact, so the ranking can ignore it.
        _ = Quantize(question, quantizedQuestion);
        var shortlist = Math.Min(entries.Ids.Length, count * 2);
        var best = new PriorityQueue<int, float>(shortlist + 1);
        var all = entries.Quantized.AsSpan();
        for (var i = 0; i < entries.Ids.Length; i++)
        {
            var approximate = DotInt8(quantizedQuestion, all.Slice(i * dimensions, dimensions)) * entries.Scales[i];
            if (best.Count < shortlist)
            {
                best.Enqueue(i, approximate);
            }
            else if (best.TryPeek(out _, out var lowest) && approximate > lowest)
            {
                best.EnqueueDequeue(i, approximate);
            }
        }

        var hits = new List<SemanticHit>(best.Count);
        while (best.TryDequeue(out var index, out _))
        {
            hits.Add(new SemanticHit(entries.Ids[index], Dot(question, entries.Vectors[index])));
        }

        return hits.OrderByDescending(h => h.Similarity).Take(count).ToList();
    }

    /// <summary>
    /// The similarity of one fact to the question vector, or null when the index holds no vector of the fact's current
    /// text: a fact saved a moment ago (the background updater is still encoding it), or edited since its vector was made.
    /// </summary>
    public float? Similarity(float[] question, Fact fact)
    {
        var entries = _entries;
        return entries.Positions.TryGetValue(fact.Id, out var index) && string.Equals(entries.Texts[index], EmbeddingText(fact), StringComparison.Ordinal)
            ? Dot(question, entries.Vectors[index])
            : null;
    }

    /// <summary>
    /// Each fact's similarity to the question vector; a fact the index has no vector of for its current text yet (saved
    /// a moment ago, or edited since) is encoded now, through the question encoders and cached like a question, all at
    /// once: a question asked between a save and its vector is judged as it will be after, not with a similarity of zero
    /// that lets a neighbour answer.
    /// </summary>
    public async Task<float[]> SimilaritiesAsync(float[] question, IReadOnlyList<Fact> facts, CancellationToken cancellationToken = default)
    {
        var similarities = new float[facts.Count];
        List<(int Index, Task<float[]> Vector)>? encoding = null;
        for (var i = 0; i < facts.Count; i++)
        {
            if (Similarity(question, facts[i]) is { } known)
            {
                similarities[i] = known;
            }
            else
            {
                (encoding ??= []).Add((i, EmbedQuestionAsync(EmbeddingText(facts[i]), cancellationToken)));
            }
        }

        foreach (var (index, vector) in encoding ?? [])
        {
            var encoded = await vector.ConfigureAwait(false);
            similarities[index] = Dot(question, encoded);
        }

        return similarities;
    }

    public void Dispose()
    {
        _waiting.Writer.TryComplete();
        Task.WaitAll(_questionEncoders, TimeSpan.FromSeconds(5));
        _updateLock.Dispose();
    }

    private static string QuestionKey(string question) =>
        string.Join(' ', question.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private void Remember(string key, float[] vector)
    {
        if (_questionVectors.Count >= QuestionCacheSize)
        {
            // Crude but bounded: forget everything rather than track recency on the hot path.
            _questionVectors.Clear();
        }

        _questionVectors[key] = vector;
    }

    /// <summary>One encoder of waiting questions: takes all that wait (up to a batch), encodes each distinct text once, answers every waiter.</summary>
    private async Task EncodeWaitingQuestionsAsync()
    {
        var batch = new List<WaitingQuestion>(MaxQuestionBatch);
        while (await _waiting.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxQuestionBatch && _waiting.Reader.TryRead(out var waiting))
            {
                Interlocked.Decrement(ref _questionsWaiting);
                batch.Add(waiting);
            }

            try
            {
                // A question asked again while it waited, or encoded by the previous batch, is encoded once.
                var texts = batch.Where(w => !_questionVectors.ContainsKey(w.Key)).DistinctBy(w => w.Key).ToList();
                if (texts.Count > 0)
                {
                    var vectors = _embedder.Embed(texts.Select(w => w.Question).ToList());
                    for (var i = 0; i < texts.Count; i++)
                    {
                        Remember(texts[i].Key, vectors[i]);
                    }
                }

                foreach (var waiting in batch)
                {
                    if (_questionVectors.TryGetValue(waiting.Key, out var vector))
                    {
                        waiting.Vector.TrySetResult(vector);
                    }
                    else
                    {
                        // Only if the cache was cleared between encoding and here: encode this one alone.
                        waiting.Vector.TrySetResult(EmbedQuestion(waiting.Question));
                    }
                }
            }
            catch (Exception exception)
            {
                foreach (var waiting in batch)
                {
                    waiting.Vector.TrySetException(exception);
                }
            }

            batch.Clear();
        }
    }

    private sealed record WaitingQuestion(string Key, string Question)
    {
        public TaskCompletionSource<float[]> Vector { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The text a fact is encoded from.</summary>
    internal static string EmbeddingText(Fact fact) => fact.Text;

    internal static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = Vector<float>.Zero;
        var i = 0;
        var va = MemoryMarshal.Cast<float, Vector<float>>(a);
        var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
        for (; i < va.Length; i++)
        {
            sum += va[i] * vb[i];
        }

        var total = Vector.Sum(sum);
        for (i *= Vector<float>.Count; i < a.Length; i++)
        {
            total += a[i] * b[i];
        }

        return total;
    }

    private string KeyOf(Fact fact) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(_embedder.ModelId + "\n" + EmbeddingText(fact))))[..32];

    private async Task<Entries> EntriesOfAsync(KnowledgeSnapshot snapshot, CancellationToken cancellationToken)
    {
        var facts = snapshot.Facts.Where(f => f.IsCurrent).ToList();
        var keys = facts.Select(KeyOf).ToList();
        var (cached, encoded) = await VectorsOfAsync(facts, keys, cancellationToken).ConfigureAwait(false);
        LastBuildEncoded = encoded;
        return new Entries([.. facts.Select(f => f.Id)], [.. facts.Select(EmbeddingText)], [.. keys.Select(k => cached[k])]);
    }

    /// <summary>The entries with the given facts' old vectors taken out and the current ones' new vectors added.</summary>
    private async Task<Entries> UpdateAsync(IReadOnlyList<Fact> changed, CancellationToken cancellationToken)
    {
        // The last saved version of each fact is what counts.
        var latest = changed.Reverse().DistinctBy(f => f.Id, StringComparer.OrdinalIgnoreCase).ToList();
        var current = latest.Where(f => f.IsCurrent).ToList();
        var keys = current.Select(KeyOf).ToList();
        var (vectors, _) = await VectorsOfAsync(current, keys, cancellationToken).ConfigureAwait(false);

        var entries = _entries;
        var gone = latest.Select(f => f.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var ids = new List<string>(entries.Ids.Length + current.Count);
        var texts = new List<string>(entries.Ids.Length + current.Count);
        var kept = new List<float[]>(entries.Ids.Length + current.Count);
        for (var i = 0; i < entries.Ids.Length; i++)
        {
            if (!gone.Contains(entries.Ids[i]))
            {
                ids.Add(entries.Ids[i]);
                texts.Add(entries.Texts[i]);
                kept.Add(entries.Vectors[i]);
            }
        }

        for (var i = 0; i < current.Count; i++)
        {
            ids.Add(current[i].Id);
            texts.Add(EmbeddingText(current[i]));
            kept.Add(vectors[keys[i]]);
        }

        return new Entries([.. ids], [.. texts], [.. kept]);
    }

    /// <summary>Vectors by key for these facts: cached ones from the store, the rest encoded in one batch and cached; and how many were encoded.</summary>
    private async Task<(Dictionary<string, float[]> Vectors, int Encoded)> VectorsOfAsync(List<Fact> facts, List<string> keys, CancellationToken cancellationToken)
    {
        var cached = facts.Count == 0 ? [] : await _vectors.LoadAsync(keys, cancellationToken).ConfigureAwait(false);
        var missing = facts.Where((_, i) => !cached.ContainsKey(keys[i])).DistinctBy(KeyOf).ToList();
        if (missing.Count > 0)
        {
            var encoded = _embedder.Embed(missing.Select(EmbeddingText).ToList(), cancellationToken);
            var fresh = missing.Select((fact, i) => (Key: KeyOf(fact), Vector: encoded[i])).ToDictionary(x => x.Key, x => x.Vector);
            await _vectors.SaveAsync(fresh, cancellationToken).ConfigureAwait(false);
            foreach (var (key, vector) in fresh)
            {
                cached[key] = vector;
            }
        }

        return (cached, missing.Count);
    }

    /// <summary>Scales a vector into int8 (the largest component becomes ±127); returns the factor back to floats.</summary>
    internal static float Quantize(ReadOnlySpan<float> vector, Span<sbyte> quantized)
    {
        var largest = 0f;
        foreach (var value in vector)
        {
            largest = Math.Max(largest, Math.Abs(value));
        }

        var scale = largest == 0 ? 1f : 127f / largest;
        for (var i = 0; i < vector.Length; i++)
        {
            quantized[i] = (sbyte)Math.Clamp(MathF.Round(vector[i] * scale), -127, 127);
        }

        return 1f / scale;
    }

    internal static int DotInt8(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        var i = 0;
        var sum = 0;
        if (Avx2.IsSupported)
        {
            var accumulator = Vector256<int>.Zero;
            ref var left = ref MemoryMarshal.GetReference(a);
            ref var right = ref MemoryMarshal.GetReference(b);
            for (; i + Vector256<sbyte>.Count <= a.Length; i += Vector256<sbyte>.Count)
            {
                var (leftLow, leftHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref left, (nuint)i));
                var (rightLow, rightHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref right, (nuint)i));
                accumulator += Avx2.MultiplyAddAdjacent(leftLow, rightLow) + Avx2.MultiplyAddAdjacent(leftHigh, rightHigh);
            }

            sum = Vector256.Sum(accumulator);
        }

        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private sealed class Entries
    {
        public Entries(string[] ids, string[] texts, float[][] vectors)
        {
            Ids = ids;
            Texts = texts;
            Vectors = vectors;
            Positions = new Dictionary<string, int>(ids.Length, StringComparer.OrdinalIgnoreCase);
            var dimensions = vectors.Length == 0 ? 0 : vectors[0].Length;
            Quantized = new sbyte[ids.Length * dimensions];
            Scales = new float[ids.Length];
            for (var i = 0; i < ids.Length; i++)
            {
                Positions[ids[i]] = i;
                Scales[i] = Quantize(vectors[i], Quantized.AsSpan(i * dimensions, dimensions));
            }
        }

        /// <summary>All vectors, int8, one after another: what the scan reads.</summary>
        public sbyte[] Quantized { get; }

        /// <summary>Per vector, the factor from its int8 values back to floats.</summary>
        public float[] Scales { get; }

        public string[] Ids { get; }

        /// <summary>The text each vector was encoded from.</summary>
        public string[] Texts { get; }

        public float[][] Vectors { get; }

        public Dictionary<string, int> Positions { get; }
    }
}
