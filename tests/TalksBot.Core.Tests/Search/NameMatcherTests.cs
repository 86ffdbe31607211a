using TalksBot.Core.Search;

namespace TalksBot.Core.Tests.Search;

public sealed class NameMatcherTests
{
    private static readonly NameMatcher Matcher = new(new Core.Knowledge.KnowledgeSnapshot(TestKnowledge.Real));

    [Theory]
    [InlineData("Zelenskyy", "ukraine")]
    [InlineData("zelensky", "ukraine")]
    [InlineData("Zelenskiy", "ukraine")]
    [InlineData("zelenksy", "ukraine")]
    [InlineData("wittkoff", "united-states")]
    [InlineData("the Kremlin", "russia")]
    [InlineData("U.S.", "united-states")]
    [InlineData("Washington", "united-states")]
    [InlineData("EU", "europe")]
    public void Resolve_PartyNamesAndTypos_FindTheParty(string typed, string party)
    {
        Assert.Equal(party, Matcher.Resolve(typed, NameKind.Party)?.Id);
    }

    [Theory]
    [InlineData("teritory", "territory")]
    [InlineData("land", "territory")]
    [InlineData("Security guarantees", "security-guarantees")]
    [InlineData("zaporozhye nuclear plant", "nuclear-plant")]
    public void Resolve_TopicNamesAndTypos_FindTheTopic(string typed, string topic)
    {
        Assert.Equal(topic, Matcher.Resolve(typed, NameKind.Topic)?.Id);
    }

    [Fact]
    public void Resolve_Nonsense_FindsNothingButSuggests()
    {
        Assert.Null(Matcher.Resolve("weather", NameKind.Topic));
        Assert.Contains("nato", Matcher.Suggest("natto", NameKind.Topic));
    }

    [Theory]
    [InlineData("What does the kremlin want", "russia")]
    [InlineData("luhanks", "territory")]
    [InlineData("Zaporizhia front", "territory")]
    [InlineData("what did wittkoff say", "united-states")]
    public void FindMentions_InAQuestion_FindsPartiesAndTopicsDespiteTypos(string question, string id)
    {
        Assert.Contains(Matcher.FindMentions(question), m => m.Id == id);
    }

    [Fact]
    public void FindMentions_LowercaseUs_IsNotTheUnitedStates()
    {
        Assert.DoesNotContain(Matcher.FindMentions("tell us about the talks"), m => m.Id == "united-states");
        Assert.Contains(Matcher.FindMentions("what does the US want"), m => m.Id == "united-states");
    }
}
