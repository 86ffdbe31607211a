namespace TalksBot.Postgres;

/// <summary>
/// After the database missed a deadline, a few seconds in which callers go to their in-memory fallback at once instead
/// of waiting again; the caller whose miss starts a spell is told so (and logs it once).
/// </summary>
internal sealed class DatabaseQuietSpell(TimeProvider time)
{
    /// <summary>How long the fallback answers before the database is tried again.</summary>
    public static readonly TimeSpan Length = TimeSpan.FromSeconds(5);

    private long _until;

    public bool IsQuiet => time.GetUtcNow().UtcTicks < Interlocked.Read(ref _until);

    /// <summary>Starts a spell after a missed deadline; true only for the caller that started it.</summary>
    public bool Start()
    {
        var until = Interlocked.Read(ref _until);
        return until <= time.GetUtcNow().UtcTicks &&
               Interlocked.CompareExchange(ref _until, (time.GetUtcNow() + Length).UtcTicks, until) == until;
    }
}
