using System.Collections.Concurrent;

namespace TalksBot.Slack.Interactions;

/// <summary>Remembers delivery ids (envelope_id, trigger_id, event_id) for a while, so a redelivery is answered once.</summary>
internal sealed class DeliveryDeduplicator(TimeProvider time, SlackTuning tuning)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private long _calls;

    /// <summary>True the first time an id is seen within the window; false for a repeat.</summary>
    public bool FirstTime(string id)
    {
        var now = time.GetUtcNow();
        if (Interlocked.Increment(ref _calls) % 256 == 0)
        {
            foreach (var (key, seen) in _seen)
            {
                if (now - seen > tuning.DuplicateWindow)
                {
                    _seen.TryRemove(key, out _);
                }
            }
        }

        if (_seen.TryGetValue(id, out var earlier) && now - earlier <= tuning.DuplicateWindow)
        {
            return false;
        }

        _seen[id] = now;
        return true;
    }
}
