using TalksBot.Core.Search;

namespace TalksBot.Core.Tests.Search;

public sealed class SpellingTests
{
    [Theory]
    [InlineData("luhansk", "luhanks", 1)]
    [InlineData("Zelenskyy", "zelensky", 1)]
    [InlineData("witkoff", "wittkoff", 1)]
    [InlineData("nato", "nato", 0)]
    [InlineData("abc", "xyz", 3)]
    public void Distance_CountsEditsWithSwapsAsOne(string a, string b, int expected)
    {
        Assert.Equal(expected, Spelling.Distance(a, b));
    }

    [Fact]
    public void Distance_AboveTheCap_StopsEarly()
    {
        Assert.Equal(3, Spelling.Distance("territory", "zzzzzzzzzzzzzz", max: 2));
    }

    [Fact]
    public void Nearest_PicksTheClosestOrNothing()
    {
        Assert.Equal("positions", Spelling.Nearest("postions", ["ask", "positions", "timeline"]));
        Assert.Null(Spelling.Nearest("weather", ["ask", "positions", "timeline"]));
    }
}
