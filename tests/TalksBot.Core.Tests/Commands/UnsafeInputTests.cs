using TalksBot.Core.Cards;

namespace TalksBot.Core.Tests.Commands;

public sealed class UnsafeInputTests
{
    [Theory]
    [InlineData("Russia \u202Edemands\u202C all of Donbas.", "U+202E (bidirectional override) at position 8")]
    [InlineData("Russia demands \u001b[31mall\u001b[0m of Donbas.", "U+001B (escape) at position 16")]
    [InlineData("Russia\u200B demands all of Donbas.", "U+200B (zero-width space) at position 7")]
    public async Task FactEdit_TextWithAHiddenCharacter_IsRefusedNamingItAndNothingIsSaved(string text, string named)
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());
        var before = knowledge.Store.Snapshot.FactsById["ru-land"];

        var reply = await knowledge.ModerateAsync($"/fact edit ru-land text:\"{text}\" reason:test");

        Assert.Equal(CardTone.Error, reply.Cards[0].Tone);
        Assert.Contains("hidden character in text", reply.Cards[0].Title, StringComparison.Ordinal);
        Assert.Contains(named, reply.Cards[0].Description, StringComparison.Ordinal);
        Assert.Equal(before, knowledge.Store.Snapshot.FactsById["ru-land"]);
        Assert.Single(knowledge.Store.History("ru-land"));
    }

    [Fact]
    public async Task FactEdit_TextWithLineBreaks_IsNotRefused()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());
        var invocation = knowledge.Invocation("/fact edit ru-land", moderator: true);
        var options = new Dictionary<string, string>(invocation.Options, StringComparer.OrdinalIgnoreCase)
        {
            ["text"] = "Russia demands all of Donetsk and Luhansk.\r\nIt says so again.",
            ["reason"] = "two lines",
            ["revision"] = "1",
        };

        var reply = await knowledge.Router.RouteAsync(invocation with { Options = options }, CancellationToken.None);

        Assert.NotEqual(CardTone.Error, reply.Cards[0].Tone);
        Assert.Equal(2, knowledge.Store.Snapshot.FactsById["ru-land"].Revision);
    }

    [Fact]
    public async Task Ask_WithZeroWidthAndBidiCharactersInsideWords_IsAnsweredLikeTheCleanQuestion()
    {
        using var knowledge = TestKnowledge.WithRealKnowledgeLexicalOnly();

        var clean = await knowledge.RunAsync("/ask Will Ukraine give up Donetsk?");
        var hidden = await knowledge.RunAsync("/ask Will Ukr\u200Baine give up Do\u2066netsk\u2069?");

        Assert.NotEqual(CardTone.Error, clean.Cards[0].Tone);
        Assert.Equal(clean.Cards[0].Footer, hidden.Cards[0].Footer);
        Assert.DoesNotContain('\u200B', hidden.Cards[0].Description ?? "");
    }
}
