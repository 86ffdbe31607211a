using TalksBot.Core.Knowledge;

namespace TalksBot.Core.Tests.Knowledge;

/// <summary>Checks on the repository's own knowledge files: what a reader of the bot relies on.</summary>
public sealed class SeedKnowledgeTests
{
    private const string ApSeedSource = "ap-startribune-2025-12-15-where-things-stand";
    private static readonly DateOnly SeedDate = new(2025, 12, 15);

    [Theory]
    [InlineData("context-process-talks-at-impasse", null, "impasse")]
    [InlineData("2025-12-15-berlin-sunday-and-monday-sessions", null, "Berlin")]
    [InlineData("united-states-process-witkoff-significant-progress", "united-states", "progress")]
    [InlineData("russia-territory-recognition-four-regions-and-crimea", "russia", "Crimea")]
    [InlineData("russia-territory-withdraw-from-uncaptured-east", "russia", "not captured")]
    [InlineData("russia-nato-give-up-membership-ambitions", "russia", "NATO")]
    [InlineData("russia-military-limits-smaller-ukrainian-army", "russia", "army")]
    [InlineData("russia-language-official-status-for-russian", "russia", "language")]
    [InlineData("russia-church-russian-orthodox-recognition", "russia", "Orthodox")]
    [InlineData("russia-foreign-troops-nato-troops-legitimate-targets", "russia", "legitimate targets")]
    [InlineData("ukraine-ceasefire-stop-on-current-front-line", "ukraine", "front")]
    [InlineData("ukraine-territory-no-formal-cession", "ukraine", "sovereignty")]
    [InlineData("united-states-territory-donetsk-demilitarized-economic-zone", "united-states", "economic zone")]
    [InlineData("ukraine-territory-rejects-us-donetsk-zone", "ukraine", "rejected")]
    [InlineData("ukraine-nato-drop-bid-for-western-guarantees", "ukraine", "guarantees")]
    [InlineData("ukraine-process-russia-prolonging-talks", "ukraine", "dragging out")]
    [InlineData("united-states-process-trump-frustrated-with-zelenskyy", "united-states", "frustrat")]
    [InlineData("united-states-territory-trump-urges-concessions", "united-states", "concession")]
    [InlineData("united-states-elections-trump-wants-wartime-vote", "united-states", "election")]
    [InlineData("context-elections-barred-under-martial-law", null, "martial law")]
    [InlineData("russia-process-putin-praises-trump", "russia", "praised")]
    [InlineData("russia-process-rejects-parts-of-us-proposals", "russia", "reject")]
    public void SeedArticleClaim_IsItsOwnFact_WithPartyDateAndApSource(string id, string? party, string wording)
    {
        var fact = TestKnowledge.Real.Facts.Single(f => f.Id == id);

        Assert.Equal(party, fact.Party);
        Assert.Equal(SeedDate, fact.AsOf);
        Assert.Equal(ApSeedSource, fact.Sources[0].SourceId);
        Assert.Contains(wording, fact.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Knowledge_NeverRepeatsTheSeedCopysError_AboutAFormerPresident()
    {
        Assert.DoesNotContain(TestKnowledge.Real.Facts, f => f.Text.Contains("former President", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("son-in-law", TestKnowledge.Real.Facts.Single(f => f.Id == "person-kushner").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Knowledge_DoesNotCiteTheUnreliableRewrite()
    {
        Assert.DoesNotContain(TestKnowledge.Real.Sources, s => s.Url.Contains("globalpulseonline", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void DeprecatedFacts_PointToANewerFactOfTheSamePartyAndTopic()
    {
        var facts = TestKnowledge.Real.Facts.ToDictionary(f => f.Id);
        var deprecated = facts.Values.Where(f => f.Rank == FactRank.Deprecated).ToList();

        Assert.NotEmpty(deprecated);
        foreach (var fact in deprecated)
        {
            var replacement = facts[fact.SupersededBy!];
            Assert.Equal((fact.Party, fact.Topic), (replacement.Party, replacement.Topic));
            Assert.True(replacement.AsOf > fact.AsOf, $"{fact.Id} is replaced by an older fact");
        }
    }

    [Fact]
    public void PreferredRank_IsUsedAtMostOncePerPartyAndTopic()
    {
        var twice = TestKnowledge.Real.Facts
            .Where(f => f.Rank == FactRank.Preferred && f.Kind == FactKind.Position)
            .GroupBy(f => (f.Party, f.Topic))
            .Where(g => g.Count() > 1)
            .Select(g => g.Key)
            .ToList();

        Assert.Empty(twice);
    }

    [Fact]
    public void WeakSources_AreMarked_AndLanguageDisagreementIsStated()
    {
        Assert.Contains(TestKnowledge.Real.Sources, s => s.Reliability == SourceReliability.Weak);
        Assert.Contains(TestKnowledge.Real.Sources, s => s.Reliability == SourceReliability.StateMedia);
        var language = TestKnowledge.Real.Facts.Single(f => f.Id == "context-language-wording-dispute");
        Assert.Contains("Lavrov", language.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Knowledge_CoversThePeopleOfTheTalks()
    {
        var people = TestKnowledge.Real.Facts.Where(f => f.Kind == FactKind.Person).Select(f => f.Text).ToList();

        foreach (var name in new[] { "Witkoff", "Kushner", "Zelenskyy", "Putin", "Trump", "Umerov", "Dmitriev", "Medinsky" })
        {
            Assert.Contains(people, text => text.Contains(name, StringComparison.Ordinal));
        }
    }
}
