namespace TalksBot.Core.Queries.Time;

internal enum TimeUnit
{
    None,
    Day,
    Week,
    Month,
    Year,
}

/// <summary>A fixed phrase that says "now" or "newest": <see cref="Remove"/> when it is only a modifier the search can do without.</summary>
internal sealed record TimePhrase(string[] Words, TimeReference Reference, bool Remove, bool OnlyAtEnd = false);

/// <summary>The English words the question-time parser knows, lower case (apostrophes as <c>'</c>).</summary>
internal static class TimeWords
{
    /// <summary>Phrases sharing a first word are listed longest first.</summary>
    public static readonly TimePhrase[] Phrases =
    [
        new(["right", "now"], TimeReference.Present, Remove: true),
        new(["as", "of", "now"], TimeReference.Present, Remove: true),
        new(["as", "of", "today"], TimeReference.Present, Remove: true),
        new(["up", "until", "now"], TimeReference.Present, Remove: true),
        new(["up", "to", "now"], TimeReference.Present, Remove: true),
        new(["until", "now"], TimeReference.Present, Remove: true),
        new(["until", "today"], TimeReference.Present, Remove: true),
        new(["till", "now"], TimeReference.Present, Remove: true),
        new(["to", "date"], TimeReference.Present, Remove: true),
        new(["by", "now"], TimeReference.Present, Remove: true),
        new(["so", "far"], TimeReference.Present, Remove: true),
        new(["thus", "far"], TimeReference.Present, Remove: true),
        new(["at", "the", "moment"], TimeReference.Present, Remove: true),
        new(["at", "this", "point"], TimeReference.Present, Remove: true),
        new(["at", "present"], TimeReference.Present, Remove: true),
        new(["these", "days"], TimeReference.Present, Remove: true),
        new(["nowadays"], TimeReference.Present, Remove: true),
        new(["currently"], TimeReference.Present, Remove: true),
        new(["presently"], TimeReference.Present, Remove: true),
        new(["current"], TimeReference.Present, Remove: true),
        new(["still"], TimeReference.Present, Remove: true),
        new(["anymore"], TimeReference.Present, Remove: true),
        // "Does Russia want Crimea any more?", not "are there any more talks?"
        new(["any", "more"], TimeReference.Present, Remove: true, OnlyAtEnd: true),
        new(["now"], TimeReference.Present, Remove: true),
        new(["most", "recent"], TimeReference.Latest, Remove: true),
        new(["in", "recent", "days"], TimeReference.Latest, Remove: true),
        new(["in", "recent", "weeks"], TimeReference.Latest, Remove: true),
        new(["in", "recent", "months"], TimeReference.Latest, Remove: true),
        new(["in", "recent", "years"], TimeReference.Latest, Remove: true),
        new(["in", "recent", "times"], TimeReference.Latest, Remove: true),
        new(["latest"], TimeReference.Latest, Remove: true),
        new(["newest"], TimeReference.Latest, Remove: true),
        new(["recently"], TimeReference.Latest, Remove: true),
        new(["recent"], TimeReference.Latest, Remove: true),
        new(["lately"], TimeReference.Latest, Remove: true),
        // Nouns stay in the remainder: the search still wants "news" and "updates".
        new(["news"], TimeReference.Latest, Remove: false),
        new(["what's", "new"], TimeReference.Latest, Remove: false),
        new(["whats", "new"], TimeReference.Latest, Remove: false),
        new(["what", "is", "new"], TimeReference.Latest, Remove: false),
        new(["any", "updates"], TimeReference.Latest, Remove: false),
        new(["any", "update"], TimeReference.Latest, Remove: false),
        new(["update", "on"], TimeReference.Latest, Remove: false),
        new(["updates"], TimeReference.Latest, Remove: false),
        // What comes next is known only as the newest plans: "Where will the next round be held?" wants the latest word on it.
        new(["next", "round"], TimeReference.Latest, Remove: false),
        new(["next", "rounds"], TimeReference.Latest, Remove: false),
        new(["next", "meeting"], TimeReference.Latest, Remove: false),
        new(["next", "talks"], TimeReference.Latest, Remove: false),
        new(["next", "trilateral"], TimeReference.Latest, Remove: false),
        new(["next", "summit"], TimeReference.Latest, Remove: false),
        new(["next", "steps"], TimeReference.Latest, Remove: false),
        new(["next", "step"], TimeReference.Latest, Remove: false),
        new(["upcoming"], TimeReference.Latest, Remove: false),
        new(["the", "next"], TimeReference.Latest, Remove: false),
    ];

    /// <summary>0 when the word is no month.</summary>
    public static int Month(ReadOnlySpan<char> word) => word switch
    {
        "january" or "jan" => 1,
        "february" or "feb" => 2,
        "march" or "mar" => 3,
        "april" or "apr" => 4,
        "may" => 5,
        "june" or "jun" => 6,
        "july" or "jul" => 7,
        "august" or "aug" => 8,
        "september" or "sept" or "sep" => 9,
        "october" or "oct" => 10,
        "november" or "nov" => 11,
        "december" or "dec" => 12,
        _ => 0,
    };

    /// <summary>Month words that are also ordinary words ("Russia may accept", "they march", "mar the talks", "Jan Lipavsky").</summary>
    public static bool MonthIsAlsoAWord(ReadOnlySpan<char> word) => word is "may" or "march" or "mar" or "jan";

    public static bool IsMonthAbbreviation(ReadOnlySpan<char> word) => word.Length <= 4 && word is not "may" && Month(word) > 0;

    /// <summary>Words before a month that make "May" or "March" a month ("in May", "since March", "early May").</summary>
    public static bool LeadsToMonth(ReadOnlySpan<char> word) => word is "in" or "on" or "since" or "before" or "after"
        or "until" or "till" or "by" or "from" or "through" or "between" or "during" or "of" or "early" or "mid" or "late"
        or "last" or "this" or "next";

    /// <summary>Words that join a second time to a first: "April and May", "March or April", "from March to May".</summary>
    public static bool JoinsTimes(ReadOnlySpan<char> word) => word is "and" or "or" or "to";

    /// <summary>Prepositions that belong to the time expression after them and leave the remainder with it.</summary>
    public static bool IsTimePreposition(ReadOnlySpan<char> word) => word is "in" or "on" or "during" or "over" or "at"
        or "for" or "from" or "of" or "within" or "throughout" or "around";

    /// <summary>What ends a "from A" before its "B".</summary>
    public static bool IsRangeConnector(ReadOnlySpan<char> word) => word is "to" or "until" or "till" or "through" or "thru";

    /// <summary>Questions that ask what happened make "today" a day, not "now": "what happened today", "was anything signed today".</summary>
    public static bool AsksWhatHappened(ReadOnlySpan<char> word) => word is "happened" or "happen" or "occurred" or "occur"
        or "took" or "was" or "were" or "did";

    /// <summary>Words that end the event phrase after "before the …": prepositions, conjunctions, verbs of the question.</summary>
    public static bool EndsEventPhrase(ReadOnlySpan<char> word) => word is "in" or "on" or "at" or "of" or "for" or "with"
        or "to" or "from" or "by" or "about" or "and" or "or" or "but" or "than" or "since" or "before" or "after" or "until"
        or "till" or "during" or "between" or "into" or "over" or "under" or "against" or "did" or "does" or "do" or "was"
        or "were" or "is" or "are" or "has" or "have" or "had" or "will" or "would" or "could" or "should" or "can"
        or "what" or "who" or "when" or "where" or "why" or "how" or "which" or "that" or "so" or "if";

    /// <summary>"2000 prisoners", "1999 troops": a count, not a year.</summary>
    public static bool IsCountedNoun(ReadOnlySpan<char> word) => word is "people" or "prisoners" or "pows" or "soldiers"
        or "troops" or "men" or "women" or "children" or "civilians" or "casualties" or "deaths" or "dead" or "killed"
        or "wounded" or "refugees" or "km" or "kilometres" or "kilometers" or "miles" or "tanks" or "drones" or "missiles"
        or "shells" or "dollars" or "euros" or "points" or "units" or "votes" or "hectares" or "tonnes" or "tons";

    public static TimeUnit Unit(ReadOnlySpan<char> word) => word switch
    {
        "day" or "days" => TimeUnit.Day,
        "week" or "weeks" => TimeUnit.Week,
        "month" or "months" => TimeUnit.Month,
        "year" or "years" => TimeUnit.Year,
        _ => TimeUnit.None,
    };

    /// <summary>"two weeks ago", "the last three months"; 0 when the word is no count.</summary>
    public static int Count(ReadOnlySpan<char> word) => word switch
    {
        "a" or "an" or "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        _ => 0,
    };

    /// <summary>The largest count that still makes sense for a unit (and keeps date arithmetic in range).</summary>
    public static int MaxCount(TimeUnit unit) => unit switch
    {
        TimeUnit.Day => 1000,
        TimeUnit.Week => 520,
        TimeUnit.Month => 240,
        _ => 100,
    };

    /// <summary>The first month of a meteorological (northern) season; 0 when the word is no season.</summary>
    public static int SeasonStartMonth(ReadOnlySpan<char> word) => word switch
    {
        "spring" => 3,
        "summer" => 6,
        "autumn" or "fall" => 9,
        "winter" => 12,
        _ => 0,
    };

    public static DayOfWeek? Weekday(ReadOnlySpan<char> word) => word switch
    {
        "monday" => DayOfWeek.Monday,
        "tuesday" => DayOfWeek.Tuesday,
        "wednesday" => DayOfWeek.Wednesday,
        "thursday" => DayOfWeek.Thursday,
        "friday" => DayOfWeek.Friday,
        "saturday" => DayOfWeek.Saturday,
        "sunday" => DayOfWeek.Sunday,
        _ => null,
    };

    /// <summary>Which third: 0 first ("early", "the beginning of"), 1 middle, 2 last ("late", "the end of"); -1 when none.</summary>
    public static int Third(ReadOnlySpan<char> word) => word switch
    {
        "early" or "beginning" or "start" => 0,
        "mid" or "middle" => 1,
        "late" or "end" => 2,
        _ => -1,
    };
}
