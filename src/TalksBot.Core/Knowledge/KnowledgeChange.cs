namespace TalksBot.Core.Knowledge;

/// <summary>What a committed change touched.</summary>
public enum KnowledgeChangeKind
{
    /// <summary>One fact was saved (perhaps with a source it first cites): <see cref="KnowledgeChange.Fact"/> says which.</summary>
    Fact,

    /// <summary>A source was added or replaced; no fact changed.</summary>
    Sources,

    /// <summary>Anything may have changed (an import, or the database re-read after a storage failure): rebuild from the snapshot.</summary>
    Everything,
}

/// <summary>A committed change to the knowledge, numbered in commit order, with the snapshot right after it.</summary>
/// <param name="Sequence">1 for the first change this process published, then one more for each.</param>
/// <param name="Kind">What the change touched.</param>
/// <param name="Snapshot">The whole knowledge base as the change left it.</param>
/// <param name="Fact">The fact before and after, for <see cref="KnowledgeChangeKind.Fact"/>.</param>
public sealed record KnowledgeChange(long Sequence, KnowledgeChangeKind Kind, KnowledgeSnapshot Snapshot, FactChange? Fact = null);

/// <summary>Something that follows the store (a search index, the change notifier): it is handed every committed change, in order.</summary>
public interface IKnowledgeChangeHandler
{
    /// <summary>
    /// Applies the changes committed since the previous call, oldest first. Runs on the
    /// <see cref="KnowledgeChangeDispatcher"/>'s background task, never on a member's or moderator's request; an
    /// exception is logged and the next batch is handed over all the same.
    /// </summary>
    Task ApplyAsync(IReadOnlyList<KnowledgeChange> changes, CancellationToken cancellationToken);
}
