namespace TalksBot.Core.Tests.Commands;

public sealed class CommandTextParserTests : IClassFixture<Queries.RealKnowledgeFixture>
{
    private readonly TestKnowledge _knowledge;

    public CommandTextParserTests(Queries.RealKnowledgeFixture fixture) => _knowledge = fixture.Knowledge;

    [Theory]
    [InlineData("/positions topic:nato party:russia", "nato", "russia")]
    [InlineData("/positions nato russia", "nato", "russia")]
    [InlineData("/positions security guarantees ukraine", "security guarantees", "ukraine")]
    [InlineData("/positions topic:security guarantees party:united states", "security guarantees", "united states")]
    [InlineData("/POSITIONS   territory", "territory", null)]
    [InlineData("/positions \"security guarantees\" \"united states\"", "security guarantees", "united states")]
    public void Parse_NamedOrPositional_FillsTheOptions(string line, string topic, string? party)
    {
        var parsed = _knowledge.Parser.Parse(line);

        Assert.Null(parsed.Error);
        Assert.Equal("positions", parsed.Name);
        Assert.Equal(topic, parsed.Options["topic"]);
        Assert.Equal(party, parsed.Options.GetValueOrDefault("party"));
    }

    [Fact]
    public void Parse_Ask_TakesTheWholeQuestionIncludingColons()
    {
        var parsed = _knowledge.Parser.Parse("/ask What happened on 2025-12-15 at 10:30: anything?");

        Assert.Equal("What happened on 2025-12-15 at 10:30: anything?", parsed.Options["question"]);
    }

    [Fact]
    public void Parse_NamedQuestion_IsNotSplit()
    {
        var parsed = _knowledge.Parser.Parse("/ask question:Will Ukraine give up Donetsk?");

        Assert.Equal("Will Ukraine give up Donetsk?", parsed.Options["question"]);
    }

    [Fact]
    public void Parse_WordsForACommandWithoutOptions_IsAFriendlyError()
    {
        var parsed = _knowledge.Parser.Parse("/about everything please");

        Assert.Contains("/about does not take", parsed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownCommand_KeepsTheNameForTheRouter()
    {
        var parsed = _knowledge.Parser.Parse("/frobnicate now");

        Assert.Equal("frobnicate", parsed.Name);
        Assert.Null(parsed.Error);
    }
}
