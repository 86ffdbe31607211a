using TalksBot.Core.Cards;

namespace TalksBot.Core.Tests.Cards;

public sealed class UserTextTests
{
    [Theory]
    [InlineData("@everyone look", "@\u200Beveryone look")]
    [InlineData("<!channel> hi", "<\u200B!channel> hi")]
    [InlineData("<@123456> hey", "<@\u200B123456> hey")]
    [InlineData("line\nbreak", "line break")]
    [InlineData("   ", "(empty)")]
    public void Echo_MakesUserTextSafeToShow(string input, string expected)
    {
        Assert.Equal(expected, UserText.Echo(input));
    }

    [Fact]
    public void Echo_LongText_IsCutWithAnEllipsis()
    {
        var echoed = UserText.Echo(new string('a', 500));

        Assert.Equal(81, echoed.Length);
        Assert.EndsWith("…", echoed, StringComparison.Ordinal);
    }
}
