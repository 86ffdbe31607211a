namespace TalksBot.Core.Knowledge.Lint;

/// <summary>
/// Errors for loaded wording in a fact's text in the bot's own voice (the list and what counts as quoting or
/// attributing: <see cref="LoadedWording"/>); a warning when the directory has no list, so nobody takes silence for a pass.
/// </summary>
internal sealed class LoadedWordingRule : ILintRule
{
    public const string Name = "loaded-wording";

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        if (context.Wording is null)
        {
            yield return new LintLocation(Path.Combine(context.Directory, Yaml.KnowledgeLayout.LoadedWordingFile), 0).Warning(Name, $"no {Yaml.KnowledgeLayout.LoadedWordingFile}: the wording of facts was not checked");
            yield break;
        }

        foreach (var fact in context.CheckedFacts)
        {
            foreach (var (phrase, found) in context.Wording.FindIn(fact.Text))
            {
                var instead = phrase.Instead is null ? "" : $", or neutral words: {phrase.Instead}";
                yield return context.Locations.Fact(fact.Id, "text").Error(
                    Name, $"fact '{fact.Id}': loaded wording \"{found}\" in the bot's own voice; quote it or attribute it (\"… called it …\"){instead}");
            }
        }
    }
}
