using TalksBot.Core.Cards;

namespace TalksBot.Core.Tests.Cards;

public sealed class DisplayTextTests
{
    [Theory]
    [InlineData("red \u001b[31malert\u001b[0m", "red [31malert[0m")]
    [InlineData("title \u001b]0;owned\u0007 text", "title ]0;owned text")]
    [InlineData("nul\u0000 cut", "nul cut")]
    [InlineData("c1 \u009b31m csi", "c1 31m csi")]
    [InlineData("file \u202Etxt.exe", "file txt.exe")]
    [InlineData("iso \u2066late\u2069 r", "iso late r")]
    [InlineData("uk\u200Brai\uFEFFne", "ukraine")]
    [InlineData("soft\u00ADhyphen", "softhyphen")]
    public void Clean_DropsControlBidiAndInvisibleCharacters(string input, string expected) =>
        Assert.Equal(expected, DisplayText.Clean(input));

    [Fact]
    public void Clean_KeepsLineBreaksJoinersAndOrdinaryText()
    {
        Assert.Equal("one\ntwo\nthree four", DisplayText.Clean("one\r\ntwo\rthree\tfour"));
        Assert.Equal("👨\u200D👩\u200D👧 می\u200Cخواهم — Zelenskyy «ok»", DisplayText.Clean("👨\u200D👩\u200D👧 می\u200Cخواهم — Zelenskyy «ok»"));
    }

    [Fact]
    public void Clean_KeepsTheBreakThatDefusesAMention()
    {
        var defused = UserText.Echo("@everyone <!channel> <@123>");
        Assert.Equal(defused, DisplayText.Clean(defused));
    }

    [Fact]
    public void FindUnsafe_NamesTheCharacterAndItsPosition()
    {
        Assert.Equal("U+202E (bidirectional override) at position 6", DisplayText.FindUnsafe("file \u202Etxt"));
        Assert.Equal("U+001B (escape) at position 1", DisplayText.FindUnsafe("\u001b[31m"));
        Assert.Null(DisplayText.FindUnsafe("two\nlines\twith tab"));
    }
}
