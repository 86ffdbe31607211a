namespace TalksBot.Core.Knowledge;

/// <summary>
/// The engine under the stores, as far as moderators and operators see it: where the knowledge lives and how much
/// room it takes. Maintenance only one engine can do (copying a LiteDB file, its write gate) stays on that engine.
/// </summary>
public interface IKnowledgeStorage
{
    /// <summary>Where the knowledge lives, for people: a file path, or a server and database name (never a password).</summary>
    string Location { get; }

    /// <summary>The space the knowledge takes, in bytes (for a file engine: the file and its write-ahead log).</summary>
    Task<long> SizeAsync(CancellationToken cancellationToken = default);
}
