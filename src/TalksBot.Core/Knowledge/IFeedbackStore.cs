namespace TalksBot.Core.Knowledge;

/// <summary>
/// What members tell the moderators without saying it: their verdicts on answers, and the questions the bot could not
/// answer. Callers on a member's path treat a <see cref="KnowledgeStorageException"/> as "not recorded", never as a
/// failed answer.
/// </summary>
public interface IFeedbackStore
{
    /// <summary>Stores a member's verdict on an answer; a second press by the same member replaces the first.</summary>
    /// <exception cref="KnowledgeStorageException">The database cannot be written right now.</exception>
    Task RecordFeedbackAsync(string factId, bool helpful, string userId, string platform, CancellationToken cancellationToken = default);

    /// <summary>
    /// Counts a question the bot could not answer; the same question asked again is counted, not repeated. When it was
    /// asked is kept too (the latest <see cref="MaxKeptAskTimes"/> times per question), for <see cref="UnansweredSinceAsync"/>.
    /// </summary>
    /// <exception cref="KnowledgeStorageException">The database cannot be written right now.</exception>
    Task RecordUnansweredAsync(string question, string platform, CancellationToken cancellationToken = default);

    /// <summary>Helpful and not-helpful counts per fact, most "not helpful" first.</summary>
    /// <exception cref="KnowledgeStorageException">The database cannot be read right now.</exception>
    Task<IReadOnlyList<FactFeedback>> FeedbackAsync(CancellationToken cancellationToken = default);

    /// <summary>The most often asked questions the bot could not answer, most frequent first.</summary>
    /// <exception cref="KnowledgeStorageException">The database cannot be read right now.</exception>
    Task<IReadOnlyList<UnansweredQuestion>> UnansweredAsync(int limit = 20, CancellationToken cancellationToken = default);

    /// <summary>
    /// The unanswered questions asked at or after <paramref name="since"/>, each with how often since then
    /// (<see cref="RecentUnansweredQuestion.TimesAsked"/>), most asked first; questions not asked since are left out.
    /// </summary>
    /// <remarks>
    /// A store keeps at most <see cref="MaxKeptAskTimes"/> ask times per question (its total count keeps counting), so a
    /// question asked more often than that within the period counts as <see cref="MaxKeptAskTimes"/>. A question stored
    /// before ask times were kept counts once when it was last asked since <paramref name="since"/>.
    /// </remarks>
    /// <exception cref="KnowledgeStorageException">The database cannot be read right now.</exception>
    Task<IReadOnlyList<RecentUnansweredQuestion>> UnansweredSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>How many of a question's latest ask times a store keeps.</summary>
    public const int MaxKeptAskTimes = 200;
}
