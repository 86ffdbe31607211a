using Microsoft.Extensions.DependencyInjection;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Search;
using TalksBot.Core.Search.Embeddings;

namespace TalksBot.Core.Tests.Search;

public sealed class SemanticIndexTests
{
    [Fact]
    public async Task Build_SecondStartOnTheSameDatabase_EncodesNothingAgain()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());
        var embedder = new CountingEmbedder();

        using (var first = await BuiltAsync(knowledge, embedder))
        {
            Assert.Equal(2, first.LastBuildEncoded);
        }

        using var second = await BuiltAsync(knowledge, embedder);

        Assert.Equal(0, second.LastBuildEncoded);
        Assert.Equal(2, embedder.TextsEncoded);
        Assert.Equal(2, second.Count);
    }

    [Fact]
    public async Task Build_AfterOneFactChanged_EncodesOnlyThatFact()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());
        var embedder = new CountingEmbedder();
        (await BuiltAsync(knowledge, embedder)).Dispose();
        var changed = TestKnowledge.Small();
        changed = changed with { Facts = changed.Facts.Select(f => f.Id == "ua-land" ? f with { Text = "Ukraine offers a ceasefire on the current line." } : f).ToList() };
        knowledge.Store.Import(changed);

        using var rebuilt = await BuiltAsync(knowledge, embedder);

        Assert.Equal(1, rebuilt.LastBuildEncoded);
    }

    [Fact]
    public async Task EmbedQuestion_TheSameQuestionAgain_IsNotEncodedAgain()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());
        var embedder = new CountingEmbedder();
        using var semantic = await BuiltAsync(knowledge, embedder);
        var before = embedder.TextsEncoded;

        var first = semantic.EmbedQuestion("Will Ukraine give up Donetsk?");
        var again = semantic.EmbedQuestion("will ukraine  give up donetsk?");
        semantic.EmbedQuestion("Something else entirely?");

        Assert.Equal(first, again);
        Assert.Equal(before + 2, embedder.TextsEncoded);
    }

    [Fact]
    public async Task EmbedQuestionAsync_ManyQuestionsAtOnce_EncodesEachDistinctOneOnceInBatches()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());
        var embedder = new CountingEmbedder();
        using var semantic = await BuiltAsync(knowledge, embedder);
        var before = embedder.TextsEncoded;
        using var gate = new ManualResetEventSlim();
        embedder.Gate = gate;
        embedder.Batches.Clear();

        // The encoder holds the first question at the gate while 40 more (20 distinct) arrive.
        var first = semantic.EmbedQuestionAsync("What does Russia want?");
        Assert.True(SpinWait.SpinUntil(() => embedder.AtGate, TimeSpan.FromSeconds(5)));
        var questions = Enumerable.Range(0, 40).Select(i => $"question number {i % 20}").ToList();
        var waiting = questions.Select(q => semantic.EmbedQuestionAsync(q)).ToList();
        gate.Set();
        var vectors = await Task.WhenAll(waiting);
        await first;

        Assert.Equal(before + 21, embedder.TextsEncoded);
        Assert.Equal([1, SemanticIndex.MaxQuestionBatch, 20 - SemanticIndex.MaxQuestionBatch], embedder.Batches);
        for (var i = 0; i < questions.Count; i++)
        {
            Assert.Equal(semantic.EmbedQuestion(questions[i]), vectors[i]);
        }

        Assert.Equal(before + 21, embedder.TextsEncoded);
    }

    [Fact]
    public async Task EmbedQuestionAsync_WithTwoEncoders_EncodesANewQuestionWhileAnotherIsStillEncoding()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());
        var embedder = new CountingEmbedder { Concurrency = 2 };
        using var semantic = await BuiltAsync(knowledge, embedder);
        using var gate = new ManualResetEventSlim();
        embedder.Gate = gate;

        var first = semantic.EmbedQuestionAsync("the first new question");
        Assert.True(SpinWait.SpinUntil(() => embedder.Running == 1, TimeSpan.FromSeconds(5)));
        var second = semantic.EmbedQuestionAsync("a second new question");

        // One encoder per core: the second question is not queued behind the first.
        Assert.True(SpinWait.SpinUntil(() => embedder.Running == 2, TimeSpan.FromSeconds(5)), "the second question waited for the first one's encoding");
        gate.Set();
        var vectors = await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(semantic.EmbedQuestion("a second new question"), vectors[1]);
    }

    [Fact]
    public async Task Nearest_FollowsSavesThroughTheChangeFeed()
    {
        var embedder = new CountingEmbedder();
        using var knowledge = TestKnowledge.With(TestKnowledge.Small(), hybrid: true, configure: services => services.AddSingleton<ITextEmbedder>(embedder));
        var semantic = knowledge.Semantic!;
        var question = semantic.EmbedQuestion("grain corridor odesa");
        Assert.NotEqual("ua-grain", semantic.Nearest(question, 1)[0].FactId);

        knowledge.Store.Save(TestKnowledge.SmallFact("ua-grain", "ukraine", "territory", "Grain corridor from Odesa"), RevisionAction.Create, "mod");
        await knowledge.IndexCaughtUpAsync();
        Assert.Equal("ua-grain", semantic.Nearest(question, 1)[0].FactId);

        var grain = knowledge.Store.Snapshot.FactsById["ua-grain"];
        knowledge.Store.Save(grain with { Rank = FactRank.Deprecated }, RevisionAction.Deprecate, "mod");
        await knowledge.IndexCaughtUpAsync();
        Assert.DoesNotContain(semantic.Nearest(question, 5), h => h.FactId == "ua-grain");
        Assert.Null(semantic.Similarity(question, knowledge.Store.Snapshot.FactsById["ua-grain"]));
    }

    [Fact]
    public void Dot_OfUnitVectors_IsTheirCosine()
    {
        float[] a = [0.6f, 0.8f, 0, 0, 0, 0, 0, 0, 0, 0];
        float[] b = [0.8f, 0.6f, 0, 0, 0, 0, 0, 0, 0, 0];

        Assert.Equal(0.96f, SemanticIndex.Dot(a, b), 4);
        Assert.Equal(1f, SemanticIndex.Dot(a, a), 4);
    }

    /// <summary>A bag-of-words embedder: words hashed into 64 dimensions, normalised; counts what it encodes.</summary>
    [Fact]
    public async Task Ask_WhileTheEncoderIsOverloaded_IsAnsweredFromBm25AtOnce()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());
        var embedder = new CountingEmbedder();
        using var semantic = await BuiltAsync(knowledge, embedder);
        using var gate = new ManualResetEventSlim(false);
        embedder.Gate = gate;
        var queries = new Core.Queries.QueryService(knowledge.Index, semantic, new SearchOptions { MaxQuestionsWaitingForEncoder = 2 });
        var encoding = semantic.EmbedQuestionAsync("the first new question");
        Assert.True(SpinWait.SpinUntil(() => embedder.AtGate, TimeSpan.FromSeconds(5)));
        var waiting = new[] { semantic.EmbedQuestionAsync("a second new question"), semantic.EmbedQuestionAsync("a third new question") };

        var answer = await queries.AskAsync("Does Russia demand Donetsk and Luhansk?").WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(answer.Answered);
        Assert.Equal("ru-land", answer.Results[0].Fact.Id);
        gate.Set();
        await Task.WhenAll([encoding, .. waiting]).WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>A semantic index of its own over the test's stores (not following its changes), built.</summary>
    private static async Task<SemanticIndex> BuiltAsync(TestKnowledge knowledge, ITextEmbedder embedder)
    {
        var semantic = new SemanticIndex(knowledge.Facts, knowledge.Services.GetRequiredService<IVectorCache>(), embedder, knowledge.Changes);
        await semantic.BuildAsync();
        return semantic;
    }

    private sealed class CountingEmbedder : ITextEmbedder
    {
        private int _textsEncoded;
        private int _running;

        public int TextsEncoded => Volatile.Read(ref _textsEncoded);

        /// <summary>Calls of <see cref="Embed"/> under way now.</summary>
        public int Running => Volatile.Read(ref _running);

        public int Concurrency { get; init; } = 1;

        /// <summary>When set, each encoding waits for it (and <see cref="AtGate"/> says one is waiting).</summary>
        public ManualResetEventSlim? Gate { get; set; }

        public bool AtGate { get; private set; }

        /// <summary>The number of texts of each call.</summary>
        public List<int> Batches { get; } = [];

        public string ModelId => "counting-test-embedder";

        public int Dimensions => 64;

        public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _running);
            AtGate = Gate is not null;
            Gate?.Wait(TimeSpan.FromSeconds(10), cancellationToken);
            Interlocked.Add(ref _textsEncoded, texts.Count);
            lock (Batches)
            {
                Batches.Add(texts.Count);
            }

            Interlocked.Decrement(ref _running);
            return texts.Select(text =>
            {
                var vector = new float[Dimensions];
                foreach (var word in text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    vector[(int)((uint)StringComparer.Ordinal.GetHashCode(word.Trim('.', ',')) % Dimensions)] += 1;
                }

                var norm = MathF.Sqrt(vector.Sum(v => v * v));
                return vector.Select(v => norm == 0 ? 0 : v / norm).ToArray();
            }).ToArray();
        }

        public void Dispose()
        {
        }
    }
}
