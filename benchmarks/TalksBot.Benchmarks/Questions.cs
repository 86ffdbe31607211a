namespace TalksBot.Benchmarks;

/// <summary>The fixed, rotating question list of the latency benchmarks: every call asks the next one.</summary>
public static class Questions
{
    private static readonly string[] Fillers = ["now", "today", "currently", "still", "really", "exactly", "please", "honestly", "actually", "again"];

    /// <summary>
    /// <paramref name="question"/> made unique by <paramref name="round"/> (a filler word and the number), still a plain
    /// English question, so no earlier vector is cached for it.
    /// </summary>
    public static string MadeNew(string question, int round) =>
        $"{question.TrimEnd('?')} {Fillers[round % Fillers.Length]} {round.ToString(System.Globalization.CultureInfo.InvariantCulture)}?";

    public static IReadOnlyList<string> All { get; } =
    [
        // In scope, paraphrased.
        "Will Ukraine give up Donetsk in exchange for peace?",
        "What does Russia demand about Ukraine joining NATO?",
        "Would Kyiv agree to freeze the fighting where the armies stand now?",
        "What security guarantees are the Europeans prepared to offer?",
        "What came out of the Trump-Putin summit in Alaska?",
        "Is Zelenskyy willing to hold an election before the war is over?",
        "What happened at the Berlin talks in December?",
        "Does the Kremlin accept European peacekeepers on Ukrainian soil?",
        "What did the Americans propose for the Zaporizhzhia nuclear plant?",
        "How does the EU want to use the frozen Russian assets?",
        "Who is Steve Witkoff and what is his role?",
        "Does Moscow want to cap the size of Ukraine's army?",
        "Did Ukraine accept the 30-day ceasefire proposed in Jeddah?",
        "Has Russia agreed to stop hitting energy infrastructure?",
        "What was discussed at the trilateral meeting in Abu Dhabi?",
        "Could Ukraine drop its NATO bid if it got guarantees instead?",
        "What is Russia asking for on the Russian language and the church?",

        // Terse, lowercase or misspelled.
        "zelensky nato",
        "luhanks",
        "putin crimea recognition",
        "ceasfire russia",
        "witkof kushner moscow",
        "donbass withdrawl",
        "minerals deal",
        "referendum peace plan",

        // Out of scope: chit-chat, general knowledge, other conflicts, near-misses sharing words with the knowledge.
        "What's a good recipe for pancakes?",
        "Who won the Lakers game last night?",
        "Will China invade Taiwan?",
        "What is the capital of Australia?",
        "What's the weather in Kyiv tomorrow?",
        "Is the ceasefire in Gaza holding?",
    ];
}
