using System.Globalization;
using System.Text;
using TalksBot.Core.Cards;

namespace TalksBot.Core.Queries.Time;

/// <summary>One time expression found in a question, as token indexes (<see cref="End"/> exclusive).</summary>
internal readonly record struct TimeExpression(int Start, int End, TimeReference Reference, TimeWindow? Window, bool Remove);

/// <summary>
/// What a time operand ("September 2026", "last week", "the Berlin talks") reads as: a range of days, how to say it,
/// and whether it needs the other end of a range to be complete.
/// </summary>
internal readonly record struct Operand(int End, DateOnly From, DateOnly To, string Label)
{
    /// <summary>The label without the year the member left out: "March" in "between March and May 2025".</summary>
    public string ShortLabel { get; init; } = Label;

    /// <summary>The member gave no year: alone it is the nearest past one; in a range it takes the other end's.</summary>
    public bool Yearless { get; init; }

    /// <summary>A lone day that takes its month from the other end: the "10" of "between 10 and 15 December".</summary>
    public bool DayOnly { get; init; }

    /// <summary>Shaped like a date but none ("31 February 2026", "2026-13"): consumed, never a window.</summary>
    public bool NotADate { get; init; }

    /// <summary>An event the caller named ("the Berlin talks"), dated by the day it happened.</summary>
    public bool IsEvent { get; init; }
}

/// <summary>
/// Reads time expressions at a token: fixed "now"/"latest" phrases, "today", ranges and bounds ("between A and B",
/// "since A", "before the Berlin talks"), prepositional times ("in September 2026") and bare ones ("2025", "last week").
/// Every read looks at a bounded number of tokens, so a question costs time linear in its length.
/// </summary>
internal sealed class TimeExpressionReader(string question, List<QuestionToken> tokens, DateOnly today, Func<string, DateOnly?>? namedEvent)
{
    private const int MaxWordLength = 16;
    private const int MaxEventWords = 4;

    // A hostile question may repeat "before the …" hundreds of times; the caller's lookup is not free.
    private const int MaxEventLookups = 12;

    private int _eventLookups;
    private bool? _asksWhatHappened;

    /// <summary>The token right after the last expression found: "and May" counts as a month only after a time.</summary>
    public int PreviousEnd { get; set; } = -1;

    public TimeExpression? Read(int i) =>
        ReadPhrase(i) ?? ReadToday(i) ?? ReadBounded(i) ?? ReadPrepositional(i) ?? Expression(i, ReadOperand(i, led: false));

    private TimeExpression? ReadPhrase(int i)
    {
        foreach (var phrase in TimeWords.Phrases)
        {
            var end = i + phrase.Words.Length;
            if (end > tokens.Count || (phrase.OnlyAtEnd && end < tokens.Count && tokens[end].Kind != TokenKind.Symbol))
            {
                continue;
            }

            var matches = true;
            for (var k = 0; k < phrase.Words.Length && matches; k++)
            {
                matches = Is(i + k, phrase.Words[k]);
            }

            if (matches)
            {
                return new TimeExpression(i, end, phrase.Reference, null, phrase.Remove);
            }
        }

        return null;
    }

    /// <summary>"today" is "now" unless the question asks what happened ("what happened today?"): then it is that day.</summary>
    private TimeExpression? ReadToday(int i)
    {
        var end = i + 1;
        Span<char> buffer = stackalloc char[MaxWordLength];
        var word = Lower(i, buffer);
        if (word is "this" && Lower(i + 1, stackalloc char[MaxWordLength]) is "morning" or "afternoon" or "evening")
        {
            end = i + 2;
        }
        else if (word is not ("today" or "today's" or "tonight"))
        {
            return null;
        }

        _asksWhatHappened ??= AsksWhatHappened();
        if (!_asksWhatHappened.Value)
        {
            return new TimeExpression(i, end, TimeReference.Present, null, Remove: true);
        }

        var label = word is "today's" ? "today" : LowerWords(i, end);
        return new TimeExpression(i, end, TimeReference.Window, new TimeWindow(today, today, label), Remove: true);
    }

    /// <summary>"between A and B", "from A to B", "since A", "before A", "after A", "until A", "by A".</summary>
    private TimeExpression? ReadBounded(int i)
    {
        Span<char> buffer = stackalloc char[MaxWordLength];
        var word = Lower(i, buffer);
        if (word is "between" or "from")
        {
            return ReadRange(i, word is "between");
        }

        var operandAt = i + 1;
        if (word is "prior" && Is(i + 1, "to"))
        {
            operandAt = i + 2;
        }
        else if (word is not ("since" or "before" or "after" or "until" or "till" or "by"))
        {
            return null;
        }

        var operand = ReadAnchor(operandAt, events: word is not "by");
        if (operand is not { } time)
        {
            return null;
        }

        if (time.NotADate)
        {
            return NotADate(i, time.End);
        }

        DateOnly from, to;
        switch (word)
        {
            case "since":
                (from, to) = (time.From, time.From <= today ? today : time.To);
                break;
            case "before" or "prior":
                if (time.From == DateOnly.MinValue)
                {
                    return null;
                }

                (from, to) = (DateOnly.MinValue, time.From.AddDays(-1));
                break;
            case "after":
                if (time.To == DateOnly.MaxValue)
                {
                    return null;
                }

                // After an event includes its own day: what was said as it ended is dated that day.
                from = time.IsEvent ? time.To : time.To.AddDays(1);
                to = from <= today ? today : DateOnly.MaxValue;
                break;
            default:
                (from, to) = (DateOnly.MinValue, time.To);
                break;
        }

        return Window(i, time.End, from, to, $"{LowerWords(i, operandAt)} {time.Label}");
    }

    private TimeExpression? ReadRange(int i, bool between)
    {
        var first = ReadAnchor(i + 1, events: true, rangeStart: true);
        if (first is not { NotADate: false } start)
        {
            return first is { } notADate ? NotADate(i, notADate.End) : null;
        }

        var connector = start.End;
        var joined = between
            ? Is(connector, "and") || IsSymbol(connector, '&')
            : IsRangeConnector(connector);
        var second = joined ? ReadAnchor(connector + 1, events: true) : null;
        if (second is not { NotADate: false } end)
        {
            // "from September 2026" alone is the time itself ("what is the latest from September 2026?").
            return between || start.DayOnly ? null : Expression(i, ReadOperand(i + 1, led: true));
        }

        var tookEndsYear = start.Yearless || start.DayOnly;
        if (tookEndsYear)
        {
            var anchored = ReadAnchor(i + 1, events: false, rangeStart: true, anchor: end.From);
            if (anchored is { } a && a.From > end.To && a.Yearless && end.From.Year > 1)
            {
                anchored = ReadAnchor(i + 1, events: false, rangeStart: true, anchor: end.From.AddYears(-1));
            }

            if (anchored is not { NotADate: false, DayOnly: false } resolved)
            {
                return null;
            }

            start = resolved;
        }

        if (start.From > end.To)
        {
            return null;
        }

        var startLabel = tookEndsYear && start.From.Year == end.To.Year ? start.ShortLabel : start.Label;
        var label = between ? $"between {startLabel} and {end.Label}" : $"from {startLabel} to {end.Label}";
        return Window(i, end.End, start.From, end.To, label);
    }

    private TimeExpression? ReadPrepositional(int i)
    {
        Span<char> buffer = stackalloc char[MaxWordLength];
        var word = Lower(i, buffer);
        var operandAt = i + 1;
        if (word is "as" && Is(i + 1, "of"))
        {
            operandAt = i + 2;
        }
        else if (!TimeWords.IsTimePreposition(word))
        {
            return null;
        }

        return ReadOperand(operandAt, led: true) is { } time ? Expression(i, time) : null;
    }

    /// <summary>An operand after since/before/after/until/between/from: a time, or "the" and an event the caller knows.</summary>
    private Operand? ReadAnchor(int i, bool events, bool rangeStart = false, DateOnly? anchor = null)
    {
        var time = ReadOperand(i, led: true, rangeStart, anchor);
        if (!events || namedEvent is null || !Is(i, "the"))
        {
            return time;
        }

        Span<int> wordEnds = stackalloc int[MaxEventWords];
        var words = EventPhrase(i + 1, wordEnds);
        if (words == 0 || (time is { } t && t.End >= wordEnds[words - 1]))
        {
            return time;
        }

        for (var count = words; count > 0 && _eventLookups < MaxEventLookups; count--)
        {
            _eventLookups++;
            var phrase = Words(i + 1, wordEnds[count - 1], lower: false);
            if (namedEvent(phrase) is { } date)
            {
                return WithWhenItHappened(new Operand(wordEnds[count - 1], date, date, $"the {phrase}") { IsEvent = true });
            }
        }

        return time;
    }

    /// <summary>
    /// "the Istanbul talks in May 2025": a time right after an event that only says when the event was belongs to the
    /// event, so "after the Istanbul talks in May 2025" starts on the day of the talks, not on 1 May.
    /// </summary>
    private Operand WithWhenItHappened(Operand happening)
    {
        if (!TimeWords.IsTimePreposition(Lower(happening.End, stackalloc char[MaxWordLength]))
            || ReadOperand(happening.End + 1, led: true) is not { NotADate: false, DayOnly: false } when
            || happening.From < when.From || happening.From > when.To)
        {
            return happening;
        }

        return happening with { End = when.End, Label = $"{happening.Label} {LowerWords(happening.End, happening.End + 1)} {when.Label}" };
    }

    /// <summary>Up to four words after "the", stopping at punctuation and at prepositions, conjunctions and verbs.</summary>
    private int EventPhrase(int i, Span<int> wordEnds)
    {
        Span<char> buffer = stackalloc char[MaxWordLength];
        var words = 0;
        var k = i;
        while (words < wordEnds.Length && k < tokens.Count)
        {
            var token = tokens[k];
            if (token.Kind is TokenKind.Word or TokenKind.Number)
            {
                if (token.Kind == TokenKind.Word && TimeWords.EndsEventPhrase(Lower(k, buffer)))
                {
                    break;
                }

                wordEnds[words++] = ++k;
            }
            else if (words > 0 && token.Kind == TokenKind.Symbol && TimeWordsDash(k) && k + 1 < tokens.Count
                && tokens[k - 1].End == token.Start && tokens[k + 1].Start == token.End)
            {
                // "the Trump-Putin summit": a dash inside a word joins, it does not end the phrase.
                k++;
            }
            else
            {
                break;
            }
        }

        return words;
    }

    private bool TimeWordsDash(int k) => QuestionTokenizer.IsDash(question[tokens[k].Start]);

    /// <summary>
    /// A time at token <paramref name="i"/>. <paramref name="led"/>: a preposition or operator comes before it, so "May",
    /// "March" and a bare season count. <paramref name="anchor"/>: the other end of a range, whose year (and month) a
    /// yearless start takes.
    /// </summary>
    private Operand? ReadOperand(int i, bool led, bool rangeStart = false, DateOnly? anchor = null, bool allowThird = true)
    {
        if (i >= tokens.Count)
        {
            return null;
        }

        var token = tokens[i];
        switch (token.Kind)
        {
            case TokenKind.Date:
                return new Operand(i + 1, token.From, token.To, DateLabel(token));
            case TokenKind.NotADate:
                return new Operand(i + 1, today, today, string.Empty) { NotADate = true };
            case TokenKind.Number:
                return ReadAgo(i) ?? ReadDayFirst(i, anchor) ?? ReadYear(i) ?? (rangeStart ? ReadLoneDay(i, anchor) : null);
            case TokenKind.Symbol:
                return null;
        }

        Span<char> buffer = stackalloc char[MaxWordLength];
        var word = Lower(i, buffer);
        switch (word)
        {
            case "yesterday":
                return Day(i + 1, today.AddDays(-1), "yesterday");
            case "tomorrow":
                return Day(i + 1, today.AddDays(1), "tomorrow");
            case "this" or "next":
                return ReadQualified(i);
            case "last" when Lower(i + 1, stackalloc char[MaxWordLength]) is "night":
                // From yesterday evening into today.
                return new Operand(i + 2, today.AddDays(-1), today, "last night");
            case "last":
                return ReadQualified(i) ?? ReadRolling(i);
            case "past":
                return ReadRolling(i);
            case "the":
                return ReadRolling(i) ?? ReadSeason(i, led) ?? ReadDayFirst(i, anchor) ?? (allowThird ? ReadThird(i, anchor) : null);
        }

        if (TimeWords.Count(word) > 0)
        {
            return ReadAgo(i);
        }

        if (TimeWords.Third(word) >= 0)
        {
            return allowThird ? ReadThird(i, anchor) : null;
        }

        if (TimeWords.SeasonStartMonth(word) > 0)
        {
            return ReadSeason(i, led);
        }

        if (TimeWords.Weekday(word) is { } weekday)
        {
            // "on Friday", "since Monday": the last one before today. Alone ("Good Friday") a weekday is no time.
            var day = NearestWeekday(today.AddDays(-1), weekday, -1);
            return led ? Day(i + 1, day, string.Create(CultureInfo.InvariantCulture, $"{weekday} {FactAge.LongDate(day)}")) : null;
        }

        return TimeWords.Month(word) > 0 ? ReadMonthFirst(i, led, anchor) : null;
    }

    private static DateOnly NearestWeekday(DateOnly start, DayOfWeek weekday, int direction)
    {
        var day = start;
        while (day.DayOfWeek != weekday)
        {
            day = day.AddDays(direction);
        }

        return day;
    }

    /// <summary>"3 days ago", "two weeks ago", "a month ago", "a year ago": that day, ISO week, calendar month or year.</summary>
    private Operand? ReadAgo(int i)
    {
        var count = CountAt(i, articles: true);
        var unit = UnitAt(i + 1);
        if (count == 0 || unit == TimeUnit.None || !Is(i + 2, "ago") || count > TimeWords.MaxCount(unit))
        {
            return null;
        }

        var label = LowerWords(i, i + 3);
        return unit switch
        {
            TimeUnit.Day => Day(i + 3, today.AddDays(-count), label),
            TimeUnit.Week => Range(i + 3, Week(today.AddDays(-7 * count)), label),
            TimeUnit.Month => Range(i + 3, Month(today.AddMonths(-count)), label),
            _ => Range(i + 3, Year(today.Year - count), label),
        };
    }

    /// <summary>"the past week", "over the past month", "the last 7 days", "past 3 months", "the past few weeks": a rolling range ending today.</summary>
    private Operand? ReadRolling(int i)
    {
        var k = i;
        var hasThe = Is(k, "the");
        if (hasThe)
        {
            k++;
        }

        var isLast = Is(k, "last");
        if (!isLast && !Is(k, "past"))
        {
            return null;
        }

        k++;
        var count = Is(k, "few") ? 3 : CountAt(k, articles: false);
        if (count > 0)
        {
            k++;
        }

        var unit = UnitAt(k);
        // "last week" without "the" is the calendar week before this one (ReadQualified).
        if (unit == TimeUnit.None || (isLast && !hasThe && count == 0) || count > TimeWords.MaxCount(unit))
        {
            return null;
        }

        var days = Math.Max(count, 1);
        var from = unit switch
        {
            TimeUnit.Day => today.AddDays(1 - days),
            TimeUnit.Week => today.AddDays(1 - (7 * days)),
            TimeUnit.Month => today.AddMonths(-days).AddDays(1),
            _ => today.AddYears(-days).AddDays(1),
        };
        return new Operand(k + 1, from, today, LowerWords(i, k + 1));
    }

    /// <summary>"this week", "last month", "next year", "last weekend", "this summer", "last December", "next May".</summary>
    private Operand? ReadQualified(int i)
    {
        if (i + 1 >= tokens.Count)
        {
            return null;
        }

        Span<char> buffer = stackalloc char[MaxWordLength];
        var qualifier = Lower(i, buffer);
        var step = qualifier switch
        {
            "last" => -1,
            "next" => 1,
            _ => 0,
        };
        Span<char> nextBuffer = stackalloc char[MaxWordLength];
        var word = Lower(i + 1, nextBuffer);
        var label = LowerWords(i, i + 2);
        switch (word)
        {
            case "week":
                return Range(i + 2, Week(today.AddDays(7 * step)), label);
            case "weekend":
                var (monday, _) = Week(today.AddDays(7 * step));
                return new Operand(i + 2, monday.AddDays(5), monday.AddDays(6), label);
            case "month":
                return Range(i + 2, Month(today.AddMonths(step)), label);
            case "year":
                return Range(i + 2, Year(today.Year + step), label);
        }

        var seasonStart = TimeWords.SeasonStartMonth(word);
        if (seasonStart > 0)
        {
            var year = step switch
            {
                0 => seasonStart == 12 && today.Month <= 2 ? today.Year - 1 : today.Year,
                < 0 => LastSeasonYear(seasonStart),
                _ => NextSeasonYear(seasonStart),
            };
            var (from, to) = Season(seasonStart, year);
            return new Operand(i + 2, from, to, label);
        }

        if (TimeWords.Weekday(word) is { } weekday)
        {
            var day = step switch
            {
                0 => Week(today).From.AddDays(((int)weekday + 6) % 7),
                < 0 => NearestWeekday(today.AddDays(-1), weekday, -1),
                _ => NearestWeekday(today.AddDays(1), weekday, 1),
            };
            return Day(i + 2, day, $"{qualifier} {weekday}");
        }

        var month = TimeWords.Month(word);
        if (month == 0)
        {
            return null;
        }

        var monthYear = step switch
        {
            0 => today.Year,
            < 0 => month < today.Month ? today.Year : today.Year - 1,
            _ => month > today.Month ? today.Year : today.Year + 1,
        };
        return MonthOperand(i + 2, monthYear, month, yearless: false);
    }

    /// <summary>"summer 2025", "the summer of 2025", "this winter" (elsewhere), and after a preposition "in summer", "over the summer".</summary>
    private Operand? ReadSeason(int i, bool led)
    {
        var k = Is(i, "the") ? i + 1 : i;
        Span<char> buffer = stackalloc char[MaxWordLength];
        var word = Lower(k, buffer);
        var startMonth = TimeWords.SeasonStartMonth(word);
        if (startMonth == 0)
        {
            return null;
        }

        var yearAt = Is(k + 1, "of") ? k + 2 : k + 1;
        if (YearAt(yearAt) is { } year)
        {
            var (from, to) = Season(startMonth, year);
            return new Operand(yearAt + 1, from, to, SeasonLabel(word, startMonth, year));
        }

        // "fall" is a verb too ("after the fall of Bakhmut"): it needs a year or this/last/next.
        if (!led || word is "fall")
        {
            return null;
        }

        var nearest = today.Year;
        while (Season(startMonth, nearest).From > today)
        {
            nearest--;
        }

        var (start, end) = Season(startMonth, nearest);
        return new Operand(k + 1, start, end, SeasonLabel(word, startMonth, nearest)) { ShortLabel = word.ToString() };
    }

    /// <summary>"early/mid/late" or "the beginning/middle/end of" a month, year or season: its first, middle or last third.</summary>
    private Operand? ReadThird(int i, DateOnly? anchor)
    {
        var k = Is(i, "the") ? i + 1 : i;
        Span<char> buffer = stackalloc char[MaxWordLength];
        var word = Lower(k, buffer);
        var third = TimeWords.Third(word);
        if (third < 0)
        {
            return null;
        }

        string prefix;
        if (word is "early" or "mid" or "late")
        {
            k++;
            var dashed = k < tokens.Count && tokens[k].Kind == TokenKind.Symbol && TimeWordsDash(k);
            if (dashed)
            {
                k++;
            }

            prefix = dashed ? $"{word}-" : $"{word} ";
        }
        else
        {
            if (!Is(k + 1, "of"))
            {
                return null;
            }

            k += 2;
            prefix = $"{LowerWords(i, k)} ";
        }

        if (ReadOperand(k, led: true, anchor: anchor, allowThird: false) is not { } whole)
        {
            return null;
        }

        if (whole.NotADate || whole.DayOnly)
        {
            return whole;
        }

        var (from, to) = Third(whole.From, whole.To, third);
        return whole with { From = from, To = to, Label = prefix + whole.Label, ShortLabel = prefix + whole.ShortLabel };
    }

    /// <summary>"December 2025", "Dec 15", "December 15, 2025", "Sept. 2025", "December of 2025", and "May"/"March" only as months.</summary>
    private Operand? ReadMonthFirst(int i, bool led, DateOnly? anchor)
    {
        Span<char> buffer = stackalloc char[MaxWordLength];
        var word = Lower(i, buffer);
        var month = TimeWords.Month(word);
        var k = i + 1;
        if (TimeWords.IsMonthAbbreviation(word) && IsSymbol(k, '.') && tokens.Count > k + 1 && tokens[k + 1].Kind == TokenKind.Number)
        {
            k++;
        }

        if (DayAt(k) is { } day)
        {
            var yearAt = IsSymbol(k + 1, ',') ? k + 2 : k + 1;
            return YearAt(yearAt) is { } year ? DayOperand(yearAt + 1, year, month, day) : YearlessDay(k + 1, month, day, anchor);
        }

        var monthYearAt = Is(k, "of") || IsSymbol(k, ',') ? k + 1 : k;
        if (YearAt(monthYearAt) is { } monthYear)
        {
            return MonthOperand(monthYearAt + 1, monthYear, month, yearless: false);
        }

        if (TimeWords.MonthIsAlsoAWord(word) && !led && !FollowsTimeOrLead(i))
        {
            return null;
        }

        return MonthOperand(k, NearestMonthYear(month, anchor), month, yearless: true);
    }

    /// <summary>"15 December 2025", "15th Dec 2025", "the 15th of December", "28 February".</summary>
    private Operand? ReadDayFirst(int i, DateOnly? anchor)
    {
        var k = Is(i, "the") ? i + 1 : i;
        if (DayAt(k) is not { } day)
        {
            return null;
        }

        k++;
        if (Is(k, "of"))
        {
            k++;
        }

        var month = TimeWords.Month(Lower(k, stackalloc char[MaxWordLength]));
        if (month == 0)
        {
            return null;
        }

        k++;
        if (IsSymbol(k, '.') && TimeWords.IsMonthAbbreviation(Lower(k - 1, stackalloc char[MaxWordLength])) && YearAt(k + 1) is not null)
        {
            k++;
        }

        var yearAt = IsSymbol(k, ',') && YearAt(k + 1) is not null ? k + 1 : k;
        return YearAt(yearAt) is { } year ? DayOperand(yearAt + 1, year, month, day) : YearlessDay(k, month, day, anchor);
    }

    /// <summary>"2025", "the 2024 election": a year 1990-2100 standing on its own.</summary>
    private Operand? ReadYear(int i) =>
        YearAt(i) is { } year ? Range(i + 1, Year(year), year.ToString(CultureInfo.InvariantCulture)) : null;

    /// <summary>The "10" of "between 10 and 15 December": a day waiting for the month of the range's end.</summary>
    private Operand? ReadLoneDay(int i, DateOnly? anchor)
    {
        if (DayAt(i) is not { } day || !(Is(i + 1, "and") || IsRangeConnector(i + 1)))
        {
            return null;
        }

        if (anchor is not { } other)
        {
            return new Operand(i + 1, today, today, string.Empty) { DayOnly = true };
        }

        if (day > DateTime.DaysInMonth(other.Year, other.Month))
        {
            return null;
        }

        var date = new DateOnly(other.Year, other.Month, day);
        return new Operand(i + 1, date, date, FactAge.LongDate(date)) { ShortLabel = day.ToString(CultureInfo.InvariantCulture) };
    }

    private Operand DayOperand(int end, int year, int month, int day) =>
        day <= DateTime.DaysInMonth(year, month)
            ? Day(end, new DateOnly(year, month, day), FactAge.LongDate(new DateOnly(year, month, day)))
            : new Operand(end, today, today, string.Empty) { NotADate = true };

    /// <summary>"15 December" with no year: the nearest past or current one (or the range end's year).</summary>
    private Operand YearlessDay(int end, int month, int day, DateOnly? anchor)
    {
        var candidates = anchor is { } other ? 1 : 8;
        var year = anchor?.Year ?? today.Year;
        for (var tried = 0; tried < candidates; tried++, year--)
        {
            if (day > DateTime.DaysInMonth(year, month))
            {
                continue;
            }

            var date = new DateOnly(year, month, day);
            if (anchor is not null || date <= today)
            {
                return new Operand(end, date, date, FactAge.LongDate(date))
                {
                    ShortLabel = date.ToString("d MMMM", CultureInfo.InvariantCulture),
                    Yearless = true,
                };
            }
        }

        return new Operand(end, today, today, string.Empty) { NotADate = true };
    }

    private static Operand MonthOperand(int end, int year, int month, bool yearless)
    {
        var (from, to) = Month(new DateOnly(year, month, 1));
        return new Operand(end, from, to, from.ToString("MMMM yyyy", CultureInfo.InvariantCulture))
        {
            ShortLabel = from.ToString("MMMM", CultureInfo.InvariantCulture),
            Yearless = yearless,
        };
    }

    private int NearestMonthYear(int month, DateOnly? anchor) =>
        anchor?.Year ?? (month <= today.Month ? today.Year : today.Year - 1);

    private int LastSeasonYear(int startMonth)
    {
        var year = today.Year;
        while (Season(startMonth, year).To >= today)
        {
            year--;
        }

        return year;
    }

    private int NextSeasonYear(int startMonth)
    {
        var year = today.Year - 1;
        while (Season(startMonth, year).From <= today)
        {
            year++;
        }

        return year;
    }

    /// <summary>"May" or "March" counts as a month after a leading word ("in", "since", "early") or a time and "and"/"or"/"to".</summary>
    private bool FollowsTimeOrLead(int i)
    {
        Span<char> buffer = stackalloc char[MaxWordLength];
        var previous = Lower(i - 1, buffer);
        return TimeWords.LeadsToMonth(previous) || (TimeWords.JoinsTimes(previous) && PreviousEnd == i - 1);
    }

    private static TimeExpression? Expression(int start, Operand? operand) => operand switch
    {
        null => null,
        { NotADate: true } time => NotADate(start, time.End),
        { DayOnly: true } => null,
        { } time => new TimeExpression(start, time.End, TimeReference.Window, new TimeWindow(time.From, time.To, time.Label), Remove: true),
    };

    private static TimeExpression NotADate(int start, int end) => new(start, end, TimeReference.None, null, Remove: false);

    private static TimeExpression Window(int start, int end, DateOnly from, DateOnly to, string label) =>
        new(start, end, TimeReference.Window, new TimeWindow(from, to, label), Remove: true);

    private static Operand Day(int end, DateOnly day, string label) => new(end, day, day, label);

    private static Operand Range(int end, (DateOnly From, DateOnly To) range, string label) => new(end, range.From, range.To, label);

    private static (DateOnly From, DateOnly To) Week(DateOnly day)
    {
        var monday = day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
        return (monday, monday.AddDays(6));
    }

    private static (DateOnly From, DateOnly To) Month(DateOnly day)
    {
        var first = new DateOnly(day.Year, day.Month, 1);
        return (first, new DateOnly(day.Year, day.Month, DateTime.DaysInMonth(day.Year, day.Month)));
    }

    private static (DateOnly From, DateOnly To) Year(int year) => (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));

    /// <summary>Meteorological seasons: winter of year Y is December Y to February Y+1.</summary>
    private static (DateOnly From, DateOnly To) Season(int startMonth, int year)
    {
        var from = new DateOnly(year, startMonth, 1);
        return (from, from.AddMonths(3).AddDays(-1));
    }

    private static string SeasonLabel(ReadOnlySpan<char> word, int startMonth, int year) => startMonth == 12
        ? string.Create(CultureInfo.InvariantCulture, $"{word} {year}/{(year + 1) % 100:00}")
        : string.Create(CultureInfo.InvariantCulture, $"{word} {year}");

    /// <summary>A month splits into days 1-10, 11-20 and 21-end; a run of whole months into three equal runs; anything else stays whole.</summary>
    private static (DateOnly From, DateOnly To) Third(DateOnly from, DateOnly to, int third)
    {
        var wholeMonths = from.Day == 1 && to.Day == DateTime.DaysInMonth(to.Year, to.Month);
        var months = ((to.Year - from.Year) * 12) + to.Month - from.Month + 1;
        if (!wholeMonths)
        {
            return (from, to);
        }

        if (months == 1)
        {
            return third switch
            {
                0 => (from, from.AddDays(9)),
                1 => (from.AddDays(10), from.AddDays(19)),
                _ => (from.AddDays(20), to),
            };
        }

        if (months % 3 != 0)
        {
            return (from, to);
        }

        var start = from.AddMonths(months / 3 * third);
        return (start, start.AddMonths(months / 3).AddDays(-1));
    }

    private static string DateLabel(QuestionToken token) => token.Precision switch
    {
        DatePrecision.Day => FactAge.LongDate(token.From),
        DatePrecision.Month => token.From.ToString("MMMM yyyy", CultureInfo.InvariantCulture),
        _ => string.Create(CultureInfo.InvariantCulture, $"{token.From.Year} to {token.To.Year}"),
    };

    private int? DayAt(int i) =>
        i < tokens.Count && tokens[i] is { Kind: TokenKind.Number, Value: >= 1 and <= 31 } token && (token.Plain || token.Ordinal)
            ? token.Value
            : null;

    private int? YearAt(int i)
    {
        if (i >= tokens.Count || tokens[i] is not { Kind: TokenKind.Number, Plain: true, Ordinal: false } token
            || !QuestionTokenizer.IsYear(token.Value))
        {
            return null;
        }

        return TimeWords.IsCountedNoun(Lower(i + 1, stackalloc char[MaxWordLength])) ? null : token.Value;
    }

    /// <summary>A count of units: digits, or "two", "a", "an" when <paramref name="articles"/>.</summary>
    private int CountAt(int i, bool articles)
    {
        if (i >= tokens.Count)
        {
            return 0;
        }

        var token = tokens[i];
        if (token.Kind == TokenKind.Number)
        {
            return token is { Plain: true, Ordinal: false, Value: > 0 } ? token.Value : 0;
        }

        var word = Lower(i, stackalloc char[MaxWordLength]);
        return !articles && word is "a" or "an" ? 0 : TimeWords.Count(word);
    }

    private TimeUnit UnitAt(int i) => TimeWords.Unit(Lower(i, stackalloc char[MaxWordLength]));

    private bool IsRangeConnector(int i) =>
        TimeWords.IsRangeConnector(Lower(i, stackalloc char[MaxWordLength])) || (i < tokens.Count && tokens[i].Kind == TokenKind.Symbol && TimeWordsDash(i));

    private bool IsSymbol(int i, char symbol) => i < tokens.Count && tokens[i].Kind == TokenKind.Symbol && question[tokens[i].Start] == symbol;

    private bool Is(int i, string word) => Lower(i, stackalloc char[MaxWordLength]).SequenceEqual(word);

    private bool AsksWhatHappened()
    {
        Span<char> buffer = stackalloc char[MaxWordLength];
        for (var i = 0; i < tokens.Count; i++)
        {
            if (TimeWords.AsksWhatHappened(Lower(i, buffer)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The word at token <paramref name="i"/> in lower case with a plain apostrophe; empty for anything else or anything long.</summary>
    private ReadOnlySpan<char> Lower(int i, Span<char> buffer)
    {
        if (i < 0 || i >= tokens.Count || tokens[i].Kind != TokenKind.Word)
        {
            return [];
        }

        var token = tokens[i];
        var length = token.End - token.Start;
        if (length > buffer.Length)
        {
            return [];
        }

        for (var k = 0; k < length; k++)
        {
            var c = question[token.Start + k];
            buffer[k] = QuestionTokenizer.IsApostrophe(c) ? '\'' : char.ToLowerInvariant(c);
        }

        return buffer[..length];
    }

    private string LowerWords(int start, int end) => Words(start, end, lower: true);

    /// <summary>The member's words from token <paramref name="start"/> to <paramref name="end"/>, whitespace collapsed.</summary>
    private string Words(int start, int end, bool lower)
    {
        var from = tokens[start].Start;
        var to = tokens[end - 1].End;
        var text = new StringBuilder(to - from);
        var space = false;
        for (var k = from; k < to; k++)
        {
            var c = question[k];
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space)
            {
                text.Append(' ');
                space = false;
            }

            text.Append(lower ? char.ToLowerInvariant(c) : c);
        }

        return text.ToString();
    }
}
