using TalksBot.Core.Knowledge.Lint;
using TalksBot.Core.Knowledge.Yaml;
using TalksBot.Core.Search.Embeddings;

namespace TalksBot.Core.Tests.Knowledge.Lint;

public sealed class KnowledgeLinterTests : IDisposable
{
    /// <summary>Lines of the first fact <see cref="Fact"/> writes (the second starts 9 lines later).</summary>
    private const int IdLine = 2, AsOfLine = 6, RankLine = 7, TextLine = 8, CitationLine = 10, SecondIdLine = 11;

    private readonly LintDirectory _knowledge = new();

    [Fact]
    public void Lint_CleanDirectory_FindsNothing()
    {
        _knowledge.WithFacts(Facts(
            Fact("ru-land", "Russia demands all of Donetsk and Luhansk."),
            Fact("ru-nato", "Moscow wants a written promise that Ukraine stays out of NATO.")));

        var report = _knowledge.Lint();

        Assert.Empty(report.Findings);
        Assert.Equal((2, 1), (report.Facts, report.Sources));
    }

    [Fact]
    public void Lint_FactDatedDaysBeforeASourceItCites_IsAnErrorAtItsAsOfLine()
    {
        _knowledge.WithFacts(Facts(Fact("ru-land", "Russia demands all of Donetsk.", asOf: "2025-12-05")));

        var finding = Assert.Single(_knowledge.Lint().Findings);

        Assert.Equal(
            $"{_knowledge.FactsFile}:{AsOfLine}: error: fact 'ru-land': asOf 2025-12-05 is 10 days before its source 'ap-1' (published 2025-12-15), " +
            "so the text may hold later claims; date the fact by its newest claim, or split it",
            finding.ToString());
        Assert.Equal(FactDateRule.BeforeSource, finding.Rule);
    }

    [Fact]
    public void Lint_EventReportedWeeksLater_IsAWarningToCheck_NotAnError()
    {
        _knowledge.WithFacts(Facts(Fact("ru-land", "Russia demanded all of Donetsk.", asOf: "2025-11-20", kind: "event")));

        var finding = Assert.Single(_knowledge.Lint().Findings);

        Assert.Equal(FactDateRule.BeforeSource, finding.Rule);
        Assert.Equal(LintSeverity.Warning, finding.Severity);
    }

    [Theory]
    [InlineData("2025-12-14")]
    [InlineData("2025-12-08")]
    public void Lint_SourcePublishedWithinAWeekOfTheFact_IsJustReportingIt(string asOf)
    {
        _knowledge.WithFacts(Facts(Fact("ru-land", "Russia demands all of Donetsk.", asOf: asOf)));

        Assert.Empty(_knowledge.Lint().Findings);
    }

    [Fact]
    public void Lint_FactDatedAfterToday_IsAnErrorUntilTheRunsTodayReachesIt()
    {
        _knowledge.WithFacts(Facts(Fact("ru-land", "Russia demands all of Donetsk.", asOf: "2026-12-05")));

        var early = Assert.Single(_knowledge.Lint(today: new DateOnly(2026, 11, 30)).Findings);
        var later = _knowledge.Lint(today: new DateOnly(2026, 12, 5)).Findings;

        Assert.Equal($"{_knowledge.FactsFile}:{AsOfLine}: error: fact 'ru-land': asOf 2026-12-05 is in the future (today is 2026-11-30)", early.ToString());
        Assert.Empty(later);
    }

    [Fact]
    public void Lint_SourcePublishedAfterToday_IsAnErrorAtItsPublishedLine()
    {
        _knowledge.WithSources(LintDirectory.OneSource.Replace("2025-12-15", "2026-12-01", StringComparison.Ordinal))
            .WithFacts(Facts(Fact("ru-land", "Russia demands all of Donetsk.", asOf: "2026-12-01")));

        var findings = _knowledge.Lint().Findings;

        Assert.Contains($"{_knowledge.SourcesFile}:6: error: source 'ap-1': published 2026-12-01 is in the future (today is 2026-11-30)", findings.Select(f => f.ToString()));
    }

    [Fact]
    public void Lint_PreferredFactWithANewerFactOfTheSamePartyAndTopic_WarnsNamingBoth()
    {
        _knowledge.WithFacts(Facts(
            Fact("ru-land-old", "Russia demands all of Donetsk.", rank: "preferred"),
            Fact("ru-land-new", "Moscow now also claims Kherson and Zaporizhzhia in full.", asOf: "2026-01-10")));

        var finding = Assert.Single(_knowledge.Lint().Findings);

        Assert.Equal((_knowledge.FactsFile, (long)RankLine, LintSeverity.Warning), (finding.File, finding.Line, finding.Severity));
        Assert.Equal(
            $"fact 'ru-land-old' (2025-12-15) is preferred, but 'ru-land-new' (2026-01-10, {_knowledge.FactsFile}:{SecondIdLine}) is newer on the same party and topic; " +
            "rank the newer one preferred, or deprecate 'ru-land-old' with supersededBy",
            finding.Message);
    }

    [Fact]
    public void Lint_PreferredFactThatIsTheNewest_IsFine()
    {
        _knowledge.WithFacts(Facts(
            Fact("ru-land-old", "Russia demands all of Donetsk.", asOf: "2025-12-15"),
            Fact("ru-land-new", "Moscow now also claims Kherson and Zaporizhzhia in full.", asOf: "2026-01-10", rank: "preferred")));

        Assert.Empty(_knowledge.Lint().Findings);
    }

    [Fact]
    public void Lint_FactsSharingMostOfTheirWords_WarnNamingBoth()
    {
        _knowledge.WithFacts(Facts(
            Fact("ru-withdraw", "Russia demands that Ukraine withdraw its troops from all of Donetsk and Luhansk."),
            Fact("ru-withdraw-again", "Russia demands Ukraine withdraw troops from all of the Donetsk and Luhansk regions.")));

        var finding = Assert.Single(_knowledge.Lint().Findings);

        Assert.StartsWith($"{_knowledge.FactsFile}:{SecondIdLine}: warning: facts 'ru-withdraw-again' and 'ru-withdraw' ({_knowledge.FactsFile}:{IdLine}) are near-duplicates (", finding.ToString(), StringComparison.Ordinal);
        Assert.Contains("of the shorter one's words shared", finding.Message, StringComparison.Ordinal);
        Assert.Equal(NearDuplicateRule.Name, finding.Rule);
    }

    [Fact]
    public void Lint_FactsWithNearlyTheSameSentenceVector_WarnWithTheirCosine()
    {
        _knowledge.WithFacts(Facts(
            Fact("ru-nato", "Moscow wants a written promise that Ukraine stays out of NATO."),
            Fact("ru-alliance", "The Kremlin insists Kyiv must never join the Western alliance."),
            Fact("ru-land", "Russia demands all of Donetsk and Luhansk.")));
        using var embedder = new FixedVectors(new()
        {
            ["Moscow wants a written promise that Ukraine stays out of NATO."] = [1f, 0f],
            ["The Kremlin insists Kyiv must never join the Western alliance."] = [0.95f, MathF.Sqrt(1 - (0.95f * 0.95f))],
            ["Russia demands all of Donetsk and Luhansk."] = [0.5f, MathF.Sqrt(0.75f)],
        });

        var finding = Assert.Single(_knowledge.Lint(embedder: embedder).Findings);

        Assert.StartsWith($"{_knowledge.FactsFile}:{SecondIdLine}: warning: facts 'ru-alliance' and 'ru-nato' ({_knowledge.FactsFile}:{IdLine}) are near-duplicates (cosine 0.95;", finding.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("merge them and keep every source", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lint_SourceNoFactCites_Warns()
    {
        _knowledge.WithSources(LintDirectory.OneSource + "\n" + """
            - id: ap-2
              title: Unused
              publisher: AP
              url: https://example.org/ap-2
              published: 2025-12-16
            """).WithFacts(Facts(Fact("ru-land", "Russia demands all of Donetsk.")));

        var finding = Assert.Single(_knowledge.Lint().Findings);

        Assert.Equal($"{_knowledge.SourcesFile}:8: warning: source 'ap-2' is cited by no fact; cite it or remove it", finding.ToString());
    }

    [Fact]
    public void Lint_WeakSource_WarnsItNeedsABetterOutlet()
    {
        _knowledge.WithSources(LintDirectory.OneSource.Replace("reliability: normal", "reliability: weak", StringComparison.Ordinal))
            .WithFacts(Facts(Fact("ru-land", "Russia demands all of Donetsk.")));

        var finding = Assert.Single(_knowledge.Lint().Findings);

        Assert.Equal($"{_knowledge.SourcesFile}:7: warning: source 'ap-1' is weak: needs a better outlet", finding.ToString());
    }

    [Fact]
    public void Lint_UndatedSource_WarnsItNeedsADateAndAtEveryFactCitingIt()
    {
        _knowledge.WithSources(LintDirectory.OneSource.Replace("  published: 2025-12-15\n", "", StringComparison.Ordinal))
            .WithFacts(Facts(Fact("ru-land", "Russia demands all of Donetsk.")));

        var findings = _knowledge.Lint().Findings.Select(f => f.ToString());

        Assert.Equal(
            [
                $"{_knowledge.FactsFile}:{CitationLine}: warning: fact 'ru-land' cites 'ap-1', which has no date",
                $"{_knowledge.SourcesFile}:2: warning: source 'ap-1' has no 'published': needs a date",
            ],
            findings);
    }

    [Theory]
    [InlineData("Zelenskyy accuses Russia of dragging out the talks so that it can grab more Ukrainian territory.", "grab")]
    [InlineData("Trump pushed for a wartime vote, a demand that echoes Moscow’s line.", "echoes Moscow’s line")]
    [InlineData("The Kyiv regime rejected the plan.", "regime")]
    [InlineData("Russia has grabbed four regions.", "grabbed")]
    [InlineData("Peskov said the talks go on. The regime in Kyiv refused.", "regime")]
    public void Lint_LoadedWordingInTheBotsOwnVoice_IsAnErrorAtTheTextLine(string text, string found)
    {
        _knowledge.WithFacts(Facts(Fact("ru-words", text)));

        var finding = Assert.Single(_knowledge.Lint().Findings);

        Assert.Equal((_knowledge.FactsFile, (long)TextLine, LintSeverity.Error, LoadedWordingRule.Name), (finding.File, finding.Line, finding.Severity, finding.Rule));
        Assert.StartsWith($"fact 'ru-words': loaded wording \"{found}\" in the bot's own voice; quote it or attribute it", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Moscow calls the government in Kyiv a regime.")]
    [InlineData("Zelenskyy said Russia wants to grab more land.")]
    [InlineData("Kyiv calls Russia a terrorist state.")]
    [InlineData("Peskov again spoke of \"the Kyiv regime\".")]
    [InlineData("Peskov again spoke of “the Kyiv regime”.")]
    [InlineData("Ukraine's army retook Grabovo and the regimental headquarters.")]
    public void Lint_LoadedWordingQuotedAttributedOrPartOfAnotherWord_IsAllowed(string text)
    {
        _knowledge.WithFacts(Facts(Fact("ru-words", text)));

        Assert.Empty(_knowledge.Lint().Findings);
    }

    [Fact]
    public void Lint_RetractedFact_IsNotChecked()
    {
        _knowledge.WithFacts(Facts(Fact("ru-land", "Russia wants to grab Donetsk.", asOf: "2025-12-01") + "\n  status: retracted\n  retractionReason: Wrong."));

        Assert.Empty(_knowledge.Lint().Findings);
    }

    [Fact]
    public void Lint_DirectoryWithoutALoadedWordingList_WarnsThatWordingWasNotChecked()
    {
        File.Delete(Path.Combine(_knowledge.Root, KnowledgeLayout.LoadedWordingFile));
        _knowledge.WithFacts(Facts(Fact("ru-land", "Russia wants to grab Donetsk.")));

        var finding = Assert.Single(_knowledge.Lint().Findings);

        Assert.Equal($"{Path.Combine(_knowledge.Root, KnowledgeLayout.LoadedWordingFile)}:0: warning: no loaded-wording.yaml: the wording of facts was not checked", finding.ToString());
    }

    [Fact]
    public void Lint_PhraseListedTwice_StopsWithFileAndLine()
    {
        _knowledge.Write(KnowledgeLayout.LoadedWordingFile, "loadedWording:\n- phrase: grab\n- phrase: regime\n- phrase: Grab\n")
            .WithFacts(Facts(Fact("ru-land", "Russia demands all of Donetsk.")));

        var error = Assert.Throws<KnowledgeFileException>(() => _knowledge.Lint());

        Assert.Equal($"{Path.Combine(_knowledge.Root, KnowledgeLayout.LoadedWordingFile)}:4: 'Grab' is already listed on line 2", error.Message);
    }

    [Fact]
    public void Lint_MalformedSynonyms_StopsWithFileAndLine()
    {
        _knowledge.Write(KnowledgeLayout.SynonymsFile, "synonyms:\n- [cede, give up]\n- [truce]\n")
            .WithFacts(Facts(Fact("ru-land", "Russia demands all of Donetsk.")));

        var error = Assert.Throws<KnowledgeFileException>(() => _knowledge.Lint());

        Assert.Equal($"{Path.Combine(_knowledge.Root, KnowledgeLayout.SynonymsFile)}:3: the synonym group [truce] has one word; a group needs at least two", error.Message);
    }

    [Fact]
    public void Lint_PersonListedByNameWhomNoFactNames_WarnsAtTheAlias_PlacesAndNamedPeopleDoNot()
    {
        _knowledge.Write(KnowledgeLayout.PartiesFile, """
            parties:
            - id: russia
              name: Russia
              aliases:
              - Moscow
              - White House
              - Lavrov
              - Sergei Lavrov
              - Ryabkov
              - Sergei Ryabkov
            - id: ukraine
              name: Ukraine
            """)
            .WithFacts(Facts(Fact("ru-land", "Lavrov says Russia demands all of Donetsk.")));

        var finding = Assert.Single(_knowledge.Lint().Findings);

        Assert.Equal(PersonWithoutFactRule.Name, finding.Rule);
        Assert.Equal(LintSeverity.Warning, finding.Severity);
        Assert.Equal(
            $"{Path.Combine(_knowledge.Root, KnowledgeLayout.PartiesFile)}:10: warning: party 'russia' lists 'Sergei Ryabkov', but no current fact names them: " +
            "/ask answers questions about them with \"I have nothing on …\"; add a fact that names them",
            finding.ToString());
    }

    public void Dispose() => _knowledge.Dispose();

    private static string Facts(params string[] facts) => "facts:\n" + string.Join("\n", facts);

    /// <summary>A position of Russia on territory citing ap-1, 9 lines long: <c>- id</c>, kind, party, topic, asOf, rank, text, sources, citation.</summary>
    private static string Fact(string id, string text, string asOf = "2025-12-15", string rank = "normal", string kind = "position") => $"""
        - id: {id}
          kind: {kind}
          party: russia
          topic: territory
          asOf: {asOf}
          rank: {rank}
          text: '{text.Replace("'", "''", StringComparison.Ordinal)}'
          sources:
          - id: ap-1
        """;

    /// <summary>Sentence vectors chosen by the test, by text.</summary>
    private sealed class FixedVectors(Dictionary<string, float[]> vectors) : ITextEmbedder
    {
        public string ModelId => "fixed";

        public int Dimensions => 2;

        public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) => [.. texts.Select(t => vectors[t])];

        public void Dispose()
        {
        }
    }
}
