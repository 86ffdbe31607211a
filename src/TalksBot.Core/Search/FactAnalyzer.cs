using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace TalksBot.Core.Search;

/// <summary>The English analysis shared by indexing and querying: stemming, and question words treated as stop words.</summary>
internal static class FactAnalyzer
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    private static readonly string[] QuestionWords =
    [
        "what", "whats", "who", "whom", "whose", "where", "when", "why", "how", "which",
        "do", "does", "did", "done", "has", "have", "had", "can", "could", "would", "should", "shall", "may", "might", "must",
        "am", "is", "are", "was", "were", "been", "being", "s",
        "i", "me", "my", "you", "your", "we", "our", "he", "his", "she", "her", "its", "them", "about", "tell", "please",
        "any", "some", "so", "than", "too", "very", "just", "also", "from", "up", "out", "over", "after", "before", "again",
        "there", "here", "know", "think", "thing", "things", "get", "got", "currently", "now", "latest",
        "say", "says", "said", "saying", "happen", "happens", "happened", "going", "like",
        "can't", "cannot", "won't", "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't",
    ];

    public static Analyzer Create()
    {
        var stopWords = new CharArraySet(Version, EnglishAnalyzer.DefaultStopSet.Count + QuestionWords.Length, ignoreCase: true);
        stopWords.UnionWith(EnglishAnalyzer.DefaultStopSet);
        stopWords.UnionWith(QuestionWords);
        return new EnglishAnalyzer(Version, stopWords);
    }

    /// <summary>The analysed terms of a text, in order, duplicates removed.</summary>
    public static List<string> Terms(Analyzer analyzer, string field, string text)
    {
        var terms = new List<string>();
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            var value = term.ToString();
            if (!terms.Contains(value))
            {
                terms.Add(value);
            }
        }

        stream.End();
        return terms;
    }
}
