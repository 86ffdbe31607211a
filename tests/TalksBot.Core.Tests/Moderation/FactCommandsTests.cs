using TalksBot.Core.Cards;
using TalksBot.Core.Commands;
using TalksBot.Core.Knowledge;

namespace TalksBot.Core.Tests.Moderation;

public sealed class FactCommandsTests
{
    [Fact]
    public async Task FactAdd_WithoutText_OpensAFormAndItsSubmissionIsAnsweredAtOnce()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());

        var form = (await knowledge.ModerateAsync("/fact add topic:territory party:ukraine")).Form;

        Assert.NotNull(form);
        Assert.Equal("fact add", form.Command);
        Assert.Equal(["text", "source_url", "source_title", "as_of"], form.Fields.Select(f => f.Option));
        Assert.Equal("2026-03-12", form.Fields.Single(f => f.Option == "as_of").Value);
        var options = new Dictionary<string, string>(form.Carried)
        {
            ["text"] = "Ukraine wants the Odesa grain corridor protected in any deal.",
            ["source_url"] = "https://example.com/news/grain",
            ["source_title"] = "Grain corridor talks",
            ["as_of"] = "2026-03-10",
        };
        var saved = await knowledge.Router.RouteAsync(new CommandInvocation(form.Command, options, new CommandCaller("m1", "Mod Anna", [], true), "c1", "test"), CancellationToken.None);

        Assert.StartsWith("Added: ukraine-territory-ukraine-wants-the-odesa-grain", saved.Cards[0].Title, StringComparison.Ordinal);
        var answer = (await knowledge.Queries.AskAsync("What about the grain corridor in Odesa?"));
        Assert.True(answer.Answered);
        var fact = answer.Results[0].Fact;
        Assert.Equal(new DateOnly(2026, 3, 10), fact.AsOf);
        Assert.Equal("https://example.com/news/grain", knowledge.Store.Snapshot.SourcesOf(fact).Single().Url);
        var revision = Assert.Single(knowledge.Store.History(fact.Id));
        Assert.Equal((RevisionAction.Create, "Mod Anna", "test", "m1"), (revision.Action, revision.Who, revision.Platform, revision.UserId));
    }

    [Theory]
    [InlineData("/fact add topic:weather text:\"Rain.\" source_url:https://example.com", "Unknown topic")]
    [InlineData("/fact add topic:territory party:narnia text:\"Rain.\" source_url:https://example.com", "Unknown party")]
    [InlineData("/fact add topic:territory text:\"Rain.\" source_url:javascript:alert(1)", "Bad source address")]
    [InlineData("/fact add topic:territory text:\"Rain.\" source_url:ftp://example.com/x", "Bad source address")]
    [InlineData("/fact add topic:territory text:\"Rain.\" source_url:https://example.com as_of:2026-03-13", "Date in the future")]
    [InlineData("/fact add topic:territory text:\"Rain.\" source_url:https://example.com as_of:12/03/2026", "Bad date")]
    [InlineData("/fact add topic:territory text:\"Rain.\"", "The source is missing")]
    [InlineData("/fact edit id:no-such-fact text:\"x\"", "Unknown fact")]
    [InlineData("/fact retract id:ru-lnd reason:wrong", "Unknown fact")]
    [InlineData("/fact restore id:ru-land revision:99", "Unknown revision")]
    [InlineData("/fact restore id:ru-land", "Nothing to restore")]
    public async Task BadInput_IsRefusedWithAClearMessageAndChangesNothing(string line, string title)
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());
        var before = knowledge.Store.Snapshot;

        var reply = await knowledge.ModerateAsync(line);

        Assert.True(reply.Ephemeral);
        Assert.Equal(title, reply.Cards[0].Title);
        Assert.Equal(before.Facts, knowledge.Store.Snapshot.Facts);
        Assert.Equal(before.Sources, knowledge.Store.Snapshot.Sources);
    }

    [Fact]
    public async Task UnknownFactId_SuggestsTheNearestId()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());

        var reply = await knowledge.ModerateAsync("/fact show ru-lnd");

        Assert.Contains("Did you mean ru-land?", reply.Cards[0].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FactId_TypedAsTheStartOfExactlyOneId_IsEnough()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small(TestKnowledge.SmallFact("ru-land-extra", "russia", "territory", "Another.")));

        var unique = await knowledge.ModerateAsync("/fact show ua-lan");
        var ambiguous = await knowledge.ModerateAsync("/fact show ru-lan");

        Assert.Equal("ua-land", unique.Cards[0].Title);
        Assert.Equal("Unknown fact", ambiguous.Cards[0].Title);
    }

    [Fact]
    public async Task FactText_OverTheLimit_IsRefusedAndEchoedSoNothingIsLost()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());
        var text = string.Join(' ', Enumerable.Repeat("Russia demands Donetsk.", 50));

        var reply = await knowledge.Router.RouteAsync(
            new CommandInvocation("fact edit", new Dictionary<string, string> { ["id"] = "ru-land", ["text"] = text[..1000] + " extra" }, new CommandCaller("m1", "Mod", [], true), "c1", "test"),
            CancellationToken.None);

        Assert.Equal("/fact edit: text is too long", reply.Cards[0].Title);
        Assert.Equal(1, knowledge.Store.Snapshot.FactsById["ru-land"].Revision);
    }

    [Fact]
    public async Task NonModerator_IsRefusedForEveryModeratorCommand_AndNothingChanges()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());

        foreach (var command in CommandCatalog.All.Where(c => c.ModeratorOnly))
        {
            var options = command.Options.Where(o => o.Required).ToDictionary(o => o.Name, o => o.Kind == OptionKind.FactId ? "ru-land" : o.Kind == OptionKind.Topic ? "territory" : "because");
            var reply = await knowledge.Router.RouteAsync(new CommandInvocation(command.Name, options, new CommandCaller("u9", "Member", [], IsModerator: false), "c1", "test"), CancellationToken.None);

            Assert.Equal("Not allowed", reply.Cards[0].Title);
            Assert.True(reply.Ephemeral);
        }

        Assert.Equal(1, knowledge.Store.Snapshot.FactsById["ru-land"].Revision);
        Assert.Empty(knowledge.Store.Subscriptions());
    }

    [Fact]
    public async Task FactEdit_OpensAFormFilledWithTheCurrentFactAndTheRevisionItStartsFrom()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());

        var form = (await knowledge.ModerateAsync("/fact edit ru-land")).Form!;

        Assert.Equal("Russia demands all of Donetsk and Luhansk.", form.Fields.Single(f => f.Option == "text").Value);
        Assert.Equal("https://example.org/ap", form.Fields.Single(f => f.Option == "source_url").Value);
        Assert.Equal("2025-12-15", form.Fields.Single(f => f.Option == "as_of").Value);
        Assert.Equal(new Dictionary<string, string> { ["id"] = "ru-land", ["revision"] = "1" }, form.Carried);
    }

    [Fact]
    public async Task TwoModeratorsEditFromTheSameRevision_TheSecondIsRefusedWithTheDiffAndTheFirstTextStays()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());
        var anna = (await knowledge.ModerateAsync("/fact edit ru-land", "m1", "Anna")).Form!;
        var boris = (await knowledge.ModerateAsync("/fact edit ru-land", "m2", "Boris")).Form!;

        var first = await Submit(knowledge, anna, "Russia demands all of Donetsk, Luhansk, Zaporizhzhia and Kherson.", "m1", "Anna");
        var second = await Submit(knowledge, boris, "Russia demands only Donetsk now.", "m2", "Boris");

        Assert.StartsWith("Saved: ru-land (revision 2)", first.Cards[0].Title, StringComparison.Ordinal);
        Assert.Equal("Someone else saved first", second.Cards[0].Title);
        var message = second.Cards[0].Description!;
        Assert.Contains("Anna saved ru-land (revision 2", message, StringComparison.Ordinal);
        Assert.Contains("Text now: Russia demands all of Donetsk, Luhansk, Zaporizhzhia and Kherson.", message, StringComparison.Ordinal);
        Assert.Contains("Your text: Russia demands only Donetsk now.", message, StringComparison.Ordinal);
        var fact = knowledge.Store.Snapshot.FactsById["ru-land"];
        Assert.Equal((2, "Russia demands all of Donetsk, Luhansk, Zaporizhzhia and Kherson."), (fact.Revision, fact.Text));
    }

    [Fact]
    public async Task Retract_HidesTheFactFromAskAndPositionsAtOnce_AndRestoreBringsItBack()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());
        const string Question = "Does Russia demand Donetsk and Luhansk?";
        Assert.Equal("ru-land", (await knowledge.Queries.AskAsync(Question)).Results[0].Fact.Id);

        var retracted = await knowledge.ModerateAsync("/fact retract ru-land misquoted by the agency");

        Assert.StartsWith("Retracted: ru-land", retracted.Cards[0].Title, StringComparison.Ordinal);
        Assert.DoesNotContain("Russia demands all of", ReplyText.Of(await knowledge.RunAsync($"/ask {Question}")).Replace(Question, "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("Russia demands all of", ReplyText.Of(await knowledge.RunAsync("/positions territory")), StringComparison.Ordinal);

        var restored = await knowledge.ModerateAsync("/fact restore ru-land");

        Assert.StartsWith("Restored revision 1: ru-land (revision 3)", restored.Cards[0].Title, StringComparison.Ordinal);
        Assert.Contains("Russia demands all of Donetsk and Luhansk.", ReplyText.Of(await knowledge.RunAsync("/positions territory")), StringComparison.Ordinal);
        Assert.Equal("ru-land", (await knowledge.Queries.AskAsync(Question)).Results[0].Fact.Id);
    }

    [Fact]
    public async Task History_ShowsEveryStepWithWhoWhenAndWhat()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());
        await knowledge.ModerateAsync("/fact edit ru-land text:\"Russia demands all of Donbas.\" reason:newer report", "m1", "Anna");
        await knowledge.ModerateAsync("/fact deprecate ru-land superseded_by:ua-land", "m2", "Boris");
        await knowledge.ModerateAsync("/fact restore ru-land 2", "m1", "Anna");

        var history = ReplyText.Of(await knowledge.ModerateAsync("/fact history ru-land"));

        Assert.Contains("r1 · ", history, StringComparison.Ordinal);
        Assert.Contains("import by seed", history, StringComparison.Ordinal);
        Assert.Contains("edit by Anna (test) — newer report", history, StringComparison.Ordinal);
        Assert.Contains("text → “Russia demands all of Donbas.”", history, StringComparison.Ordinal);
        Assert.Contains("deprecate by Boris (test)", history, StringComparison.Ordinal);
        Assert.Contains("superseded by ua-land", history, StringComparison.Ordinal);
        Assert.Contains("restore by Anna (test) — restored revision 2", history, StringComparison.Ordinal);
        Assert.Contains("4 revisions", history, StringComparison.Ordinal);
        Assert.True(knowledge.Store.Snapshot.FactsById["ru-land"].IsCurrent);
    }

    [Fact]
    public async Task UndoButton_UnderASavedEdit_BringsBackThePreviousText()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());
        var saved = await knowledge.ModerateAsync("/fact edit ru-land text:\"A wrong edit.\"");

        var undo = saved.Buttons.Single(b => b.Label == "Undo").Action;
        await knowledge.ModerateAsync(undo);

        Assert.Equal("Russia demands all of Donetsk and Luhansk.", knowledge.Store.Snapshot.FactsById["ru-land"].Text);
    }

    [Fact]
    public async Task StoredText_WithMentionsAndMarkup_IsKeptVerbatimForRenderersToDefuse()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());

        await knowledge.ModerateAsync("/fact edit ru-land text:\"@everyone <!channel> **Russia** demands Donetsk.\"");

        Assert.Equal("@everyone <!channel> **Russia** demands Donetsk.", knowledge.Store.Snapshot.FactsById["ru-land"].Text);
    }

    [Fact]
    public async Task RateLimit_AFloodFromOneMember_GetsSlowDownWithASecondsHint_OthersAreUnaffected()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());
        using var limiter = new CommandRateLimiter(Microsoft.Extensions.Options.Options.Create(new RateLimitOptions { AskBurst = 2, AsksPerMinute = 1 }));
        var router = new CommandRouter(knowledge.Handlers, Microsoft.Extensions.Logging.Abstractions.NullLogger<CommandRouter>.Instance, limiter);
        var ask = knowledge.Invocation("/ask Does Russia demand Donetsk?");

        var replies = new List<Reply>();
        for (var i = 0; i < 3; i++)
        {
            replies.Add(await router.RouteAsync(ask, CancellationToken.None));
        }

        Assert.NotEqual("Slow down", replies[1].Cards[0].Title);
        Assert.Equal("Slow down", replies[2].Cards[0].Title);
        Assert.Matches(@"try again in \d+ s", replies[2].Cards[0].Description!);
        var other = await router.RouteAsync(ask with { Caller = new CommandCaller("u2", "Other", []) }, CancellationToken.None);
        Assert.NotEqual("Slow down", other.Cards[0].Title);
        var positions = await router.RouteAsync(knowledge.Invocation("/positions territory"), CancellationToken.None);
        Assert.NotEqual("Slow down", positions.Cards[0].Title);
    }

    [Fact]
    public async Task Help_ForTheFactGroup_ListsItsSubcommandsToModeratorsOnly()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());

        var moderator = ReplyText.Of(await knowledge.ModerateAsync("/help fact"));
        var member = await knowledge.RunAsync("/help fact");

        Assert.Contains("/fact retract id:<id> reason:<reason>", moderator, StringComparison.Ordinal);
        Assert.Contains("/fact restore id:<id> [revision:<revision>]", moderator, StringComparison.Ordinal);
        Assert.Equal("Unknown command", member.Cards[0].Title);
    }

    private static Task<Reply> Submit(TestKnowledge knowledge, ReplyForm form, string text, string userId, string name)
    {
        var options = form.Fields.Where(f => f.Value is not null).ToDictionary(f => f.Option, f => f.Value!);
        foreach (var (key, value) in form.Carried)
        {
            options[key] = value;
        }

        options["text"] = text;
        return knowledge.Router.RouteAsync(new CommandInvocation(form.Command, options, new CommandCaller(userId, name, [], true), "c1", "test"), CancellationToken.None);
    }

    [Fact]
    public async Task FactEdit_MonthPreciseFact_KeepsTheMonthUnlessTheModeratorGivesADay()
    {
        var month = TestKnowledge.SmallFact("ru-month", "russia", "nato", "Known only to the month.") with
        {
            AsOf = new DateOnly(2025, 12, 1),
            AsOfPrecision = DatePrecision.Month,
        };
        using var knowledge = TestKnowledge.With(TestKnowledge.Small(month));

        await knowledge.ModerateAsync("/fact edit ru-month text:\"Still known only to the month.\"");
        var shown = await knowledge.ModerateAsync("/fact show ru-month");
        var textOnly = knowledge.Store.Snapshot.FactsById["ru-month"];
        await knowledge.ModerateAsync("/fact edit ru-month as_of:2025-12-18");
        var dated = knowledge.Store.Snapshot.FactsById["ru-month"];

        Assert.StartsWith("As of December 2025 · ", shown.Cards[0].Footer, StringComparison.Ordinal);
        Assert.Equal(DatePrecision.Month, textOnly.AsOfPrecision);
        Assert.Equal((new DateOnly(2025, 12, 18), DatePrecision.Day), (dated.AsOf, dated.AsOfPrecision));
    }
}
