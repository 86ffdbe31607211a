using Microsoft.Extensions.DependencyInjection;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Moderation;
using TalksBot.Core.Search.Embeddings;

namespace TalksBot.Core.Tests.Search;

/// <summary>
/// BM25 has a fact a moderator just saved at once, its sentence vector only once the background updater has encoded it
/// (milliseconds; seconds after an import of many facts). Questions asked meanwhile are answered as they will be after.
/// </summary>
public sealed class HybridRankingWhileEncodingTests
{
    private static readonly Actor Moderator = new("test", "m1", "mod");

    [Fact]
    public async Task Ask_AboutAFactWhoseVectorIsStillBeingEncoded_IsAnsweredWithIt()
    {
        const string text = "Hungary offered Budapest as the venue for a meeting between Putin and Zelenskyy.";
        const string question = "Did Hungary offer Budapest as the venue for a Putin Zelenskyy meeting?";
        using var gate = new ManualResetEventSlim(false);
        var embedder = new GatedEmbedder(TestKnowledge.SharedSentenceEmbedder, text, gate);
        using var knowledge = TestKnowledge.WithRealKnowledge(services => services.AddSingleton<ITextEmbedder>(embedder));

        Task<Fact> saving;
        try
        {
            // The save waits for the indexes on the test's fake clock, so it is not awaited here.
            saving = knowledge.Editor.AddAsync("process", null, new FactDraft(text, "https://example.org/budapest", "Budapest offer", null), Moderator);
            Assert.True(
                SpinWait.SpinUntil(() => embedder.Held && knowledge.Index.Snapshot.Facts.Any(f => f.Text == text), TimeSpan.FromSeconds(20)),
                "BM25 has the new fact while its vector is still being encoded");

            var during = await knowledge.Queries.AskAsync(question).WaitAsync(TimeSpan.FromSeconds(10));

            Assert.True(during.Answered, $"answered while encoding: {during.Reason}");
            Assert.Equal(text, during.Results[0].Fact.Text);
        }
        finally
        {
            gate.Set();
        }

        await saving;
        await knowledge.IndexCaughtUpAsync();
        var after = await knowledge.Queries.AskAsync(question);
        Assert.True(after.Answered);
        Assert.Equal(text, after.Results[0].Fact.Text);
    }

    /// <summary>The real encoder, except that the background updater's batch holding <paramref name="held"/> waits for the gate.</summary>
    private sealed class GatedEmbedder(ITextEmbedder inner, string held, ManualResetEventSlim gate) : ITextEmbedder
    {
        private int _held;

        /// <summary>True while the batch with the held text waits at the gate.</summary>
        public bool Held => Volatile.Read(ref _held) > 0;

        public string ModelId => inner.ModelId;

        public int Dimensions => inner.Dimensions;

        public int Concurrency => inner.Concurrency;

        public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
        {
            // Only the first call with the text waits (the updater's); the same text asked for again passes.
            if (!gate.IsSet && texts.Contains(held) && Interlocked.CompareExchange(ref _held, 1, 0) == 0)
            {
                gate.Wait(TimeSpan.FromSeconds(30), cancellationToken);
            }

            return inner.Embed(texts, cancellationToken);
        }

        public void Dispose()
        {
            // The shared encoder outlives the test.
        }
    }
}
