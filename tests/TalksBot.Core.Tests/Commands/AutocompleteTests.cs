using TalksBot.Core.Commands;

namespace TalksBot.Core.Tests.Commands;

public sealed class AutocompleteTests : IClassFixture<Queries.RealKnowledgeFixture>
{
    private readonly Autocomplete _autocomplete;

    public AutocompleteTests(Queries.RealKnowledgeFixture fixture) => _autocomplete = new Autocomplete(fixture.Knowledge.Queries);

    [Theory]
    [InlineData(OptionKind.Topic, "sec", "security-guarantees")]
    [InlineData(OptionKind.Topic, "terr", "territory")]
    [InlineData(OptionKind.Topic, "donbas", "territory")]
    [InlineData(OptionKind.Party, "kreml", "russia")]
    [InlineData(OptionKind.Party, "zelensky", "ukraine")]
    [InlineData(OptionKind.FactOrTopic, "person-kush", "person-kushner")]
    [InlineData(OptionKind.Command, "pos", "positions")]
    public void Suggest_TypedText_BestMatchFirst(OptionKind kind, string typed, string expected)
    {
        var suggestions = _autocomplete.Suggest(kind, typed);

        Assert.Equal(expected, suggestions[0].Value);
    }

    [Fact]
    public void Suggest_Nothing_ListsAtMostTwentyFive()
    {
        var suggestions = _autocomplete.Suggest(OptionKind.FactOrTopic, "");

        Assert.Equal(25, suggestions.Count);
        Assert.All(suggestions, s => Assert.InRange(s.Name.Length, 1, 100));
    }
}
