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

    [Theory]
    [InlineData("us troops ukraine", "united-states")]
    [InlineData("what does the us want", "united-states")]
    [InlineData("frozen assets eu", "europe")]
    [InlineData("uk troops", "europe")]
    public void FindMentions_TextWithoutCapitals_FindsShortNamesTypedInLowerCase(string question, string party)
    {
        Assert.Contains(Matcher.FindMentions(question), m => m.Id == party);
    }

    [Theory]
    [InlineData("can you tell us about the ceasefire")]
    [InlineData("what is in it for us")]
    [InlineData("Can you tell us what eu means?")]
    public void FindMentions_ThePronounUs_OrLowerCaseAmongCapitals_IsNoParty(string question)
    {
        Assert.DoesNotContain(Matcher.FindMentions(question), m => m.Id is "united-states" or "europe");
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
