using TalksBot.Core.Knowledge;
using TalksBot.Core.Search;

namespace TalksBot.Core.Tests.Search;

public sealed class FactIndexConcurrencyTests
{
    private static readonly string[] Questions =
    [
        "Will Ukraine give up Donetsk?", "Would the Kremlin ever accept Ukraine in NATO?", "For how many years did Washington offer Ukraine security guarantees?",
        "Can Ukraine legally hold a presidential vote at the moment?", "What are the military hubs Britain and France plan in Ukraine?",
        "Does Lavrov insist that Russian become a state language of Ukraine?", "What is the Anchorage formula?", "zaporizhia plant",
    ];

    [Fact]
    public void Search_FromManyThreadsAtOnce_FindsWhatItFindsAlone()
    {
        // The load test found searches failing (and at risk of mixing up fact ids) when several ran at once.
        using var knowledge = TestKnowledge.WithRealKnowledgeLexicalOnly();
        var index = knowledge.Index;
        var expected = Questions.Select(q => Ids(index, q)).ToArray();

        var mismatches = 0;
        Parallel.For(0, 4000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var q = i % Questions.Length;
            if (!Ids(index, Questions[q]).SequenceEqual(expected[q]))
            {
                Interlocked.Increment(ref mismatches);
            }
        });

        Assert.Equal(0, mismatches);
    }

    [Fact]
    public async Task Ask_FromEightThreadsWhileFactsAreEdited2000Times_NeverFailsAndEveryHitIsTheFactItMatched()
    {
        // Each fact carries a word of its own; asking for that word must find that fact, whatever refresh is under way.
        const int Facts = 20;
        static string WordOf(int n) => "zq" + (char)('a' + n) + "vortex";
        var facts = Enumerable.Range(0, Facts)
            .Select(n => TestKnowledge.SmallFact($"edited-{n}", "ukraine", "territory", $"Convoy {WordOf(n)} crossed the corridor, edit 0."))
            .ToArray();
        using var knowledge = TestKnowledge.With(TestKnowledge.Small(facts));
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var editing = new CancellationTokenSource();

        var editor = Task.Run(() =>
        {
            try
            {
                for (var i = 1; i <= 2000; i++)
                {
                    var fact = knowledge.Store.Snapshot.FactsById[$"edited-{i % Facts}"];
                    knowledge.Store.Save(fact with { Text = $"Convoy {WordOf(i % Facts)} crossed the corridor, edit {i}." }, RevisionAction.Edit, "mod");
                }
            }
            finally
            {
                editing.Cancel();
            }
        });
        var askers = Enumerable.Range(0, 8).Select(thread => Task.Run(async () =>
        {
            for (var i = 0; !editing.IsCancellationRequested || i < 50; i++)
            {
                var n = (thread + i) % Facts;
                try
                {
                    var answer = await knowledge.Queries.AskAsync($"What about the convoy {WordOf(n)}?");
                    if (answer.Results.Count == 0 || answer.Results[0].Fact.Id != $"edited-{n}")
                    {
                        failures.Enqueue($"asked for {WordOf(n)}, got {(answer.Results.Count == 0 ? "nothing" : answer.Results[0].Fact.Id)}");
                    }

                    foreach (var hit in answer.Results.Where(r => r.Fact.Id.StartsWith("edited-", StringComparison.Ordinal)))
                    {
                        if (!hit.Fact.Text.Contains(WordOf(int.Parse(hit.Fact.Id["edited-".Length..], System.Globalization.CultureInfo.InvariantCulture)), StringComparison.Ordinal))
                        {
                            failures.Enqueue($"{hit.Fact.Id} carries another fact's text: {hit.Fact.Text}");
                        }
                    }
                }
                catch (Exception exception)
                {
                    failures.Enqueue(exception.GetType().Name + ": " + exception.Message);
                }
            }
        })).ToList();

        await Task.WhenAll([editor, .. askers]).WaitAsync(TimeSpan.FromMinutes(5));
        await knowledge.IndexCaughtUpAsync();

        Assert.Empty(failures);
        Assert.Equal("Convoy " + WordOf(0) + " crossed the corridor, edit 2000.", (await knowledge.Queries.AskAsync($"What about the convoy {WordOf(0)}?")).Results[0].Fact.Text);
    }

    private static List<string> Ids(FactIndex index, string question) =>
        index.Search(question, index.Names.FindMentions(question), 20).Hits.Select(h => h.Fact.Id).ToList();
}
