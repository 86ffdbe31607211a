using TalksBot.Core.Commands;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Moderation;

namespace TalksBot.Core.Tests.Cards;

/// <summary>Texts cut for a change announcement or an autocomplete choice end before an emoji, never inside it.</summary>
public sealed class ShortenedTextTests
{
    [Fact]
    public void ChangeSummary_FactTextCutInsideAnEmoji_EndsBeforeIt()
    {
        var fact = TestKnowledge.SmallFact("ru-flag", "russia", "territory", new string('a', ChangeSummary.MaxQuotedText - 2) + "🇺🇦 and more words after the flag.");

        var summary = ChangeSummary.Describe(null, fact);

        Assert.False(HasLoneSurrogate(summary), summary);
        Assert.Contains("…", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Autocomplete_FactTextCutInsideAnEmoji_EndsBeforeIt()
    {
        // "ru-flag: " is 9 characters: the 100-character choice ends at the flag.
        var fact = TestKnowledge.SmallFact("ru-flag", "russia", "territory", new string('a', 89) + "🇺🇦 and more words after the flag.");
        using var knowledge = TestKnowledge.With(TestKnowledge.Small(fact));

        var choice = Assert.Single(new Autocomplete(knowledge.Queries).Suggest(OptionKind.FactId, "ru-flag"));

        Assert.False(HasLoneSurrogate(choice.Name), choice.Name);
        Assert.True(choice.Name.Length <= 100);
    }

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && (i + 1 == text.Length || !char.IsLowSurrogate(text[i + 1])))
            {
                return true;
            }

            if (char.IsLowSurrogate(text[i]) && (i == 0 || !char.IsHighSurrogate(text[i - 1])))
            {
                return true;
            }
        }

        return false;
    }
}
