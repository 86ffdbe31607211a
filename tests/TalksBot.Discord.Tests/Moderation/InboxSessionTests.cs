using System.Text.Json.Nodes;
using TalksBot.Discord.Tests.Fakes;
using TalksBot.Discord.Tests.Gateway;
using TalksBot.Testing;
using static TalksBot.Discord.Tests.Moderation.ModerationSessionTests;

namespace TalksBot.Discord.Tests.Moderation;

/// <summary>The news inbox as a moderator meets it on Discord: /kb inbox, and its buttons opening prefilled modals.</summary>
public sealed class InboxSessionTests
{
    private static readonly FakeInteractionContext Moderator = FakeInteractionContext.Moderator;

    [Fact]
    public async Task KbInbox_ByAModerator_ListsTheCandidateWithItsActionsWithinDiscordLimits()
    {
        await using var session = await StartAsync();
        // Six candidates: a full page of five, three buttons each, and "More".
        InboxExamples.Seed(session.Bot.Services, [.. Enumerable.Range(0, 6).Select(i => InboxExamples.Candidate($"n0000000{i}", $"Story {i} about NATO and the talks") with { Relevance = 0.5 })]);
        InboxExamples.Seed(session.Bot.Services);

        var (_, listed) = await session.AskAsync(FakeInteractions.Subcommand(Moderator, "kb", "inbox"));

        Assert.Equal((4, 64), (listed.Type, listed.Data!["flags"]!.GetValue<int>()));
        var card = listed.Data!["embeds"]!.AsArray().OfType<JsonObject>().Single(e => e["title"]!.GetValue<string>().Contains(InboxExamples.Headline, StringComparison.Ordinal));
        var text = AllText(card);
        foreach (var expected in new[] { InboxExamples.Outlet, InboxExamples.SecondOutlet, InboxExamples.Url, InboxExamples.NearestFactId, "Russia", "NATO", "20 Nov 2026" })
        {
            Assert.Contains(expected, text, StringComparison.OrdinalIgnoreCase);
        }

        var rows = listed.Data!["components"]!.AsArray().OfType<JsonObject>().ToList();
        var buttons = rows.SelectMany(r => r["components"]!.AsArray().OfType<JsonObject>()).ToList();
        Assert.InRange(rows.Count, 1, 5);
        Assert.All(rows, r => Assert.InRange(r["components"]!.AsArray().Count, 1, 5));
        Assert.Equal(3 * 5 + 1, buttons.Count);
        Assert.All(buttons, b => Assert.InRange(b["custom_id"]!.GetValue<string>().Length, 1, 100));
        var labels = buttons.Select(b => b["label"]!.GetValue<string>()).ToList();
        Assert.Contains(labels, l => l.EndsWith("Draft fact", StringComparison.Ordinal));
        Assert.Contains(labels, l => l.EndsWith("Update " + InboxExamples.NearestFactId, StringComparison.Ordinal));
        Assert.Contains(labels, l => l.EndsWith("Dismiss", StringComparison.Ordinal));
        Assert.Contains("More", labels);
        Assert.DoesNotContain(session.Discord.Requests, r => r.Status == 400);
    }

    [Fact]
    public async Task KbInbox_ByAMember_RefusedWithoutShowingTheCandidate()
    {
        await using var session = await StartAsync();
        InboxExamples.Seed(session.Bot.Services);

        var (_, refused) = await session.AskAsync(FakeInteractions.Subcommand(FakeInteractionContext.Member, "kb", "inbox"));
        var (_, pressed) = await session.AskAsync(FakeInteractions.Button(FakeInteractionContext.Member, $"run:/inbox dismiss id:{InboxExamples.CandidateId}"));

        Assert.Equal("Not allowed", Title(refused));
        Assert.DoesNotContain(InboxExamples.Headline, AllText(refused.Data), StringComparison.Ordinal);
        Assert.Equal("Not allowed", Title(pressed));
        Assert.Equal(Core.Intake.CandidateStatus.Open, InboxExamples.Stored(session.Bot.Services)!.Status);
    }

    [Fact]
    public async Task DraftFact_Pressed_OpensThePrefilledModal_WhoseSubmissionSavesAFactFromTheItem()
    {
        await using var session = await StartAsync();
        InboxExamples.Seed(session.Bot.Services);

        var modal = await PressAsync(session, "Draft fact");

        var inputs = Inputs(modal);
        Assert.InRange(inputs.Count, 1, 5);
        Assert.InRange(modal["custom_id"]!.GetValue<string>().Length, 1, 100);
        Assert.InRange(modal["title"]!.GetValue<string>().Length, 1, 45);
        Assert.False(inputs["text"].ContainsKey("value"));
        Assert.Equal(InboxExamples.Url, inputs["source_url"]["value"]!.GetValue<string>());
        Assert.Equal(InboxExamples.Headline, inputs["source_title"]["value"]!.GetValue<string>());
        Assert.Equal(InboxExamples.Date, inputs["as_of"]["value"]!.GetValue<string>());

        const string Text = "The Kremlin said in November 2026 that Ukraine's neutrality is not negotiable.";
        var (_, saved) = await session.AskAsync(Submit(Moderator, modal, ("text", Text)));

        Assert.StartsWith("Added: ", Title(saved), StringComparison.Ordinal);
        InboxExamples.AssertDrafted(session.Bot.Store, Text);
        await AssertNoLongerListedAsync(session);
    }

    [Fact]
    public async Task DraftFact_ForAHeadlineLongerThanASourceTitle_SavesAsTheModalOpened()
    {
        // Feeds give headlines of up to 300 characters; a fact's source title holds 200.
        var headline = InboxExamples.Headline + ", " + string.Join(", ", Enumerable.Repeat("the Kremlin spokesman told reporters in Moscow", 6));
        await using var session = await StartAsync();
        InboxExamples.Seed(session.Bot.Services, InboxExamples.Candidate(headline: headline));

        var modal = await PressAsync(session, "Draft fact");
        const string Text = "The Kremlin said in November 2026 that Ukraine's neutrality is not negotiable.";
        var (_, saved) = await session.AskAsync(Submit(Moderator, modal, ("text", Text)));

        Assert.StartsWith("Added: ", Title(saved), StringComparison.Ordinal);
        var title = session.Bot.Store.Snapshot.SourcesOf(session.Bot.Store.Snapshot.Facts.Single(f => f.Text == Text))[0].Title;
        Assert.StartsWith(InboxExamples.Headline + ", the Kremlin spokesman", title, StringComparison.Ordinal);
        Assert.EndsWith("…", title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateFact_Pressed_OpensTheNearestFactsEdit_SavingAddsTheNewSourceInFront()
    {
        await using var session = await StartAsync();
        InboxExamples.Seed(session.Bot.Services);
        var before = session.Bot.Store.Snapshot.FactsById[InboxExamples.NearestFactId];
        var oldSources = InboxExamples.SourceUrls(session.Bot.Store);

        var modal = await PressAsync(session, "Update " + InboxExamples.NearestFactId);

        var inputs = Inputs(modal);
        Assert.InRange(inputs.Count, 1, 5);
        Assert.InRange(modal["custom_id"]!.GetValue<string>().Length, 1, 100);
        Assert.Equal(before.Text, inputs["text"]["value"]!.GetValue<string>());
        Assert.Equal(InboxExamples.Url, inputs["source_url"]["value"]!.GetValue<string>());
        Assert.Contains(InboxExamples.CandidateId, inputs["reason"]["value"]!.GetValue<string>(), StringComparison.Ordinal);

        var (_, saved) = await session.AskAsync(Submit(Moderator, modal));

        Assert.StartsWith("Saved: " + InboxExamples.NearestFactId, Title(saved), StringComparison.Ordinal);
        InboxExamples.AssertUpdated(session.Bot.Store, oldSources);
        await AssertNoLongerListedAsync(session);
    }

    [Fact]
    public async Task UpdateFact_NearAFactWithALongId_StillOpensTheModal_AndTheOutletIsThePublisher()
    {
        // The knowledge's longest fact id (72 characters) leaves no room in a modal's custom id for much besides it.
        const string LongId = "russia-security-guarantees-lavrov-rejects-guarantees-for-kyiv-government";
        await using var session = await StartAsync();
        InboxExamples.Seed(session.Bot.Services, InboxExamples.Candidate() with { Nearest = [new Core.Intake.NearFact(LongId, MayUpdate: true, 0.7)] });

        var modal = await PressAsync(session, "Update " + LongId[..40]);
        var (_, saved) = await session.AskAsync(Submit(Moderator, modal));

        Assert.StartsWith("Saved: " + LongId, Title(saved), StringComparison.Ordinal);
        var source = session.Bot.Store.Snapshot.SourcesOf(session.Bot.Store.Snapshot.FactsById[LongId])[0];
        Assert.Equal((InboxExamples.Url, InboxExamples.Outlet), (source.Url, source.Publisher));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not about the talks")]
    public async Task Dismiss_Pressed_OpensTheReasonForm_WhoseSubmissionDismisses(string reason)
    {
        await using var session = await StartAsync();
        InboxExamples.Seed(session.Bot.Services);

        var modal = await PressAsync(session, "Dismiss");

        Assert.Equal(["reason"], Inputs(modal).Keys);
        Assert.False(Inputs(modal)["reason"]["required"]?.GetValue<bool>() ?? false);
        var (_, dismissed) = await session.AskAsync(Submit(Moderator, modal, ("reason", reason)));

        Assert.Equal("Dismissed", Title(dismissed));
        var stored = InboxExamples.Stored(session.Bot.Services)!;
        Assert.Equal(Core.Intake.CandidateStatus.Dismissed, stored.Status);
        Assert.Equal(reason, stored.Reason ?? "");
        await AssertNoLongerListedAsync(session);
    }

    /// <summary>Lists the inbox, presses the candidate's button whose label holds <paramref name="label"/>, and returns the modal it opens.</summary>
    private static async Task<JsonObject> PressAsync(DiscordSession session, string label)
    {
        var (_, listed) = await session.AskAsync(FakeInteractions.Subcommand(Moderator, "kb", "inbox"));
        var button = listed.Data!["components"]!.AsArray().SelectMany(r => r!["components"]!.AsArray()).OfType<JsonObject>()
            .Single(b => b["label"]!.GetValue<string>().Contains(label, StringComparison.Ordinal));
        var (_, opened) = await session.AskAsync(FakeInteractions.Button(Moderator, button["custom_id"]!.GetValue<string>()));
        Assert.True(opened.Type == 9, $"Expected a modal, got type {opened.Type}: {AllText(opened.Data)}");
        return opened.Data!.AsObject();
    }

    private static async Task AssertNoLongerListedAsync(DiscordSession session)
    {
        var (_, listed) = await session.AskAsync(FakeInteractions.Subcommand(Moderator, "kb", "inbox"));
        Assert.DoesNotContain(InboxExamples.Headline, AllText(listed.Data), StringComparison.Ordinal);
        Assert.DoesNotContain(session.Discord.Requests, r => r.Status == 400);
    }
}
