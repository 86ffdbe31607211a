namespace TalksBot.Core.Conversations;

/// <summary>
/// The last question asked in each conversation thread, kept for a while so a follow-up ("and Ukraine?") can reuse it.
/// Nothing else from members' messages is kept.
/// </summary>
/// <remarks>
/// The embedded default (<see cref="MemoryConversationMemory"/>) serves one process; the shared store keeps the same in
/// the database, so a follow-up that reaches another instance still finds the question before it.
/// </remarks>
public interface IConversationMemory
{
    /// <summary>The question last asked in <paramref name="conversationKey"/>, or null when none lives.</summary>
    ValueTask<string?> LastQuestionAsync(string conversationKey, CancellationToken cancellationToken);

    /// <summary>Keeps <paramref name="question"/> as the last one of <paramref name="conversationKey"/> for <paramref name="lifetime"/>.</summary>
    ValueTask RememberAsync(string conversationKey, string question, TimeSpan lifetime, CancellationToken cancellationToken);
}
