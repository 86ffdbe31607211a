using TalksBot.Core.Cards;
using TalksBot.Core.Tests.Queries;

namespace TalksBot.Core.Tests.Search.Languages;

public sealed class UkrainianRussianAskTests(RealKnowledgeFixture fixture) : IClassFixture<RealKnowledgeFixture>
{
    private readonly TestKnowledge _knowledge = fixture.Knowledge;

    [Fact]
    public async Task Ask_UkrainianQuestion_AnswersThePartyAndTopicFactInEnglishWithAUkrainianLine()
    {
        var reply = await _knowledge.RunAsync("/ask Чи хоче Трамп виборів в Україні під час війни?");

        var card = Assert.Single(reply.Cards);
        Assert.Equal("United States · Elections", card.Title);
        Assert.StartsWith("Відповідь англійською мовою.\n", card.Description, StringComparison.Ordinal);
        Assert.Contains("election", card.Description, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(CardTone.Answer, card.Tone);
    }

    [Fact]
    public async Task Ask_RussianQuestion_AnswersThePartyAndTopicFactInEnglishWithARussianLine()
    {
        var reply = await _knowledge.RunAsync("/ask Что Путин говорит о НАТО?");

        var card = Assert.Single(reply.Cards);
        Assert.Equal("Russia · NATO", card.Title);
        Assert.StartsWith("Ответ на английском языке.\n", card.Description, StringComparison.Ordinal);
        Assert.Contains("NATO", card.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_UkrainianQuestionAboutWhatRussiaWants_AnswersWithRussiasPosition()
    {
        var reply = await _knowledge.RunAsync("/ask Що Росія хоче від України?");

        var card = Assert.Single(reply.Cards);
        Assert.Equal("russia", card.PartyId);
        Assert.StartsWith("Відповідь англійською мовою.", card.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_RussianQuestionOutsideTheTalks_RefusesInRussian()
    {
        var reply = await _knowledge.RunAsync("/ask Какая столица Австралии?");

        var card = Assert.Single(reply.Cards);
        Assert.Equal("Я этого пока не знаю", card.Title);
        Assert.StartsWith("В моих знаниях нет ничего, что достаточно хорошо отвечает на «Какая столица Австралии?»", card.Description, StringComparison.Ordinal);
        Assert.Equal(CardTone.Warning, card.Tone);
        Assert.Equal(["Ближайшие темы (на английском)", "Попробуйте"], card.Fields.Select(f => f.Name));
    }

    [Fact]
    public async Task Ask_UkrainianQuestionAboutSomeoneKnownOnlyByName_RefusesInUkrainianNamingThem()
    {
        var reply = await _knowledge.RunAsync("/ask Що сказав Сибіга про переговори?");

        var card = Assert.Single(reply.Cards);
        Assert.Equal("У мене немає нічого про Andrii Sybiha", card.Title);
        Assert.StartsWith("У моїх знаннях немає нічого про Andrii Sybiha", card.Description, StringComparison.Ordinal);
        Assert.Equal(CardTone.Warning, card.Tone);
    }

    [Theory]
    [InlineData("Чого вимагає Трамп від Зеленського щодо виборів?", "election")]
    [InlineData("Чего хочет Россия от Украины?", "Ukrain")]
    public async Task Ask_QuestionOpeningWithTheGenitiveWhat_IsReadAsWhat(string question, string expected)
    {
        var answer = await _knowledge.Queries.AskAsync(question);

        Assert.StartsWith("What", answer.Reading, StringComparison.Ordinal);
        Assert.True(answer.Answered);
        Assert.Contains(expected, answer.Results[0].Fact.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_UkrainianQuestionAfterTheKnowledgeEnds_RefusesInUkrainianWithTheDate()
    {
        var reply = await _knowledge.RunAsync("/ask Що сталося на переговорах у вересні 2026 року?");

        var card = Assert.Single(reply.Cards);
        Assert.Equal("Це вже після кінця моїх знань", card.Title);
        Assert.StartsWith("Мої знання закінчуються 10 березня 2026, тож", card.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_EnglishQuestion_HasNoLanguageLine()
    {
        var reply = await _knowledge.RunAsync("/ask What does Putin say about NATO?");

        var card = Assert.Single(reply.Cards);
        Assert.DoesNotContain("английском", card.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("англійською", card.Description, StringComparison.Ordinal);
    }
}
