using System.Text;
using TalksBot.Core.Knowledge;

namespace TalksBot.Core.Search;

/// <summary>What a name the user typed refers to.</summary>
public enum NameKind
{
    Party,
    Topic,
}

/// <summary>A party or topic found by one of its names.</summary>
/// <param name="Kind">A party or a topic.</param>
/// <param name="Id">The party's or topic's id.</param>
/// <param name="MatchedName">The name it was found by.</param>
/// <param name="Edits">Typing mistakes tolerated (0 for an exact name).</param>
/// <param name="Position">The first word of the mention among <see cref="NameMatcher.WordsOf"/> of the text.</param>
/// <param name="WordCount">How many of those words the mention covers.</param>
public sealed record NameMatch(NameKind Kind, string Id, string MatchedName, int Edits, int Position = 0, int WordCount = 1);

/// <summary>
/// Resolves names people type (ids, names, aliases, with typos) to parties and topics,
/// and finds the ones mentioned in a free-text question.
/// </summary>
public sealed class NameMatcher
{
    private const int MaxPhraseWords = 4;
    private readonly List<Entry> _entries = [];
    // Names of five letters or more by their first letter: the only ones a typo may reach (a typo keeps the first letter).
    private readonly Dictionary<char, List<Entry>> _byFirstLetter = [];
    private readonly Dictionary<string, List<Entry>> _exact = new(StringComparer.Ordinal);

    public NameMatcher(KnowledgeSnapshot snapshot)
    {
        foreach (var party in snapshot.Parties)
        {
            Add(NameKind.Party, party.Id, [party.Id, party.Name, .. party.Aliases]);
        }

        foreach (var topic in snapshot.Topics)
        {
            Add(NameKind.Topic, topic.Id, [topic.Id, topic.Title, .. topic.Aliases]);
        }
    }

    /// <summary>Resolves a name typed as a command option: exact, then the closest spelling, then a name mentioned inside the text ("the Kremlin").</summary>
    public NameMatch? Resolve(string text, NameKind kind) =>
        ResolveExactly(text, kind) ?? FindMentions(text).FirstOrDefault(m => m.Kind == kind);

    /// <summary>Resolves text that is itself a name (or a near spelling of one), nothing more.</summary>
    public NameMatch? ResolveExactly(string text, NameKind kind)
    {
        var normalized = Normalize(text);
        if (normalized.Length == 0)
        {
            return null;
        }

        if (_exact.TryGetValue(normalized, out var exact) && exact.FirstOrDefault(e => e.Kind == kind && e.Allows(text)) is { } hit)
        {
            return new NameMatch(kind, hit.Id, hit.Name, 0);
        }

        return Closest(normalized, kind);
    }

    /// <summary>Names of the given kind closest in spelling to the text, best first (for "did you mean").</summary>
    public IReadOnlyList<string> Suggest(string text, NameKind kind, int count = 3)
    {
        var normalized = Normalize(text);
        return _entries
            .Where(e => e.Kind == kind)
            .Select(e => (e.Id, Distance: Spelling.Distance(normalized, e.Normalized, 6)))
            .Where(x => x.Distance <= Math.Max(2, normalized.Length / 2))
            .GroupBy(x => x.Id)
            .Select(g => (Id: g.Key, Distance: g.Min(x => x.Distance)))
            .OrderBy(x => x.Distance)
            .ThenBy(x => x.Id, StringComparer.Ordinal)
            .Take(count)
            .Select(x => x.Id)
            .ToList();
    }

    /// <summary>Every party and topic a question mentions, in the order they appear, by any of their names, tolerating small typos in longer words.</summary>
    public IReadOnlyList<NameMatch> FindMentions(string question)
    {
        var words = Words(question);
        if (words.Count == 0)
        {
            return [];
        }

        // Each word is normalised once; a phrase is its words' normal forms joined by spaces, built in one buffer and
        // looked up without making a string (a question has up to 4 × its word count phrases, and few are names).
        var normalized = words.ConvertAll(Normalize);
        var buffer = new char[normalized.Sum(w => w.Length + 1)];
        var exact = _exact.GetAlternateLookup<ReadOnlySpan<char>>();
        var found = new List<NameMatch>();
        var covered = new bool[words.Count];
        // A member who types no capitals at all ("us troops ukraine") still means the US, the EU, the UK.
        var caseless = !question.Any(char.IsUpper);
        for (var length = MaxPhraseWords; length >= 1; length--)
        {
            for (var start = 0; start + length <= words.Count; start++)
            {
                if (covered.AsSpan(start, length).Contains(true))
                {
                    continue;
                }

                var phrase = Join(normalized, start, length, buffer);
                var matches = exact.TryGetValue(phrase, out var entries)
                    ? Allowed(entries, string.Join(' ', words.GetRange(start, length)), caseless && MayBeAnAbbreviation(normalized, start))
                    : [];
                if (matches.Count == 0 && length <= 2)
                {
                    matches = Misspelled(phrase);
                }

                if (matches.Count == 0)
                {
                    continue;
                }

                covered.AsSpan(start, length).Fill(true);
                foreach (var match in matches)
                {
                    found.Add(match with { Position = start, WordCount = length });
                }
            }
        }

        return found
            .OrderBy(m => m.Position)
            .DistinctBy(m => (m.Kind, m.Id))
            .ToList();
    }

    private static ReadOnlySpan<char> Join(List<string> words, int start, int count, char[] buffer)
    {
        var length = 0;
        for (var i = start; i < start + count; i++)
        {
            if (i > start)
            {
                buffer[length++] = ' ';
            }

            words[i].CopyTo(buffer.AsSpan(length));
            length += words[i].Length;
        }

        return buffer.AsSpan(0, length);
    }

    internal static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        var lastWasSpace = true;
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
                lastWasSpace = false;
            }
            else if (c is '\'' or '’' or '.' && builder.Length > 0)
            {
                // "Trump's" → "trumps" would miss; drop possessives and dots (U.S. → us).
                continue;
            }
            else if (!lastWasSpace && System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                builder.Append(' ');
                lastWasSpace = true;
            }
        }

        return builder.ToString().Trim();
    }

    /// <summary>The word before the one at <paramref name="position"/> (a <see cref="NameMatch.Position"/>), lower case; null at the start.</summary>
    public static string? WordBefore(string question, int position)
    {
        var words = Words(question);
        return position > 0 && position <= words.Count ? Normalize(words[position - 1]) : null;
    }

    /// <summary>The words of <paramref name="text"/> as <see cref="FindMentions"/> counts them (a <see cref="NameMatch.Position"/> indexes them).</summary>
    public static IReadOnlyList<string> WordsOf(string text) => Words(text);

    private static List<string> Words(string text) =>
        text.Split([' ', '\t', '\n', '\r', ',', ';', '?', '!', '(', ')', '"', '/', ':'], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.EndsWith("'s", StringComparison.OrdinalIgnoreCase) || w.EndsWith("’s", StringComparison.OrdinalIgnoreCase) ? w[..^2] : w)
            .Where(w => Normalize(w).Length > 0)
            .ToList();

    /// <summary>
    /// In text without capitals, whether the word at <paramref name="start"/> may be a short name typed in lower case: any
    /// but the pronoun "us", which is the United States only opening the text or after "the" ("us troops", "the us plan";
    /// not "tell us", "for us").
    /// </summary>
    private static bool MayBeAnAbbreviation(List<string> normalizedWords, int start) =>
        normalizedWords[start] != "us" || start == 0 || normalizedWords[start - 1] is "the" or "and" or "or" or "vs";

    /// <summary>The entries of an exactly typed name that its spelling allows (short names in capitals, unless the text has none).</summary>
    private static List<NameMatch> Allowed(List<Entry> entries, string original, bool caseless) =>
        entries.Where(e => e.Allows(original) || (caseless && !original.Contains(' '))).Select(e => new NameMatch(e.Kind, e.Id, e.Name, 0)).ToList();

    /// <summary>Names one or two edits from a phrase of one or two words (longer aliases must be typed as they are).</summary>
    private List<NameMatch> Misspelled(ReadOnlySpan<char> phrase)
    {
        var edits = Spelling.AllowedEdits(phrase.Length);
        if (edits == 0 || !_byFirstLetter.TryGetValue(phrase[0], out var entries))
        {
            return [];
        }

        var best = new List<NameMatch>();
        var bestDistance = edits + 1;
        foreach (var entry in entries)
        {
            if (Math.Abs(entry.Normalized.Length - phrase.Length) > edits)
            {
                continue;
            }

            var distance = Spelling.Distance(phrase, entry.Normalized, edits);
            if (distance < bestDistance)
            {
                best.Clear();
                bestDistance = distance;
            }

            if (distance == bestDistance && distance <= edits && !best.Any(b => b.Kind == entry.Kind && b.Id == entry.Id))
            {
                best.Add(new NameMatch(entry.Kind, entry.Id, entry.Name, distance));
            }
        }

        return best;
    }

    private NameMatch? Closest(string normalized, NameKind kind)
    {
        var edits = Math.Max(1, Spelling.AllowedEdits(normalized.Length));
        NameMatch? best = null;
        foreach (var entry in _entries.Where(e => e.Kind == kind))
        {
            var distance = Spelling.Distance(normalized, entry.Normalized, edits);
            if (distance <= edits && (best is null || distance < best.Edits))
            {
                best = new NameMatch(kind, entry.Id, entry.Name, distance);
            }
        }

        return best;
    }

    private void Add(NameKind kind, string id, IEnumerable<string> names)
    {
        foreach (var name in names.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var normalized = Normalize(name);
            if (normalized.Length == 0)
            {
                continue;
            }

            var entry = new Entry(kind, id, name, normalized);
            _entries.Add(entry);
            if (normalized.Length >= 5)
            {
                if (!_byFirstLetter.TryGetValue(normalized[0], out var sameLetter))
                {
                    _byFirstLetter[normalized[0]] = sameLetter = [];
                }

                sameLetter.Add(entry);
            }

            if (!_exact.TryGetValue(normalized, out var list))
            {
                _exact[normalized] = list = [];
            }

            list.Add(entry);
        }
    }

    private sealed record Entry(NameKind Kind, string Id, string Name, string Normalized)
    {
        // Short all-caps names (US, EU, UK, E3) must be typed in capitals, so "tell us" does not mean the United States.
        public bool Allows(string typed) =>
            Normalized.Length > 3 || !Name.Any(char.IsUpper) || string.Equals(typed.Replace(".", "", StringComparison.Ordinal).Trim(), Name.Replace(".", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
