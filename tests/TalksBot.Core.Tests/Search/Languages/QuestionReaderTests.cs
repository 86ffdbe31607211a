using TalksBot.Core.Search.Languages;

namespace TalksBot.Core.Tests.Search.Languages;

public sealed class QuestionReaderTests
{
    private static readonly QuestionReader Reader = QuestionReader.Load(TestKnowledge.KnowledgeDirectory);

    [Theory]
    [InlineData("Україна", "Ukraine")]
    [InlineData("України", "Ukraine")]
    [InlineData("Україну", "Ukraine")]
    [InlineData("Україні", "Ukraine")]
    [InlineData("Украине", "Ukraine")]
    [InlineData("Путіна", "Putin")]
    [InlineData("Путину", "Putin")]
    [InlineData("Путиным", "Putin")]
    [InlineData("Росією", "Russia")]
    [InlineData("России", "Russia")]
    [InlineData("Зеленського", "Zelenskyy")]
    [InlineData("Зеленскому", "Zelenskyy")]
    [InlineData("Донбасу", "Donbas")]
    [InlineData("Донбасса", "Donbas")]
    [InlineData("Києва", "Kyiv")]
    [InlineData("Кремлем", "Kremlin")]
    [InlineData("перемир'я", "Ceasefire")]
    [InlineData("перемир’я", "Ceasefire")]
    [InlineData("перемирʼя", "Ceasefire")]
    [InlineData("перемирия", "Ceasefire")]
    [InlineData("Украiни", "Ukraine")]
    [InlineData("спецпосланник", "Special envoy")]
    [InlineData("спецпосланця", "Special envoy")]
    [InlineData("посланник", "Envoy")]
    public void English_InflectedOrDifferentlyTypedWord_ReadsAsItsEnglishWord(string word, string english)
    {
        Assert.Equal(english, Reader.English(word));
    }

    [Theory]
    [InlineData("Що Росія хоче від України?", "What Russia wants from Ukraine?")]
    [InlineData("Что Путин говорит о НАТО?", "What Putin says about NATO?")]
    [InlineData("Які гарантії безпеки пропонують США?", "Which security guarantees propose US?")]
    [InlineData("Требует ли Россия вывести войска из Донбасса?", "Demands Russia withdraw troops from Donbas?")]
    [InlineData("Что сказал Витков в Абу-Даби?", "What said Витков in Abu Dhabi?")]
    public void English_UkrainianOrRussianQuestion_ReadsInEnglishInTheQuestionsOrder(string question, string english)
    {
        Assert.Equal(english, Reader.English(question));
    }

    [Theory]
    [InlineData("Що сталося на переговорах минулого тижня?", "last week")]
    [InlineData("Что произошло на прошлой неделе?", "last week")]
    [InlineData("Що нового у січні 2026 року?", "in January 2026 year")]
    public void English_TimeWords_ReadAsTheEnglishTimeParserKnowsThem(string question, string phrase)
    {
        Assert.Contains(phrase, Reader.English(question), StringComparison.Ordinal);
    }

    [Fact]
    public void English_EnglishQuestion_StaysExactlyAsAsked()
    {
        const string question = "What does Russia want from Ukraine?";

        Assert.Same(question, Reader.English(question));
    }

    [Fact]
    public void English_WithoutAGlossary_LeavesTheQuestionAsAsked()
    {
        Assert.Equal("Що Росія хоче?", QuestionReader.Empty.English("Що Росія хоче?"));
    }
}
