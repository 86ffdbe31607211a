namespace TalksBot.Discord.Tests.Fakes;

/// <summary>Unique, increasing, Discord-shaped ids (ms since the Discord epoch &lt;&lt; 22 | counter).</summary>
internal static class FakeSnowflake
{
    private const long DiscordEpochMs = 1420070400000;
    private static long _last;

    public static string Next()
    {
        var candidate = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - DiscordEpochMs) << 22;
        while (true)
        {
            var last = Interlocked.Read(ref _last);
            var next = Math.Max(candidate, last + 1);
            if (Interlocked.CompareExchange(ref _last, next, last) == last)
            {
                return next.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }
}
