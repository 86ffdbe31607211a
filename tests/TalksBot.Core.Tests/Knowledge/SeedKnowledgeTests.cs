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
    public void SeedArticleClaim_IsItsOwnFact_WithPartyDateAndApSource(string id, string? party, string wording)
    {
        var fact = TestKnowledge.Real.Facts.Single(f => f.Id == id);

        Assert.Equal(party, fact.Party);
        Assert.Equal(SeedDate, fact.AsOf);
        Assert.Equal(ApSeedSource, fact.Sources[0].SourceId);
        Assert.Contains(wording, fact.Text, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The retrieved AP copies hold the intro, the Russia section and the start of the Ukraine section; not these claims.</summary>
    [Theory]
    [InlineData("united-states-territory-donetsk-demilitarized-economic-zone")]
    [InlineData("ukraine-territory-rejects-us-donetsk-zone")]
    [InlineData("ukraine-nato-drop-bid-for-western-guarantees")]
    [InlineData("united-states-territory-trump-urges-concessions")]
    [InlineData("united-states-process-trump-frustrated-with-zelenskyy")]
    [InlineData("united-states-elections-trump-wants-wartime-vote")]
    [InlineData("context-elections-barred-under-martial-law")]
    [InlineData("russia-process-putin-praises-trump")]
    [InlineData("russia-process-rejects-parts-of-us-proposals")]
    [InlineData("ukraine-process-russia-prolonging-talks")]
    public void ApCopy_IsNotCited_ForClaimsItDoesNotContain(string id)
    {
        var fact = TestKnowledge.Real.Facts.Single(f => f.Id == id);

        Assert.DoesNotContain(fact.Sources, s => s.SourceId == ApSeedSource);
    }

    [Fact]
    public void WitkoffQuote_IsTheWordingTheCitedApCopyUses()
    {
        var fact = TestKnowledge.Real.Facts.Single(f => f.Id == "united-states-process-witkoff-significant-progress");

        Assert.Equal("much progress", fact.Sources.Single(s => s.SourceId == ApSeedSource).Quote);
        Assert.Contains("much progress", fact.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("united-states-elections-trump-wants-wartime-vote", "echoes Moscow")]
    [InlineData("ukraine-process-russia-prolonging-talks", "grab")]
    [InlineData("2025-12-29-valdai-drone-claim", "harden")]
    [InlineData("context-ceasefire-truce-or-final-deal", "every pause")]
    [InlineData("context-foreign-troops-post-ceasefire-force", "shore up")]
    [InlineData("2026-02-01-kyiv-energy-strike-pause", "2-3 February")]
    public void AuditedFact_NoLongerSaysWhatItsSourcesDoNot(string id, string wording)
    {
        Assert.DoesNotContain(wording, TestKnowledge.Real.Facts.Single(f => f.Id == id).Text, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("united-states-foreign-troops-no-us-troops", "2025-08-18")]
    [InlineData("russia-process-putin-praises-trump", "2025-12-19")]
    [InlineData("2026-02-01-kyiv-energy-strike-pause", "2026-01-30")]
    [InlineData("2026-02-03-strikes-resume-after-pause", "2026-02-03")]
    [InlineData("united-states-elections-trump-wants-wartime-vote", "2026-02-18")]
    [InlineData("context-ceasefire-truce-or-final-deal", "2026-01-30")]
    public void FactCombiningStatements_IsDatedByTheNewestOne(string id, string asOf)
    {
        Assert.Equal(DateOnly.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture), TestKnowledge.Real.Facts.Single(f => f.Id == id).AsOf);
    }

    [Fact]
    public void CeasefireContext_NamesThePausesMoscowAgreedTo()
    {
        var text = TestKnowledge.Real.Facts.Single(f => f.Id == "context-ceasefire-truce-or-final-deal").Text;

        Assert.Contains("energy strikes in March 2025", text, StringComparison.Ordinal);
        Assert.Contains("Easter truce", text, StringComparison.Ordinal);
        Assert.Contains("Kyiv in January 2026", text, StringComparison.Ordinal);
    }

    /// <summary>Merged near-duplicates stay in the files, deprecated and pointing to the survivor, which keeps every source.</summary>
    [Theory]
    [InlineData("russia-foreign-troops-putin-legitimate-targets", "russia-foreign-troops-nato-troops-legitimate-targets")]
    [InlineData("2025-09-05-putin-legitimate-targets-warning", "russia-foreign-troops-nato-troops-legitimate-targets")]
    [InlineData("context-language-wording-dispute", "russia-language-official-status-for-russian")]
    [InlineData("context-church-wording-dispute", "russia-church-russian-orthodox-recognition")]
    [InlineData("context-security-guarantees-duration", "ukraine-security-guarantees-wants-30-to-50-years")]
    [InlineData("context-elections-barred-under-martial-law", "context-elections-referendum-obstacles")]
    [InlineData("united-states-territory-free-economic-zone-details", "united-states-territory-donetsk-demilitarized-economic-zone")]
    [InlineData("united-states-territory-must-leave-parts-of-donetsk", "united-states-territory-trump-urges-concessions")]
    [InlineData("2025-12-15-berlin-talks-90-percent-settled", "2025-12-15-berlin-sunday-and-monday-sessions")]
    [InlineData("2025-12-15-deadlock-after-two-days-of-talks", "2025-12-15-berlin-sunday-and-monday-sessions")]
    public void MergedDuplicate_IsDeprecatedForItsSurvivor_WhichKeepsItsSources(string merged, string survivor)
    {
        var facts = TestKnowledge.Real.Facts.ToDictionary(f => f.Id);

        Assert.Equal((FactRank.Deprecated, survivor), (facts[merged].Rank, facts[merged].SupersededBy));
        Assert.True(facts[survivor].IsCurrent, $"{survivor} is not current");
        var kept = facts[survivor].Sources.Select(s => s.SourceId).ToHashSet();
        Assert.All(facts[merged].Sources, s => Assert.Contains(s.SourceId, kept));
    }

    /// <summary>A stance that changed points to the newer one, so /positions shows the newer and /fact history the path.</summary>
    [Theory]
    [InlineData("ukraine-territory-rejects-us-donetsk-zone", "ukraine-territory-freeze-line-conditional-economic-zone")]
    [InlineData("russia-territory-donetsk-for-freeze-offer", "russia-territory-year-end-demands-restated")]
    [InlineData("united-states-military-limits-28-point-600000-cap", "united-states-military-limits-plan-revised-20-points")]
    public void ChangedStance_IsSupersededByTheNewerStance(string older, string newer)
    {
        var facts = TestKnowledge.Real.Facts.ToDictionary(f => f.Id);

        Assert.Equal((FactRank.Deprecated, newer), (facts[older].Rank, facts[older].SupersededBy));
        Assert.True(facts[newer].AsOf > facts[older].AsOf);
        Assert.True(facts[newer].IsCurrent);
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

    /// <summary>
    /// A deprecated fact points to a current fact of its topic that is no older: a newer stance of the same party, or
    /// the survivor of a merge (a party's fact may absorb a general context fact on the same topic).
    /// </summary>
    [Fact]
    public void DeprecatedFacts_PointToACurrentNoOlderFactOfTheSameTopicAndParty()
    {
        var facts = TestKnowledge.Real.Facts.ToDictionary(f => f.Id);
        var deprecated = facts.Values.Where(f => f.Rank == FactRank.Deprecated).ToList();

        Assert.NotEmpty(deprecated);
        foreach (var fact in deprecated)
        {
            var replacement = facts[fact.SupersededBy!];
            Assert.Equal(fact.Topic, replacement.Topic);
            Assert.True(fact.Party is null || fact.Party == replacement.Party, $"{fact.Id} is replaced by another party's fact");
            Assert.True(replacement.AsOf >= fact.AsOf, $"{fact.Id} is replaced by an older fact");
            Assert.True(replacement.IsCurrent, $"{fact.Id} is replaced by {replacement.Id}, which is not current");
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
        var language = TestKnowledge.Real.Facts.Single(f => f.Id == "russia-language-official-status-for-russian");
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
