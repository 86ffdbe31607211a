using System.Text;

namespace TalksBot.Core.Queries.Time;

/// <summary>
/// Turns the time expressions of a member's question into a <see cref="QuestionTime"/>: "now"-words, "latest"-words, or a
/// window of days ("last week", "in September 2026", "since March", "before the Berlin talks"). English only. Pure: no
/// clock, no I/O; never throws on any input and costs time linear in the question's length.
/// </summary>
public static class QuestionTimeParser
{
    // A hostile question may be nothing but time words; past this many the rest stays in the remainder.
    private const int MaxExpressions = 32;

    /// <summary>
    /// Reads what <paramref name="question"/> says about time. A window beats "latest", which beats "now"; two windows
    /// ("in 2024 and 2025") span both.
    /// </summary>
    /// <param name="question">The member's question, as typed.</param>
    /// <param name="today">The date "now" means; the caller passes it (the parser never reads the clock).</param>
    /// <param name="namedEvent">
    /// Resolves the phrase after "before/after/since/until the …" ("Berlin talks") to the event's date, or null when no
    /// event matches (then that expression is no window and stays in the remainder). Tried with the longest phrase
    /// first (up to four words), then shorter ones, at most twelve calls per question.
    /// </param>
    public static QuestionTime Parse(string question, DateOnly today, Func<string, DateOnly?>? namedEvent = null)
    {
        // Dates near the ends of the calendar would overflow "next year" or "the last 240 months".
        if (string.IsNullOrWhiteSpace(question) || today.Year is < 1000 or > 9000)
        {
            return QuestionTime.None(question ?? string.Empty);
        }

        var tokens = QuestionTokenizer.Tokenize(question);
        var reader = new TimeExpressionReader(question, tokens, today, namedEvent);
        var found = new List<TimeExpression>();
        for (var i = 0; i < tokens.Count && found.Count < MaxExpressions;)
        {
            if (reader.Read(i) is { } expression)
            {
                found.Add(expression);
                i = expression.End;
                reader.PreviousEnd = i;
            }
            else
            {
                i++;
            }
        }

        var reference = Strongest(found);
        if (reference == TimeReference.None)
        {
            return QuestionTime.None(question);
        }

        var window = reference == TimeReference.Window ? Spanning(found) : null;
        return new QuestionTime(reference, window, Remainder(question, tokens, found));
    }

    private static TimeReference Strongest(List<TimeExpression> found)
    {
        var strongest = TimeReference.None;
        foreach (var expression in found)
        {
            // The enum runs None < Present < Latest < Window, which is also who wins.
            if (expression.Reference > strongest)
            {
                strongest = expression.Reference;
            }
        }

        return strongest;
    }

    /// <summary>One window from all of them: "in 2024 and 2025" is 2024 to 2025, labelled "2024 and 2025".</summary>
    private static TimeWindow Spanning(List<TimeExpression> found)
    {
        var windows = found.Where(e => e.Window is not null).Select(e => e.Window!).ToList();
        if (windows.Count == 1)
        {
            return windows[0];
        }

        var from = windows.Min(w => w.From);
        var to = windows.Max(w => w.To);
        var label = windows.Count switch
        {
            2 => $"{windows[0].Label} and {windows[1].Label}",
            3 => $"{windows[0].Label}, {windows[1].Label} and {windows[2].Label}",
            _ => $"{windows[0].Label} to {windows[^1].Label}",
        };
        return new TimeWindow(from, to, label);
    }

    /// <summary>The question without its time expressions (and their prepositions), tidied to read as a sentence.</summary>
    private static string Remainder(string question, List<QuestionToken> tokens, List<TimeExpression> found)
    {
        var kept = new StringBuilder(question.Length);
        var cursor = 0;
        var previousEnd = -1;
        foreach (var expression in found.Where(e => e.Remove))
        {
            // "on 19 May 2025 and 23 May 2025": the "and" between two removed times goes with them.
            var joined = expression.Start == previousEnd + 1 && previousEnd >= 0 && JoinsTimes(question, tokens[previousEnd]);
            var start = tokens[joined ? previousEnd : expression.Start].Start;
            kept.Append(question, cursor, start - cursor);
            cursor = tokens[expression.End - 1].End;
            previousEnd = expression.End;
        }

        kept.Append(question, cursor, question.Length - cursor);
        return Tidy(kept);
    }

    private static bool JoinsTimes(string question, QuestionToken token)
    {
        var text = question.AsSpan(token.Start, token.End - token.Start);
        return text is "," or "&" || text.Equals("and", StringComparison.OrdinalIgnoreCase)
            || text.Equals("or", StringComparison.OrdinalIgnoreCase) || text.Equals("to", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Collapses whitespace, drops spaces before punctuation and commas left dangling ("So far, has …", "agreed, ?").</summary>
    private static string Tidy(StringBuilder text)
    {
        var tidy = new StringBuilder(text.Length);
        var space = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                space = tidy.Length > 0;
                continue;
            }

            var closes = c is ',' or '.' or ';' or ':' or '!' or '?' or ')';
            if (closes && tidy.Length == 0 && c is ',' or ';' or ':')
            {
                continue;
            }

            if (c == ')' && tidy.Length > 0 && tidy[^1] == '(')
            {
                // "(in November 2025)" removed whole: no empty brackets.
                tidy.Length--;
                space = tidy.Length > 0 && tidy[^1] == ' ';
                if (space)
                {
                    tidy.Length--;
                }

                continue;
            }

            if (closes)
            {
                if (tidy.Length > 0 && tidy[^1] == ',')
                {
                    tidy.Length--;
                }

                space = false;
            }
            else if (space && tidy.Length > 0 && tidy[^1] != '(')
            {
                tidy.Append(' ');
            }

            space = false;
            tidy.Append(c);
        }

        if (tidy.Length > 0 && tidy[^1] == ',')
        {
            tidy.Length--;
        }

        return tidy.ToString();
    }
}
