using System.Collections.Frozen;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Search;

namespace TalksBot.Core.Conversations;

/// <summary>
/// Reads a follow-up in a thread against the question before it: "and Ukraine?" or "what about NATO?" names only a
/// party or a topic, so it asks the previous question again about that party or topic. A follow-up with words of its
/// own is a question that stands alone.
/// </summary>
public static class FollowUpQuestion
{
    /// <summary>Words a follow-up may hold besides names without becoming a question of its own.</summary>
    private static readonly FrozenSet<string> Connectives = new[]
    {
        "and", "what", "whats", "about", "how", "the", "of", "for", "on", "regarding", "then", "also", "with", "re", "is",
        "it", "its", "there", "side", "view", "views", "position", "stance", "same", "question", "ok", "okay", "now",
        "а", "и", "і", "й", "та", "що", "щодо", "як", "а що", "что", "насчет", "насчёт", "про", "по", "с", "з", "у", "в",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// The question <paramref name="followUp"/> asks after <paramref name="previous"/>: the previous question about the
    /// party or topic the follow-up names, or the follow-up itself when it stands alone (or nothing came before).
    /// </summary>
    public static string Resolve(string? previous, string followUp, NameMatcher names, KnowledgeSnapshot knowledge)
    {
        if (string.IsNullOrWhiteSpace(previous) || !IsOnlyNames(followUp, names, out var mentions))
        {
            return followUp;
        }

        var parties = mentions.Where(m => m.Kind == NameKind.Party).Select(m => knowledge.PartiesById[m.Id].Name).ToList();
        var topics = mentions.Where(m => m.Kind == NameKind.Topic).Select(m => knowledge.TopicsById[m.Id].Title).ToList();
        var before = names.FindMentions(previous);
        if (parties.Count > 0 && topics.Count > 0)
        {
            return $"What is {JoinNames(parties)}'s position on {JoinNames(topics)}?";
        }

        if (topics.Count > 0 && !before.Any(m => m.Kind == NameKind.Topic))
        {
            var earlierParties = before.Where(m => m.Kind == NameKind.Party).Select(m => knowledge.PartiesById[m.Id].Name).ToList();
            return earlierParties.Count > 0 ? $"What is {JoinNames(earlierParties)}'s position on {JoinNames(topics)}?" : $"What is the latest on {JoinNames(topics)}?";
        }

        var kind = parties.Count > 0 ? NameKind.Party : NameKind.Topic;
        var replacement = JoinNames(parties.Count > 0 ? parties : topics);
        var replaced = before.Where(m => m.Kind == kind).ToList();
        var text = previous.Trim();
        if (replaced.Count == 0)
        {
            // "What's the latest on the ceasefire?" then "and Ukraine?": the same question, for Ukraine.
            var end = text.TrimEnd('?', '!', '.', ' ');
            return $"{end} for {replacement}{text[end.Length..]}";
        }

        // The first mention of that kind becomes the new name; the others of that kind go (with the space before them).
        var spans = WordSpans(text);
        var rebuilt = new System.Text.StringBuilder(text.Length + replacement.Length);
        var copiedTo = 0;
        foreach (var mention in replaced)
        {
            var first = spans[mention.Position];
            var last = spans[Math.Min(mention.Position + mention.WordCount, spans.Count) - 1];
            var from = mention == replaced[0] ? first.Start : TrimSpaceBefore(text, first.Start, copiedTo);
            rebuilt.Append(text, copiedTo, from - copiedTo);
            if (mention == replaced[0])
            {
                rebuilt.Append(replacement).Append(last.Possessive);
            }

            copiedTo = last.End;
        }

        return rebuilt.Append(text, copiedTo, text.Length - copiedTo).ToString();
    }

    /// <summary>Where each of <see cref="NameMatcher.WordsOf"/>'s words lies in <paramref name="text"/>, and the "'s" it dropped.</summary>
    private static List<(int Start, int End, string Possessive)> WordSpans(string text)
    {
        var spans = new List<(int, int, string)>();
        var index = 0;
        foreach (var word in NameMatcher.WordsOf(text))
        {
            var start = text.IndexOf(word, index, StringComparison.Ordinal);
            var end = start + word.Length;
            var possessive = end + 1 < text.Length + 1 && text.AsSpan(end).StartsWith("'s", StringComparison.OrdinalIgnoreCase) ? text.Substring(end, 2)
                : text.AsSpan(end).StartsWith("’s", StringComparison.OrdinalIgnoreCase) ? text.Substring(end, 2) : "";
            spans.Add((start, end + possessive.Length, possessive));
            index = end + possessive.Length;
        }

        return spans;
    }

    private static int TrimSpaceBefore(string text, int start, int floor)
    {
        while (start > floor && text[start - 1] == ' ')
        {
            start--;
        }

        return start;
    }

    /// <summary>Whether <paramref name="text"/> names parties or topics and holds nothing else but connectives.</summary>
    private static bool IsOnlyNames(string text, NameMatcher names, out IReadOnlyList<NameMatch> mentions)
    {
        mentions = names.FindMentions(text);
        if (mentions.Count == 0)
        {
            return false;
        }

        var words = NameMatcher.WordsOf(text);
        var covered = new bool[words.Count];
        foreach (var mention in mentions)
        {
            covered.AsSpan(mention.Position, Math.Min(mention.WordCount, words.Count - mention.Position)).Fill(true);
        }

        for (var i = 0; i < words.Count; i++)
        {
            if (!covered[i] && !Connectives.Contains(NameMatcher.Normalize(words[i])))
            {
                return false;
            }
        }

        return true;
    }

    private static string JoinNames(List<string> names) =>
        names.Count <= 1 ? (names.Count == 0 ? "" : names[0]) : string.Join(", ", names.Take(names.Count - 1)) + " and " + names[^1];
}
