namespace TalksBot.Core.Knowledge;

/// <summary>A seed fact changed in YAML that a moderator had edited too: the moderator's version is kept.</summary>
public sealed record ImportConflict(string FactId, string EditedBy, DateTimeOffset EditedAt)
{
    public override string ToString() =>
        $"fact '{FactId}' changed in the knowledge files but was edited by {EditedBy} at {EditedAt:yyyy-MM-dd HH:mm} UTC; the moderator's version is kept";
}

/// <summary>What an import of the knowledge files did.</summary>
public sealed record ImportReport(
    int FactsInserted,
    int FactsUpdated,
    int FactsUnchanged,
    int ReferenceDataChanged,
    IReadOnlyList<ImportConflict> Conflicts)
{
    public bool ChangedAnything => FactsInserted + FactsUpdated + ReferenceDataChanged > 0;

    /// <summary>Where the database was copied before the import changed it; null when no copy was taken.</summary>
    public string? BackedUpTo { get; init; }

    public override string ToString() =>
        $"{FactsInserted} facts added, {FactsUpdated} updated, {FactsUnchanged} unchanged, {ReferenceDataChanged} parties/topics/sources changed, {Conflicts.Count} conflicts";
}

/// <summary>Raised after a fact is saved, so indexes and subscribers follow without a restart.</summary>
public sealed record FactChange(Fact? Before, Fact After, RevisionAction Action);

/// <summary>A question the bot could not answer, with how often it was asked.</summary>
public sealed record UnansweredQuestion(string Text, int Count, DateTimeOffset LastAsked, string Platform);

/// <summary>An unanswered question with how often it was asked in a recent period (see <see cref="IFeedbackStore.UnansweredSinceAsync"/>).</summary>
public sealed record RecentUnansweredQuestion(string Text, int TimesAsked, DateTimeOffset LastAsked, string Platform);

/// <summary>How members rated the answers built on one fact.</summary>
public sealed record FactFeedback(string FactId, int Helpful, int NotHelpful);
