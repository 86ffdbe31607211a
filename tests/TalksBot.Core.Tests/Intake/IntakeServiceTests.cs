using Microsoft.Extensions.DependencyInjection;
using TalksBot.Core.Cards;
using TalksBot.Core.Commands;
using TalksBot.Core.Intake;

namespace TalksBot.Core.Tests.Intake;

/// <summary>News items against the real knowledge: what becomes a candidate, what joins a story, what is dropped.</summary>
public sealed class IntakeServiceTests : IDisposable
{
    private readonly TestKnowledge _knowledge = TestKnowledge.WithRealKnowledge();

    private IntakeService Intake => _knowledge.Services.GetRequiredService<IntakeService>();

    private IInboxStore Inbox => _knowledge.Services.GetRequiredService<IInboxStore>();

    private static FeedItem Item(string outlet, string headline, string link, string summary = "") =>
        new(outlet, headline, summary, link, new DateTimeOffset(2026, 3, 10, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => _knowledge.Dispose();

    [Fact]
    public async Task Take_ARelevantItem_OpensACandidateWithPartyTopicNearestFactAndItsOwnDate()
    {
        var report = await Intake.TakeAsync([Item("Wire", "Putin repeats demand that Ukraine leave all of Donetsk before any ceasefire", "https://wire.example/putin-donetsk")], CancellationToken.None);

        Assert.Equal(1, report.Opened);
        var candidate = Assert.Single(await Inbox.OpenAsync(10));
        Assert.Equal(("russia", "territory", new DateOnly(2026, 3, 10)), (candidate.PartyId, candidate.TopicId, candidate.Date));
        Assert.NotEmpty(candidate.Nearest);
        Assert.StartsWith("russia-", candidate.Nearest[0].FactId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Take_AnItemUnrelatedToTheTalks_IsDroppedAndCounted()
    {
        var report = await Intake.TakeAsync([Item("Sport", "Manchester United beat Liverpool 2-1 at Old Trafford", "https://sport.example/match")], CancellationToken.None);

        Assert.Equal((0, 1), (report.Opened, report.Dropped));
        Assert.Empty(await Inbox.OpenAsync(10));
    }

    [Fact]
    public async Task Take_TheSameStoryFromTwoOutlets_IsOneCandidateWithBothSources()
    {
        await Intake.TakeAsync([Item("Wire", "Witkoff and Kushner meet Zelenskyy in Berlin for peace talks", "https://wire.example/berlin?utm_source=rss")], CancellationToken.None);

        var report = await Intake.TakeAsync(
            [
                Item("Wire again", "Witkoff and Kushner meet Zelenskyy in Berlin for peace talks", "https://www.wire.example/berlin/?utm_medium=feed&fbclid=x"),
                Item("Daily", "Zelenskyy meets Witkoff and Kushner in Berlin peace talks", "https://daily.example/2026/11/berlin-talks"),
            ],
            CancellationToken.None);

        Assert.Equal((0, 2, 0), (report.Opened, report.Merged, report.Known));
        var candidate = Assert.Single(await Inbox.OpenAsync(10));
        Assert.Equal(["Wire", "Wire again", "Daily"], candidate.Sources.Select(s => s.Outlet));
    }

    [Fact]
    public async Task Take_AStoryAModeratorDismissed_NeverComesBack()
    {
        var item = Item("Wire", "Kremlin says NATO membership for Ukraine remains unacceptable", "https://wire.example/kremlin-nato");
        await Intake.TakeAsync([item], CancellationToken.None);
        var candidate = Assert.Single(await Inbox.OpenAsync(10));
        await Inbox.SaveAsync(candidate with { Status = CandidateStatus.Dismissed, Reason = "already known" });

        var again = await Intake.TakeAsync([item, item with { Outlet = "Other", Link = "https://other.example/kremlin-nato-stance" }], CancellationToken.None);

        Assert.Equal(0, again.Opened);
        Assert.Empty(await Inbox.OpenAsync(10));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(400)]
    [InlineData(2_900_000)]
    public async Task Take_AnItemDatedInTheFuture_IsDatedTheDayItWasFound_SoItsDraftFormSaves(int daysAhead)
    {
        var today = DateOnly.FromDateTime(_knowledge.Time.GetUtcNow().UtcDateTime);
        var item = Item("Wire", "Putin repeats demand that Ukraine leave all of Donetsk before any ceasefire", "https://wire.example/putin-donetsk") with
        {
            Published = _knowledge.Time.GetUtcNow().AddDays(daysAhead),
        };
        await Intake.TakeAsync([item], CancellationToken.None);
        var candidate = Assert.Single(await Inbox.OpenAsync(10));

        var form = (await _knowledge.ModerateAsync($"/inbox draft id:{candidate.Id}")).Form!;
        var options = new Dictionary<string, string>(form.Carried) { ["text"] = "Putin repeated in March 2026 that Ukraine must leave all of Donetsk before any ceasefire." };
        foreach (var field in form.Fields.Where(f => f.Value is not null))
        {
            options[field.Option] = field.Value!;
        }

        var saved = await _knowledge.Router.RouteAsync(new CommandInvocation(form.Command, options, new CommandCaller("m1", "Mod Anna", [], true), "c1", "test"), CancellationToken.None);

        Assert.StartsWith("Added: ", saved.Cards[0].Title, StringComparison.Ordinal);
        Assert.Equal(FactCards.Date(today), options["as_of"]);
        Assert.Equal(today, candidate.Date);
    }

    [Fact]
    public async Task Take_AnItemWithoutALink_IsNotACandidate()
    {
        var report = await Intake.TakeAsync([new FeedItem("Wire", "Putin repeats demand that Ukraine leave all of Donetsk", "", null, null)], CancellationToken.None);

        Assert.Equal(0, report.Opened);
    }
}
