using TalksBot.Core.Intake;

namespace TalksBot.Core.Tests.Intake;

/// <summary>How a candidate reads for moderators: the inbox card and the daily digest, whatever the feed wrote.</summary>
public sealed class InboxCardsTests : IDisposable
{
    /// <summary>The flag of Ukraine: two characters outside the BMP, four UTF-16 code units.</summary>
    private const string Flag = "\U0001F1FA\U0001F1E6";

    private readonly TestKnowledge _knowledge = TestKnowledge.With(TestKnowledge.Small());

    public void Dispose() => _knowledge.Dispose();

    [Fact]
    public void Candidate_HeadlineAndSummaryCutInsideAnEmoji_CutBeforeTheEmojiNotInsideIt()
    {
        var candidate = Candidate(new string('a', 238) + Flag + " talks", new string('b', 398) + Flag + " resume");

        var card = InboxCards.Candidate(candidate, _knowledge.Facts.Snapshot, 1);

        Assert.Equal("1. " + new string('a', 238) + "…", card.Title);
        Assert.Equal(new string('b', 398) + "…", card.Description);
    }

    [Fact]
    public void Digest_HeadlineCutInsideAnEmoji_CutBeforeTheEmojiNotInsideIt()
    {
        var candidate = Candidate(new string('a', 158) + Flag + " talks", "");

        var digest = InboxDigest.For([candidate], _knowledge.Facts.Snapshot, new DateOnly(2026, 3, 12));

        Assert.StartsWith("• " + new string('a', 158) + "… — Wire (", digest.Cards[0].Description, StringComparison.Ordinal);
    }

    private static InboxCandidate Candidate(string headline, string summary) => new()
    {
        Id = "n00000001",
        Headline = headline,
        Summary = summary,
        Sources = [new CandidateSource("Wire", headline, "https://wire.example/a", null)],
        Date = new DateOnly(2026, 3, 12),
        PartyId = "russia",
        TopicId = "territory",
        FoundAt = new DateTimeOffset(2026, 3, 12, 6, 0, 0, TimeSpan.Zero),
    };
}
