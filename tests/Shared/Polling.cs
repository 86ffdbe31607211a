namespace TalksBot.Testing;

/// <summary>Bounded polling for the loopback fakes' waits.</summary>
internal static class Polling
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Polls <paramref name="probe"/> until it returns a non-default value (non-null, true, non-zero); throws
    /// <see cref="TimeoutException"/> with <paramref name="describe"/>'s text after <paramref name="timeout"/>.
    /// <paramref name="ensureAlive"/> runs before each poll (e.g. to throw once the fake is disposed).
    /// </summary>
    public static async Task<T> WaitForAsync<T>(Func<T?> probe, TimeSpan timeout, Func<string> describe, Action? ensureAlive = null)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            ensureAlive?.Invoke();
            var value = probe();
            if (value is not null && !EqualityComparer<T>.Default.Equals(value, default!))
            {
                return value;
            }

            if (DateTimeOffset.UtcNow >= deadline)
            {
                throw new TimeoutException(describe());
            }

            await Task.Delay(Interval).ConfigureAwait(false);
        }
    }
}
