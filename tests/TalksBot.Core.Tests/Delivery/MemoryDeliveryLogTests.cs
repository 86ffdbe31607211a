using Microsoft.Extensions.Time.Testing;
using TalksBot.Core.Delivery;

namespace TalksBot.Core.Tests.Delivery;

public sealed class MemoryDeliveryLogTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    [Fact]
    public async Task TryClaim_SameKeyTwice_OnlyTheFirstWins()
    {
        var log = new MemoryDeliveryLog(new FakeTimeProvider());
        Assert.True(await log.TryClaimAsync("discord:interaction:1", Lifetime, default));
        Assert.False(await log.TryClaimAsync("discord:interaction:1", Lifetime, default));
        Assert.True(await log.TryClaimAsync("discord:interaction:2", Lifetime, default));
    }

    [Fact]
    public async Task TryClaim_AfterTheLifetime_CanBeClaimedAgain()
    {
        var time = new FakeTimeProvider();
        var log = new MemoryDeliveryLog(time);
        Assert.True(await log.TryClaimAsync("k", Lifetime, default));
        time.Advance(Lifetime - TimeSpan.FromSeconds(1));
        Assert.False(await log.TryClaimAsync("k", Lifetime, default));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(await log.TryClaimAsync("k", Lifetime, default));
    }

    [Fact]
    public async Task TryClaim_ManyThreadsAtOnce_ExactlyOneWinsPerKey()
    {
        var log = new MemoryDeliveryLog(new FakeTimeProvider());
        var wins = 0;
        using var start = new ManualResetEventSlim();
        var threads = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            for (var i = 0; i < 2000; i++)
            {
                if (await log.TryClaimAsync("key-" + i, Lifetime, default))
                {
                    Interlocked.Increment(ref wins);
                }
            }
        })).ToList();
        start.Set();
        await Task.WhenAll(threads);
        Assert.Equal(2000, wins);
    }

    [Fact]
    public async Task TryClaim_PastTheBound_ForgetsTheOldestAndStaysBounded()
    {
        var time = new FakeTimeProvider();
        var log = new MemoryDeliveryLog(time);
        for (var i = 0; i < MemoryDeliveryLog.MaxEntries + 10; i++)
        {
            time.Advance(TimeSpan.FromTicks(1));
            await log.TryClaimAsync("k" + i, Lifetime, default);
        }

        Assert.True(log.Count <= MemoryDeliveryLog.MaxEntries);
        Assert.False(await log.TryClaimAsync("k" + (MemoryDeliveryLog.MaxEntries + 9), Lifetime, default));
    }
}
