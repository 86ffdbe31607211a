using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using TalksBot.Core.Cards;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Queries;

namespace TalksBot.Cli;

internal sealed record SourceJson(string Title, string Publisher, string Url, string? Published, string Reliability);

internal sealed record FactJson(
    string Id,
    string Kind,
    string? Party,
    string Topic,
    string Text,
    string AsOf,
    IReadOnlyList<SourceJson> Sources,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Score = null);

/// <summary>The time a question named: its first and last day (null when open) and the member's words for it.</summary>
internal sealed record WindowJson(string? From, string? To, string Label);

/// <summary>
/// An answer: <c>reason</c> says why it is not answered ("no-match", "after-horizon", "past-horizon"); <c>shape</c> how
/// to read the results ("best-match", "latest": newest first, "period": in date order); <c>horizon</c> is the newest
/// date in the knowledge and <c>today</c> the day ages are counted to; <c>reading</c> the English reading a Ukrainian or
/// Russian question was answered from; <c>unknownNames</c> the names it holds nothing on.
/// </summary>
internal sealed record AskJson(
    string Question,
    bool Answered,
    string? Reason,
    string Shape,
    string? Horizon,
    string Today,
    WindowJson? Window,
    IReadOnlyList<FactJson> Results,
    IReadOnlyList<string> NearestTopics,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reading = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? UnknownNames = null);

internal sealed record PartyPositionsJson(string Party, string Name, IReadOnlyList<FactJson> Positions);

internal sealed record PositionsJson(string Topic, string Title, string? AsOf, IReadOnlyList<PartyPositionsJson> Parties);

internal sealed record TimelineJson(string? Party, string? From, string? To, IReadOnlyList<FactJson> Events);

internal sealed record StatsJson(
    string? AsOf,
    int Facts,
    int CurrentFacts,
    int Events,
    int Parties,
    int Topics,
    int Sources,
    int DeprecatedFacts,
    int RetractedFacts,
    string Database);

internal sealed record ErrorJson(string Error);

internal sealed record SignalJson(string Id, double Score, double Lexical, double Coverage, double Similarity, bool Expected);

internal sealed record QuestionSignalsJson(
    string Group, string Question, bool OutOfScope, bool Answered, bool Top1, bool Top3, IReadOnlyList<string> Mentions, IReadOnlyList<SignalJson> Top);

/// <summary>One lint finding; <c>severity</c> is <c>error</c> or <c>warning</c>, <c>rule</c> the rule's short name.</summary>
internal sealed record LintFindingJson(string File, long Line, string Severity, string Rule, string Message);

internal sealed record LintJson(string Directory, string Today, int Facts, int Sources, int Errors, int Warnings, IReadOnlyList<LintFindingJson> Findings);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(AskJson))]
[JsonSerializable(typeof(PositionsJson))]
[JsonSerializable(typeof(TimelineJson))]
[JsonSerializable(typeof(StatsJson))]
[JsonSerializable(typeof(ErrorJson))]
[JsonSerializable(typeof(QuestionSignalsJson))]
[JsonSerializable(typeof(LintJson))]
internal sealed partial class CliJsonContext : JsonSerializerContext;

/// <summary>The machine-readable shapes of the CLI verbs (<c>--json</c>).</summary>
internal static class CliJson
{
    private static readonly JsonSerializerOptions Options = new(CliJsonContext.Default.Options)
    {
        // Readable non-ASCII (€, ’) in output meant for people and scripts alike; still valid JSON.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static FactJson Fact(KnowledgeSnapshot knowledge, Fact fact, double? score = null) => new(
        fact.Id,
        Core.Knowledge.Yaml.YamlNames.Of(fact.Kind),
        fact.Party,
        fact.Topic,
        fact.Text,
        Core.Knowledge.Yaml.YamlDates.Format(fact.AsOf, fact.AsOfPrecision),
        knowledge.SourcesOf(fact).Select(s => new SourceJson(
            s.Title,
            s.Publisher,
            s.Url,
            s.Published is { } published ? FactCards.Date(published) : null,
            Core.Knowledge.Yaml.YamlNames.Of(s.Reliability))).ToList(),
        score);

    public static AskJson Ask(AskAnswer answer) => new(
        answer.Question,
        answer.Answered,
        answer.Reason == AskReason.None ? null : EvalOutcome.ReasonName(answer.Reason),
        Kebab(answer.Shape.ToString()),
        answer.Knowledge.Horizon is { } horizon ? FactCards.Date(horizon) : null,
        FactCards.Date(answer.Today),
        answer.Time.Window is { } window
            ? new WindowJson(
                window.From == DateOnly.MinValue ? null : FactCards.Date(window.From),
                window.To == DateOnly.MaxValue ? null : FactCards.Date(window.To),
                window.Label)
            : null,
        answer.Results.Select(r => Fact(answer.Knowledge, r.Fact, r.Score)).ToList(),
        answer.NearestTopics.Select(t => t.Id).ToList(),
        answer.Reading,
        answer.UnknownNames.Count > 0 ? answer.UnknownNames : null);

    public static LintJson Lint(Core.Knowledge.Lint.LintReport report, string directory, DateOnly today) => new(
        directory,
        FactCards.Date(today),
        report.Facts,
        report.Sources,
        report.Errors,
        report.Warnings,
        report.Findings.Select(f => new LintFindingJson(f.File, f.Line, Core.Knowledge.Yaml.YamlNames.Of(f.Severity), f.Rule, f.Message)).ToList());

    /// <summary>"AfterHorizon" → "after-horizon".</summary>
    public static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));

    public static PositionsJson Positions(PositionsAnswer answer) => new(
        answer.Topic.Id,
        answer.Topic.Title,
        answer.Parties.Count == 0 ? null : FactCards.Date(answer.Parties.Max(p => p.Facts[0].AsOf)),
        answer.Parties.Select(p => new PartyPositionsJson(
            p.Party.Id,
            p.Party.Name,
            p.Facts.Select(f => Fact(answer.Knowledge, f)).ToList())).ToList());
}
