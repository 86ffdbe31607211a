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

    private static List<string> Ids(FactIndex index, string question) =>
        index.Search(question, index.Names.FindMentions(question), 20).Hits.Select(h => h.Fact.Id).ToList();
}
