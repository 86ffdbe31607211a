namespace TalksBot.Core.Knowledge;

/// <summary>The database cannot be opened: held by another process, or not a TalksBot database.</summary>
public sealed class KnowledgeStoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A change refers to something the knowledge base does not have, or breaks one of its rules.</summary>
public sealed class KnowledgeValidationException(string message) : Exception(message);

/// <summary>A fact was saved by someone else since the revision a change started from.</summary>
public sealed class FactRevisionConflictException(Fact current, int expectedRevision)
    : Exception($"Fact '{current.Id}' is at revision {current.Revision} (by {current.UpdatedBy}), not {expectedRevision}: someone saved in between.")
{
    public Fact Current { get; } = current;

    public int ExpectedRevision { get; } = expectedRevision;
}
