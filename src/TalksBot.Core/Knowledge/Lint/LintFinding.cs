using TalksBot.Core.Knowledge.Yaml;

namespace TalksBot.Core.Knowledge.Lint;

/// <summary>How much a finding matters: errors fail <c>lint</c> (and CI), warnings are listed for editors.</summary>
internal enum LintSeverity
{
    Warning,
    Error,
}

/// <summary>Where in the knowledge files a finding points: the file as given to <c>lint</c> and a 1-based line.</summary>
internal readonly record struct LintLocation(string File, long Line)
{
    public LintFinding Error(string rule, string message) => new(File, Line, LintSeverity.Error, rule, message);

    public LintFinding Warning(string rule, string message) => new(File, Line, LintSeverity.Warning, rule, message);
}

/// <summary>One problem in the knowledge files, shown as <c>file:line: error|warning: message</c>.</summary>
/// <param name="File">The file, under the directory as given to <c>lint</c>.</param>
/// <param name="Line">The 1-based line (0 for a file that is missing).</param>
/// <param name="Severity">Whether it fails <c>lint</c>.</param>
/// <param name="Rule">The rule's short name (<c>loaded-wording</c>, <c>near-duplicate</c> …), for scripts and README.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
internal sealed record LintFinding(string File, long Line, LintSeverity Severity, string Rule, string Message)
{
    public override string ToString() => $"{File}:{Line}: {YamlNames.Of(Severity)}: {Message}";
}

/// <summary>Everything <c>lint</c> found, in file and line order.</summary>
/// <param name="Findings">Errors and warnings, by file and line.</param>
/// <param name="Facts">How many facts were checked.</param>
/// <param name="Sources">How many sources were checked.</param>
internal sealed record LintReport(IReadOnlyList<LintFinding> Findings, int Facts, int Sources)
{
    public int Errors => Findings.Count(f => f.Severity == LintSeverity.Error);

    public int Warnings => Findings.Count(f => f.Severity == LintSeverity.Warning);
}
