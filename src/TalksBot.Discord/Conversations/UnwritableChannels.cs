using System.Collections.Concurrent;

namespace TalksBot.Discord.Conversations;

/// <summary>
/// Channels where Discord refused TalksBot's reply to a message (403 Missing Access or Permissions, 404 Unknown Channel),
/// for <see cref="QuietFor"/>: mentions there are not answered again until then. Without it, each mention in a channel the
/// bot can read but not write in costs refused requests (the answer, then the apology, twice), and Discord bans the bot's
/// address after 10,000 of those in 10 minutes. Bounded: past <see cref="MaxChannels"/> the oldest are forgotten, which
/// costs one more refused request each.
/// </summary>
internal sealed class UnwritableChannels(TimeProvider time)
{
    public const int MaxChannels = 10_000;

    /// <summary>Long enough to matter under a flood, short enough that a permission granted later is soon used.</summary>
    public static readonly TimeSpan QuietFor = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, long> _until = new(StringComparer.Ordinal);

    /// <summary>Channels noted, expired or not (for tests).</summary>
    public int Count => _until.Count;

    public bool IsUnwritable(string channelId)
    {
        if (!_until.TryGetValue(channelId, out var until))
        {
            return false;
        }

        if (until > time.GetUtcNow().UtcTicks)
        {
            return true;
        }

        _until.TryRemove(new KeyValuePair<string, long>(channelId, until));
        return false;
    }

    public void Refused(string channelId)
    {
        var now = time.GetUtcNow().UtcTicks;
        if (_until.Count >= MaxChannels && !_until.ContainsKey(channelId))
        {
            foreach (var (key, _) in _until.OrderBy(p => p.Value).Take(MaxChannels / 10).ToList())
            {
                _until.TryRemove(key, out _);
            }
        }

        _until[channelId] = now + QuietFor.Ticks;
    }
}
