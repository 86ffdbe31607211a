using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Synonym;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;
using TalksBot.Core.Knowledge;

namespace TalksBot.Core.Search;

/// <summary>
/// The English analysis shared by indexing and querying: lowercase, the knowledge's synonyms (cede = give up =
/// relinquish …, from <c>knowledge/synonyms.yaml</c>), stop words that include question words, and Porter stemming.
/// </summary>
/// <param name="synonyms">The synonym groups; every variant of a group also yields the group's first word.</param>
internal sealed class FactAnalyzer(SynonymSet synonyms) : Analyzer
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

    private static readonly CharArraySet StopWords = CreateStopWords();

    /// <summary>Null without synonyms: Lucene's filter refuses an empty map.</summary>
    private readonly SynonymMap? _synonyms = CreateSynonyms(synonyms);

    /// <summary>The analysed terms of a text grouped by position: synonyms of one word share a group. Duplicates removed.</summary>
    public List<List<string>> TermGroups(string field, string text)
    {
        var groups = new List<List<string>>();
        using var stream = GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            var value = term.ToString();
            if (increment.PositionIncrement == 0 && groups.Count > 0)
            {
                if (!groups[^1].Contains(value))
                {
                    groups[^1].Add(value);
                }
            }
            else if (!groups.Any(g => g.Contains(value)))
            {
                groups.Add([value]);
            }
        }

        stream.End();
        return groups;
    }

    /// <summary>All analysed terms of a text, synonyms included.</summary>
    public HashSet<string> Terms(string field, string text) =>
        TermGroups(field, text).SelectMany(g => g).ToHashSet(StringComparer.Ordinal);

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(Version, reader);
        TokenStream result = new StandardFilter(Version, source);
        result = new EnglishPossessiveFilter(Version, result);
        result = new LowerCaseFilter(Version, result);
        if (_synonyms is not null)
        {
            result = new SynonymFilter(result, _synonyms, ignoreCase: true);
        }

        result = new StopFilter(Version, result, StopWords);
        result = new PorterStemFilter(result);
        return new TokenStreamComponents(source, result);
    }

    private static CharArraySet CreateStopWords()
    {
        var stopWords = new CharArraySet(Version, EnglishAnalyzer.DefaultStopSet.Count + QuestionWords.Length, ignoreCase: true);
        stopWords.UnionWith(EnglishAnalyzer.DefaultStopSet);
        stopWords.UnionWith(QuestionWords);
        return stopWords;
    }

    private static SynonymMap? CreateSynonyms(SynonymSet synonyms)
    {
        if (synonyms.Groups.Count == 0)
        {
            return null;
        }

        var builder = new SynonymMap.Builder(dedup: true);
        foreach (var group in synonyms.Groups)
        {
            var canonical = new CharsRef(group[0]);
            foreach (var variant in group.Skip(1))
            {
                var words = variant.Split(' ');
                var input = SynonymMap.Builder.Join(words, new CharsRef());
                builder.Add(input, canonical, includeOrig: true);
            }
        }

        return builder.Build();
    }
}
