using TalksBot.Core.Search.Languages;

namespace TalksBot.Core.Tests.Search.Languages;

public sealed class LanguageDetectorTests
{
    [Theory]
    [InlineData("Що Росія хоче від України?")]
    [InlineData("Чи погодиться Україна віддати Донбас?")]
    [InlineData("Який план у Трампа?")]
    [InlineData("хто такий Умеров")]
    public void Detect_UkrainianQuestion_IsUkrainian(string question)
    {
        Assert.Equal(QuestionLanguage.Ukrainian, LanguageDetector.Detect(question));
    }

    [Theory]
    [InlineData("Что Путин говорит о НАТО?")]
    [InlineData("Какой план у Трампа?")]
    [InlineData("Требует ли Россия вывести войска?")]
    [InlineData("Кто такой Умеров")]
    public void Detect_RussianQuestion_IsRussian(string question)
    {
        Assert.Equal(QuestionLanguage.Russian, LanguageDetector.Detect(question));
    }

    [Theory]
    [InlineData("What does Russia want from Ukraine?")]
    [InlineData("What does Putin think of the Путин-Trump summit in Alaska?")]
    [InlineData("")]
    public void Detect_EnglishOrMostlyEnglish_IsEnglish(string question)
    {
        Assert.Equal(QuestionLanguage.English, LanguageDetector.Detect(question));
    }

    [Theory]
    [InlineData("Что думает Witkoff о NATO?", QuestionLanguage.Russian)]
    [InlineData("Що каже Witkoff про NATO?", QuestionLanguage.Ukrainian)]
    public void Detect_MixedScripts_TakesTheMajority(string question, QuestionLanguage expected)
    {
        Assert.Equal(expected, LanguageDetector.Detect(question));
    }
}
