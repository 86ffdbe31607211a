using System.Text.RegularExpressions;
using TalksBot.Core.Knowledge.Yaml;
using YamlDotNet.RepresentationModel;

namespace TalksBot.Core.Queries;

/// <summary>A regression question: the expected top answer (regexes on its text, party and topic), or out of scope.</summary>
public sealed record EvalQuestion(string Group, string Question, IReadOnlyList<Regex> Expect, Regex? Party, bool OutOfScope, long Line)
{
    /// <summary>The day the question is asked on (the question's or the file's <c>now:</c>); null: the bot's today.</summary>
    public DateOnly? Now { get; init; }

    /// <summary>For a question the bot must refuse: the reason it must give ("after-horizon", "past-horizon", "no-detail", "unknown-name", "no-match").</summary>
    public string? Reason { get; init; }
}

/// <summary>What the bot did with one question.</summary>
public sealed record EvalOutcome(EvalQuestion Question, AskAnswer Answer, bool Top1, bool Top3)
{
    /// <summary>In scope: the top answer is right. Out of scope: the bot said it does not know (for the reason asked, if one is).</summary>
    public bool Passed => Question.OutOfScope ? !Answer.Answered && ReasonMatches : Top1;

    /// <summary>The refusal's reason is the expected one, or none is expected.</summary>
    public bool ReasonMatches => Question.Reason is null || string.Equals(Question.Reason, ReasonName(Answer.Reason), StringComparison.OrdinalIgnoreCase);

    /// <summary>"AfterHorizon" → "after-horizon", as <c>ask --json</c> writes it.</summary>
    public static string ReasonName(AskReason reason) =>
        string.Concat(reason.ToString().Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));
}

/// <summary>
/// One group's score: of its answerable questions, how many had the right fact first (<see cref="Top1"/>) or in the top 3;
/// of all, how many were refused; <see cref="Passed"/> counts answerable questions answered right plus questions to refuse
/// that were refused for the expected reason.
/// </summary>
public sealed record GroupScore(string Group, int Questions, int Top1, int Top3, int Refused, bool OutOfScope)
{
    /// <summary>Questions the bot must answer (the rest it must refuse).</summary>
    public int Answerable { get; init; } = Questions;

    public int Passed { get; init; }

    /// <summary>True when the group mixes questions to answer and questions to refuse.</summary>
    public bool Mixed => Answerable > 0 && Answerable < Questions;
}

public sealed record EvalReport(IReadOnlyList<EvalOutcome> Outcomes, IReadOnlyList<GroupScore> Groups)
{
    public int InScope => Outcomes.Count(o => !o.Question.OutOfScope);

    public int OutOfScope => Outcomes.Count(o => o.Question.OutOfScope);

    public double Top1Rate => Rate(Outcomes.Count(o => !o.Question.OutOfScope && o.Top1), InScope);

    public double Top3Rate => Rate(Outcomes.Count(o => !o.Question.OutOfScope && o.Top3), InScope);

    public double RefusalRate => Rate(Outcomes.Count(o => o.Question.OutOfScope && o.Passed), OutOfScope);

    private static double Rate(int part, int whole) => whole == 0 ? 1 : (double)part / whole;
}

/// <summary>Reads question files in the shape of <c>eval/dev-questions.yaml</c> and scores the query service on them.</summary>
public static class Evaluation
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    public static IReadOnlyList<EvalQuestion> ReadQuestions(string path)
    {
        // A question file is as hostile as a knowledge file: the same bounds on size, depth, aliases and encoding.
        var reader = new YamlNodeReader(path);
        var stream = reader.Load(YamlNodeReader.ReadFile(path));

        // The root is the list of questions, or a mapping with the file's "now:" and its "questions:".
        DateOnly? fileNow = null;
        var root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        if (root is YamlMappingNode file)
        {
            reader.RejectUnknownKeys(file, "question file", "now", "questions");
            fileNow = reader.OptionalDate(file, "now", "question file");
            root = file.Children.TryGetValue(new YamlScalarNode("questions"), out var list) ? list : null;
        }

        if (root is not YamlSequenceNode items)
        {
            throw new KnowledgeFileException(path, 1, "expected a list of questions, each like '- {group: seed, q: \"…\", expect: [\"regex\"]}' (or a mapping with now: and questions:)");
        }

        return items.Children.Select(node =>
        {
            var map = node as YamlMappingNode ?? throw reader.Error(node, "each question must be a mapping with group, q and expect or oos");
            reader.RejectUnknownKeys(map, "question", "group", "q", "expect", "party", "oos", "now", "reason");
            var question = reader.RequiredString(map, "q", "question");
            var outOfScope = string.Equals(reader.OptionalString(map, "oos", "question"), "true", StringComparison.OrdinalIgnoreCase);
            var expect = reader.StringList(map, "expect", "question").Select(p => Compile(reader, map, p)).ToList();
            if (!outOfScope && expect.Count == 0)
            {
                throw reader.Error(map, $"question “{question}”: give 'expect' regexes, or 'oos: true' for a question the bot must refuse");
            }

            var party = reader.OptionalString(map, "party", "question");
            return new EvalQuestion(
                reader.OptionalString(map, "group", "question") ?? (outOfScope ? "oos" : "default"),
                question,
                expect,
                party is null ? null : Compile(reader, map, party),
                outOfScope,
                map.Start.Line)
            {
                Now = reader.OptionalDate(map, "now", "question") ?? fileNow,
                Reason = reader.OptionalString(map, "reason", "question"),
            };
        }).ToList();
    }

    public static async Task<EvalReport> RunAsync(QueryService queries, IReadOnlyList<EvalQuestion> questions, CancellationToken cancellationToken = default)
    {
        var outcomes = new List<EvalOutcome>(questions.Count);
        foreach (var question in questions)
        {
            var answer = await queries.AskAsync(question.Question, today: question.Now, cancellationToken: cancellationToken).ConfigureAwait(false);
            var top1 = answer.Answered && answer.Results.Count > 0 && Matches(question, answer.Results[0], answer.Knowledge);
            var top3 = answer.Results.Take(3).Any(r => Matches(question, r, answer.Knowledge));
            outcomes.Add(new EvalOutcome(question, answer, top1, top3));
        }

        var groups = outcomes
            .GroupBy(o => o.Question.Group)
            .Select(g => new GroupScore(
                g.Key,
                g.Count(),
                g.Count(o => !o.Question.OutOfScope && o.Top1),
                g.Count(o => !o.Question.OutOfScope && o.Top3),
                g.Count(o => !o.Answer.Answered),
                g.All(o => o.Question.OutOfScope))
            {
                Answerable = g.Count(o => !o.Question.OutOfScope),
                Passed = g.Count(o => o.Passed),
            })
            .ToList();
        return new EvalReport(outcomes, groups);
    }

    /// <summary>All expect regexes match the fact's text, party and topic; the party regex matches its party id or name.</summary>
    public static bool Matches(EvalQuestion question, RankedFact result, Knowledge.KnowledgeSnapshot knowledge)
    {
        var fact = result.Fact;
        var haystack = $"{fact.Text} {fact.Party} {fact.Topic}";
        if (!question.Expect.All(regex => regex.IsMatch(haystack)))
        {
            return false;
        }

        return question.Party is null ||
            (fact.Party is not null && (question.Party.IsMatch(fact.Party) || question.Party.IsMatch(knowledge.PartiesById[fact.Party].Name)));
    }

    private static Regex Compile(YamlNodeReader reader, YamlMappingNode map, string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (ArgumentException exception)
        {
            throw reader.Error(map, $"the regex '{pattern}' is not valid: {exception.Message}");
        }
    }
}
