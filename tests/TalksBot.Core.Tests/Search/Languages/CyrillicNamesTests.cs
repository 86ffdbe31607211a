using TalksBot.Core.Knowledge;
using TalksBot.Core.Search;
using TalksBot.Core.Search.Languages;

namespace TalksBot.Core.Tests.Search.Languages;

public sealed class CyrillicNamesTests
{
    private static readonly NameMatcher Matcher = new(new KnowledgeSnapshot(TestKnowledge.Real));

    [Theory]
    [InlineData("Росія", "russia")]
    [InlineData("Кремль", "russia")]
    [InlineData("Путин", "russia")]
    [InlineData("Украина", "ukraine")]
    [InlineData("Зеленський", "ukraine")]
    [InlineData("США", "united-states")]
    [InlineData("Уиткофф", "united-states")]
    [InlineData("ЄС", "europe")]
    [InlineData("Европа", "europe")]
    public void Resolve_UkrainianOrRussianPartyName_FindsTheParty(string typed, string party)
    {
        Assert.Equal(party, Matcher.Resolve(typed, NameKind.Party)?.Id);
    }

    [Theory]
    [InlineData("перемир'я", "ceasefire")]
    [InlineData("перемир’я", "ceasefire")]
    [InlineData("перемирʼя", "ceasefire")]
    [InlineData("перемирие", "ceasefire")]
    [InlineData("НАТО", "nato")]
    [InlineData("Донбас", "territory")]
    [InlineData("Крым", "territory")]
    [InlineData("гарантии безопасности", "security-guarantees")]
    [InlineData("ЗАЕС", "nuclear-plant")]
    public void Resolve_UkrainianOrRussianTopicName_FindsTheTopic(string typed, string topic)
    {
        Assert.Equal(topic, Matcher.Resolve(typed, NameKind.Topic)?.Id);
    }

    [Fact]
    public void Aliases_EveryPartyAndTopic_HasUkrainianAndRussianNames()
    {
        var knowledge = TestKnowledge.Real;
        var names = knowledge.Parties.Select(p => (p.Id, p.Aliases)).Concat(knowledge.Topics.Select(t => (t.Id, t.Aliases)));

        Assert.All(names, item =>
        {
            Assert.Contains(item.Aliases, a => LanguageDetector.Detect(a) == QuestionLanguage.Ukrainian || a.Any(c => c is 'і' or 'ї' or 'є') || a.Equals("НАТО", StringComparison.Ordinal));
            Assert.Contains(item.Aliases, a => CyrillicText.HasCyrillic(a) && !a.Any(c => c is 'і' or 'ї' or 'є' or 'ґ'));
        });
    }
}
