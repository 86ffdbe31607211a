using Microsoft.Extensions.Time.Testing;
using TalksBot.Discord.Conversations;

namespace TalksBot.Discord.Tests.Conversations;

public sealed class UnwritableChannelsTests
{
    [Fact]
    public void IsUnwritable_AfterTheQuietTime_TriesTheChannelAgain()
    {
        var time = new FakeTimeProvider();
        var channels = new UnwritableChannels(time);
        channels.Refused("1200000000000000099");

        time.Advance(UnwritableChannels.QuietFor - TimeSpan.FromSeconds(1));
        Assert.True(channels.IsUnwritable("1200000000000000099"));
        Assert.False(channels.IsUnwritable("1200000000000000002"));

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(channels.IsUnwritable("1200000000000000099"));
    }

    [Fact]
    public void Refused_ByMoreChannelsThanTheLimit_StaysBounded()
    {
        var time = new FakeTimeProvider();
        var channels = new UnwritableChannels(time);

        for (var i = 0; i < UnwritableChannels.MaxChannels * 3; i++)
        {
            channels.Refused(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.InRange(channels.Count, 1, UnwritableChannels.MaxChannels);
        Assert.True(channels.IsUnwritable((UnwritableChannels.MaxChannels * 3 - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
