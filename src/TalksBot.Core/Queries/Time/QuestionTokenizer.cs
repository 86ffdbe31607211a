using System.Globalization;

namespace TalksBot.Core.Queries.Time;

internal enum TokenKind
{
    Word,
    Number,

    /// <summary>A numeric date the tokenizer already read: "2026-01-15", "2026-01", "2014-2022".</summary>
    Date,

    /// <summary>Something shaped like a numeric date that is no date ("2026-13", "2026-02-30"): never a window, never a year.</summary>
    NotADate,
    Symbol,
}

internal enum DatePrecision
{
    Day,
    Month,
    Years,
}

/// <summary>One token of a question, as character offsets into it (no copies of the text).</summary>
internal readonly record struct QuestionToken(TokenKind Kind, int Start, int End)
{
    /// <summary>Number: its value, or -1 when it has too many digits to matter.</summary>
    public int Value { get; init; }

    /// <summary>Number: written as an ordinal ("15th").</summary>
    public bool Ordinal { get; init; }

    /// <summary>
    /// Number: stands on its own, so it may be a day or a year. Not "20-point", "€90", "2,000", "1.5", "10:30",
    /// "COVID-19".
    /// </summary>
    public bool Plain { get; init; }

    /// <summary>Date: what the numeric date covers.</summary>
    public DatePrecision Precision { get; init; }

    public DateOnly From { get; init; }

    public DateOnly To { get; init; }
}

/// <summary>
/// Splits a question into words, numbers, numeric dates and symbols in one pass. Digits are ASCII only, so odd Unicode
/// digits are symbols and never dates.
/// </summary>
internal static class QuestionTokenizer
{
    private const int MaxNumberDigits = 6;

    public static List<QuestionToken> Tokenize(string text)
    {
        var tokens = new List<QuestionToken>(Math.Min(text.Length / 4 + 4, 256));
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (char.IsAsciiDigit(c))
            {
                i = ReadNumeric(text, i, tokens);
            }
            else if (char.IsLetter(c))
            {
                i = ReadWord(text, i, tokens);
            }
            else
            {
                tokens.Add(new QuestionToken(TokenKind.Symbol, i, i + 1));
                i++;
            }
        }

        return tokens;
    }

    public static bool IsApostrophe(char c) => c is '\'' or '\u2019';

    public static bool IsDash(char c) => c is '-' or '\u2013' or '\u2011';

    private static int ReadWord(string text, int start, List<QuestionToken> tokens)
    {
        var i = start + 1;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsLetter(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                i++;
            }
            else if (IsApostrophe(c) && i + 1 < text.Length && char.IsLetter(text[i + 1]))
            {
                i += 2;
            }
            else
            {
                break;
            }
        }

        tokens.Add(new QuestionToken(TokenKind.Word, start, i));
        return i;
    }

    private static int ReadNumeric(string text, int start, List<QuestionToken> tokens)
    {
        var end = DigitsEnd(text, start);
        if (end - start == 4 && end + 1 < text.Length && IsDash(text[end]) && char.IsAsciiDigit(text[end + 1]))
        {
            return ReadDashedDate(text, start, end, tokens);
        }

        if (end < text.Length && char.IsLetter(text[end]))
        {
            var wordEnd = end;
            while (wordEnd < text.Length && char.IsLetter(text[wordEnd]))
            {
                wordEnd++;
            }

            if (end - start <= 2 && wordEnd - end == 2 && IsOrdinalSuffix(text.AsSpan(end, 2)))
            {
                tokens.Add(new QuestionToken(TokenKind.Number, start, wordEnd)
                {
                    Value = ParseDigits(text, start, end),
                    Ordinal = true,
                    Plain = !GluedBefore(text, start, end),
                });
            }
            else
            {
                // "90bn", "1990s", "5km": a word, not a number that could be a day or a year.
                tokens.Add(new QuestionToken(TokenKind.Word, start, wordEnd));
            }

            return wordEnd;
        }

        tokens.Add(new QuestionToken(TokenKind.Number, start, end)
        {
            Value = end - start <= MaxNumberDigits ? ParseDigits(text, start, end) : -1,
            Plain = end - start <= 4 && !GluedBefore(text, start, end) && !GluedAfter(text, end),
        });
        return end;
    }

    /// <summary>"2026-01-15", "2026-01", "2014-2022"; anything else of that shape ("2026-13", "2026-1-2-3") is not a date.</summary>
    private static int ReadDashedDate(string text, int start, int yearEnd, List<QuestionToken> tokens)
    {
        var year = ParseDigits(text, start, yearEnd);
        var secondEnd = DigitsEnd(text, yearEnd + 1);
        var secondLength = secondEnd - yearEnd - 1;
        var second = secondLength <= 4 ? ParseDigits(text, yearEnd + 1, secondEnd) : -1;
        var end = secondEnd;
        int? day = null;
        if (secondLength <= 2 && end + 1 < text.Length && IsDash(text[end]) && char.IsAsciiDigit(text[end + 1]))
        {
            var dayEnd = DigitsEnd(text, end + 1);
            day = dayEnd - end - 1 <= 2 ? ParseDigits(text, end + 1, dayEnd) : -1;
            end = dayEnd;
        }

        var glued = GluedBefore(text, start, yearEnd)
            || (end < text.Length && (char.IsLetterOrDigit(text[end]) || (IsDash(text[end]) && end + 1 < text.Length && char.IsLetterOrDigit(text[end + 1]))));
        if (glued)
        {
            // Part of a longer code ("2026-01-15-22", "ID2026-01"): swallow the whole run so no piece of it reads as a year.
            while (end < text.Length && (char.IsLetterOrDigit(text[end]) || IsDash(text[end])))
            {
                end++;
            }

            tokens.Add(new QuestionToken(TokenKind.NotADate, start, end));
            return end;
        }

        tokens.Add(DashedDate(year, secondLength, second, day) is { } date
            ? date with { Start = start, End = end }
            : new QuestionToken(TokenKind.NotADate, start, end));
        return end;
    }

    private static QuestionToken? DashedDate(int year, int secondLength, int second, int? day)
    {
        if (secondLength == 4)
        {
            return day is null && IsYear(year) && IsYear(second) && second >= year
                ? new QuestionToken(TokenKind.Date, 0, 0) { Precision = DatePrecision.Years, From = new DateOnly(year, 1, 1), To = new DateOnly(second, 12, 31) }
                : null;
        }

        if (year < 1 || secondLength > 2 || second is < 1 or > 12)
        {
            return null;
        }

        if (day is null)
        {
            return new QuestionToken(TokenKind.Date, 0, 0)
            {
                Precision = DatePrecision.Month,
                From = new DateOnly(year, second, 1),
                To = new DateOnly(year, second, DateTime.DaysInMonth(year, second)),
            };
        }

        if (day < 1 || day > DateTime.DaysInMonth(year, second))
        {
            return null;
        }

        var date = new DateOnly(year, second, day.Value);
        return new QuestionToken(TokenKind.Date, 0, 0) { Precision = DatePrecision.Day, From = date, To = date };
    }

    public static bool IsYear(int value) => value is >= 1990 and <= 2100;

    private static bool IsOrdinalSuffix(ReadOnlySpan<char> suffix) =>
        suffix.Equals("st", StringComparison.OrdinalIgnoreCase) || suffix.Equals("nd", StringComparison.OrdinalIgnoreCase)
        || suffix.Equals("rd", StringComparison.OrdinalIgnoreCase) || suffix.Equals("th", StringComparison.OrdinalIgnoreCase);

    private static int DigitsEnd(string text, int start)
    {
        var i = start;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        return i;
    }

    private static int ParseDigits(string text, int start, int end)
    {
        var value = 0;
        for (var i = start; i < end && i - start < MaxNumberDigits; i++)
        {
            value = (value * 10) + (text[i] - '0');
        }

        return value;
    }

    /// <summary>"€90", "#2025", "1.2025", "COVID-19", "Su-25", "3/2025": the number belongs to what comes before it.</summary>
    private static bool GluedBefore(string text, int start, int end)
    {
        if (start == 0)
        {
            return false;
        }

        var previous = text[start - 1];
        if (char.IsLetterOrDigit(previous) || previous is '#' or '\u2116' or '/' or ':' or '.' or '$' or '+'
            || CharUnicodeInfo.GetUnicodeCategory(previous) == UnicodeCategory.CurrencySymbol)
        {
            return true;
        }

        if (IsDash(previous) && start >= 2 && char.IsLetterOrDigit(text[start - 2]))
        {
            // "mid-2025", "early-2026" are times; "COVID-19", "Su-25" are names.
            return !IsThirdBefore(text, start - 1);
        }

        // The "000" of "2,000".
        return previous == ',' && end - start == 3 && start >= 2 && char.IsAsciiDigit(text[start - 2]);
    }

    private static bool IsThirdBefore(string text, int dash)
    {
        var wordStart = dash;
        while (wordStart > 0 && char.IsLetter(text[wordStart - 1]))
        {
            wordStart--;
        }

        var word = text.AsSpan(wordStart, dash - wordStart);
        return word.Equals("mid", StringComparison.OrdinalIgnoreCase) || word.Equals("early", StringComparison.OrdinalIgnoreCase)
            || word.Equals("late", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>"20-point", "90%", "1.5", "2,000", "10:30", "3/4": the number belongs to what follows it.</summary>
    private static bool GluedAfter(string text, int end)
    {
        if (end >= text.Length)
        {
            return false;
        }

        var next = text[end];
        var followedByAlphanumeric = end + 1 < text.Length && char.IsLetterOrDigit(text[end + 1]);
        if (next is '%' or '\u2030' || (IsDash(next) && followedByAlphanumeric))
        {
            return true;
        }

        if (next is '.' or ':' or '/' && end + 1 < text.Length && char.IsAsciiDigit(text[end + 1]))
        {
            return true;
        }

        // "2,000" but not "December 15,2025".
        return next == ',' && DigitsEnd(text, end + 1) - end - 1 == 3;
    }
}
