using System.Collections.Concurrent;

namespace TalksBot.Core.Conversations;

/// <summary>
/// Conversation memory of one process: a bounded dictionary whose entries expire; past <see cref="MaxConversations"/>
/// the ones nearest to expiring are forgotten first.
/// </summary>
public sealed class MemoryConversationMemory(TimeProvider time) : IConversationMemory
{
    public const int MaxConversations = 50_000;

    private readonly ConcurrentDictionary<string, (string Question, long ExpiresAt)> _questions = new(StringComparer.Ordinal);

    /// <summary>Conversations remembered, expired or not (for tests).</summary>
    public int Count => _questions.Count;

    public ValueTask<string?> LastQuestionAsync(string conversationKey, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcTicks;
        if (_questions.TryGetValue(conversationKey, out var entry))
        {
            if (entry.ExpiresAt > now)
            {
                return ValueTask.FromResult<string?>(entry.Question);
            }

            _questions.TryRemove(new KeyValuePair<string, (string, long)>(conversationKey, entry));
        }

        return ValueTask.FromResult<string?>(null);
    }

    public ValueTask RememberAsync(string conversationKey, string question, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcTicks;
        if (_questions.Count >= MaxConversations && !_questions.ContainsKey(conversationKey))
        {
            Sweep(now);
        }

        _questions[conversationKey] = (question, now + lifetime.Ticks);
        return ValueTask.CompletedTask;
    }

    /// <summary>Drops the expired entries, and when that frees too little, the tenth nearest to expiring.</summary>
    private void Sweep(long now)
    {
        foreach (var (key, entry) in _questions)
        {
            if (entry.ExpiresAt <= now)
            {
                _questions.TryRemove(key, out _);
            }
        }

        var excess = _questions.Count - (MaxConversations - MaxConversations / 10);
        if (excess > 0)
        {
            foreach (var (key, _) in _questions.OrderBy(p => p.Value.ExpiresAt).Take(excess).ToList())
            {
                _questions.TryRemove(key, out _);
            }
        }
    }
}
