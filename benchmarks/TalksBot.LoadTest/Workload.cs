using System.Globalization;
using System.Text.RegularExpressions;
using TalksBot.Testing;

namespace TalksBot.LoadTest;

/// <summary>Which command a run sends.</summary>
internal enum LoadCommand
{
    Positions,
    Ask,

    /// <summary>The soak's mix: 80 % /positions, 20 % /ask.</summary>
    Mix,
}

/// <summary>One interaction's content: the command, its options, and the member who sends it.</summary>
internal sealed record WorkItem(string Command, string OptionName, string OptionValue, string? Party, int Member)
{
    /// <summary>The member's Discord user id (a snowflake).</summary>
    public string DiscordUserId => (100_000_000_000_000_000UL + (ulong)Member).ToString(CultureInfo.InvariantCulture);

    /// <summary>The member's Slack user id.</summary>
    public string SlackUserId => "U" + Member.ToString("D9", CultureInfo.InvariantCulture);

    public string UserName => "member" + Member.ToString(CultureInfo.InvariantCulture);

    /// <summary>The free text a Slack user would type after the command.</summary>
    public string SlackText => Party is null ? OptionValue : $"{OptionValue} {Party}";
}

/// <summary>
/// What the simulated members send: /positions over rotating topics and parties, /ask over ~30 in-scope questions
/// from knowledge/questions.yaml (optionally made distinct so no question vector is cached), each interaction from the
/// next of <see cref="Members"/> members, so the bot's per-member rate limits are never the thing measured.
/// </summary>
internal sealed partial class Workload
{
    public const int Members = 20_000;

    private static readonly string[] Topics =
    [
        "territory", "nato", "security-guarantees", "elections", "ceasefire", "foreign-troops", "military-limits",
        "sanctions-assets", "nuclear-plant", "language", "church", "humanitarian", "eu-membership", "process", "negotiators", "aid",
    ];

    private static readonly string?[] Parties = [null, "russia", "ukraine", null, "united-states", "europe"];

    // Words that change a question's text (so its vector is not cached) without changing what it asks.
    private static readonly string[] Fillers = ["now", "today", "currently", "still", "really", "exactly", "please", "honestly", "actually", "again"];

    private readonly List<string> _questions;
    private readonly LoadCommand _command;
    private readonly bool _distinct;

    public Workload(LoadCommand command, bool distinctQuestions)
    {
        _command = command;
        _distinct = distinctQuestions;
        _questions = InScopeQuestions(30);
    }

    public int QuestionCount => _questions.Count;

    public WorkItem Item(int seq)
    {
        var member = seq % Members;
        var ask = _command switch
        {
            LoadCommand.Ask => true,
            LoadCommand.Mix => seq % 5 == 4,
            _ => false,
        };
        if (ask)
        {
            var round = seq / _questions.Count;
            var question = _questions[seq % _questions.Count];
            if (_distinct)
            {
                // "round" makes every text unique across the run; the filler keeps it a plain English question.
                question = $"{question.TrimEnd('?')} {Fillers[round % Fillers.Length]} {round.ToString(CultureInfo.InvariantCulture)}?";
            }

            return new WorkItem("ask", "question", question, null, member);
        }

        var topic = Topics[seq % Topics.Length];
        var party = Parties[seq / Topics.Length % Parties.Length];
        return new WorkItem("positions", "topic", topic, party, member);
    }

    /// <summary>In-scope questions (not <c>oos</c>), spread evenly over the file's groups.</summary>
    private static List<string> InScopeQuestions(int count)
    {
        var all = File.ReadLines(Path.Combine(RepositoryPaths.Knowledge, "questions.yaml"))
            .Select(line => QuestionLine().Match(line))
            .Where(m => m.Success && m.Groups["group"].Value != "oos")
            .Select(m => Regex.Unescape(m.Groups["q"].Value))
            .ToList();
        if (all.Count == 0)
        {
            throw new InvalidOperationException("No in-scope questions found in knowledge/questions.yaml.");
        }

        var step = Math.Max(1, all.Count / count);
        return all.Where((_, i) => i % step == 0).Take(count).ToList();
    }

    [GeneratedRegex(@"^- \{group: (?<group>\w+), q: ""(?<q>(?:[^""\\]|\\.)*)""", RegexOptions.CultureInvariant)]
    private static partial Regex QuestionLine();
}
