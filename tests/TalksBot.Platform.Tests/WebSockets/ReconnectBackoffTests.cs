using TalksBot.Platform.WebSockets;

namespace TalksBot.Platform.Tests.WebSockets;

public sealed class ReconnectBackoffTests
{
    [Fact]
    public void NextDelay_ConsecutiveFailures_DoublesUpToTheCap()
    {
        var backoff = new ReconnectBackoff(new ReconnectBackoffOptions { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(10) }, () => 0.5);

        var delays = Enumerable.Range(0, 6).Select(_ => backoff.NextDelay(TimeSpan.Zero).TotalSeconds).ToArray();

        Assert.Equal([1, 2, 4, 8, 10, 10], delays);
    }

    [Fact]
    public void NextDelay_Jitter_StaysWithinHalfAndOneAndAHalfAndUnderTheCap()
    {
        var low = new ReconnectBackoff(new ReconnectBackoffOptions { InitialDelay = TimeSpan.FromSeconds(4) }, () => 0.0);
        var high = new ReconnectBackoff(new ReconnectBackoffOptions { InitialDelay = TimeSpan.FromSeconds(4), MaxDelay = TimeSpan.FromSeconds(5) }, () => 0.999);

        Assert.Equal(TimeSpan.FromSeconds(2), low.NextDelay(TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromSeconds(5), high.NextDelay(TimeSpan.Zero));
    }

    [Fact]
    public void NextDelay_AfterAStableConnection_StartsOver()
    {
        var backoff = new ReconnectBackoff(new ReconnectBackoffOptions { InitialDelay = TimeSpan.FromSeconds(1), StableConnection = TimeSpan.FromSeconds(60) }, () => 0.5);
        backoff.NextDelay(TimeSpan.Zero);
        backoff.NextDelay(TimeSpan.Zero);

        var afterStable = backoff.NextDelay(TimeSpan.FromSeconds(61));

        Assert.Equal(TimeSpan.FromSeconds(1), afterStable);
    }
}
