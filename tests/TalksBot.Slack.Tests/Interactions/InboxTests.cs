using System.Text.Json.Nodes;
using TalksBot.Core.Intake;
using TalksBot.Slack.Tests.Fakes;
using TalksBot.Slack.Tests.SocketMode;
using TalksBot.Testing;
using static TalksBot.Slack.Tests.Interactions.ModerationTests;

namespace TalksBot.Slack.Tests.Interactions;

/// <summary>The news inbox over Socket Mode: /kb inbox, and its buttons opening prefilled modals with the press's trigger.</summary>
public sealed class InboxTests
{
    [Fact]
    public async Task KbInbox_ByAModerator_ListsTheCandidateWithItsActionsWithinBlockKitLimits()
    {
        await using var session = await StartAsync();
        InboxExamples.Seed(session.Bot.Services, [.. Enumerable.Range(0, 6).Select(i => InboxExamples.Candidate($"n0000000{i}", $"Story {i} about NATO and the talks") with { Relevance = 0.5 })]);
        InboxExamples.Seed(session.Bot.Services);

        var listed = (await CommandAsync(session, "/kb", "inbox"))!;

        Assert.Equal("ephemeral", listed["response_type"]!.GetValue<string>());
        var blocks = listed["blocks"]!.AsArray().OfType<JsonObject>().ToList();
        Assert.InRange(blocks.Count, 1, 50);
        var text = Text(listed);
        foreach (var expected in new[] { InboxExamples.Headline, InboxExamples.Outlet, InboxExamples.SecondOutlet, InboxExamples.NearestFactId, "Russia", "NATO", "20 Nov 2026" })
        {
            Assert.Contains(expected, text, StringComparison.OrdinalIgnoreCase);
        }

        // Slack shows the link escaped: &amp; for &.
        Assert.Contains(InboxExamples.Url.Replace("&", "&amp;", StringComparison.Ordinal), text, StringComparison.Ordinal);
        var buttons = Buttons(listed);
        Assert.Equal(3 * 5 + 1, buttons.Count);
        Assert.InRange(buttons.Count, 1, 25);
        Assert.Equal(buttons.Count, buttons.Select(b => b["action_id"]!.GetValue<string>()).Distinct().Count());
        Assert.All(buttons, b => Assert.InRange(b["text"]!["text"]!.GetValue<string>().Length, 1, 75));
        Assert.All(buttons, b => Assert.InRange(b["value"]!.GetValue<string>().Length, 1, 2000));
        Assert.All(blocks.Where(b => b["type"]!.GetValue<string>() == "section"), b => Assert.InRange(b["text"]?["text"]?.GetValue<string>().Length ?? 0, 0, 3000));
        Assert.Contains(buttons, b => b["text"]!["text"]!.GetValue<string>().EndsWith("Update " + InboxExamples.NearestFactId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task KbInbox_ByAMember_RefusedWithoutShowingTheCandidate()
    {
        await using var session = await StartAsync();
        InboxExamples.Seed(session.Bot.Services);

        var refused = await CommandAsync(session, "/kb", "inbox", Member);

        Assert.Equal("Not allowed", Title(refused));
        Assert.DoesNotContain(InboxExamples.Headline, Text(refused), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DraftFact_Pressed_OpensThePrefilledModalWithThePressTrigger_WhoseSubmissionSavesAFactFromTheItem()
    {
        await using var session = await StartAsync();
        InboxExamples.Seed(session.Bot.Services);

        var (view, trigger) = await PressAsync(session, "Draft fact");

        Assert.Equal(trigger, view.TriggerId);
        Assert.InRange(view.View["title"]!["text"]!.GetValue<string>().Length, 1, 24);
        Assert.Null(Input(view.View, "text")["element"]!["initial_value"]);
        Assert.Equal(InboxExamples.Url, Input(view.View, "source_url")["element"]!["initial_value"]!.GetValue<string>());
        Assert.Equal(InboxExamples.Headline, Input(view.View, "source_title")["element"]!["initial_value"]!.GetValue<string>());
        Assert.Equal(InboxExamples.Date, Input(view.View, "as_of")["element"]!["initial_value"]!.GetValue<string>());

        const string Fact = "The Kremlin said in November 2026 that Ukraine's neutrality is not negotiable.";
        var closed = await SubmitAsync(session, view, new Dictionary<string, string> { ["text"] = Fact }, Moderator);

        Assert.Null(closed);
        Assert.StartsWith("Added: ", await ConfirmationAsync(session), StringComparison.Ordinal);
        InboxExamples.AssertDrafted(session.Bot.Store, Fact);
        await AssertNoLongerListedAsync(session, CandidateStatus.Drafted);
    }

    [Fact]
    public async Task UpdateFact_Pressed_OpensTheNearestFactsEdit_SavingAddsTheNewSourceInFront()
    {
        await using var session = await StartAsync();
        InboxExamples.Seed(session.Bot.Services);
        var before = session.Bot.Store.Snapshot.FactsById[InboxExamples.NearestFactId];
        var oldSources = InboxExamples.SourceUrls(session.Bot.Store);

        var (view, _) = await PressAsync(session, "Update " + InboxExamples.NearestFactId);

        Assert.Equal(before.Text, Input(view.View, "text")["element"]!["initial_value"]!.GetValue<string>());
        Assert.Equal(InboxExamples.Url, Input(view.View, "source_url")["element"]!["initial_value"]!.GetValue<string>());
        Assert.Contains(InboxExamples.CandidateId, Input(view.View, "reason")["element"]!["initial_value"]!.GetValue<string>(), StringComparison.Ordinal);
        var closed = await SubmitAsync(session, view, new Dictionary<string, string>(), Moderator);

        Assert.Null(closed);
        Assert.StartsWith("Saved: " + InboxExamples.NearestFactId, await ConfirmationAsync(session), StringComparison.Ordinal);
        InboxExamples.AssertUpdated(session.Bot.Store, oldSources);
        await AssertNoLongerListedAsync(session, CandidateStatus.Updated);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not about the talks")]
    public async Task Dismiss_Pressed_OpensTheReasonForm_WhoseSubmissionDismisses(string reason)
    {
        await using var session = await StartAsync();
        InboxExamples.Seed(session.Bot.Services);

        var (view, _) = await PressAsync(session, "Dismiss");

        var input = Assert.Single(view.View["blocks"]!.AsArray().OfType<JsonObject>(), b => b["type"]!.GetValue<string>() == "input");
        Assert.Equal("reason", input["block_id"]!.GetValue<string>());
        Assert.True(input["optional"]!.GetValue<bool>());
        var closed = await SubmitAsync(session, view, new Dictionary<string, string> { ["reason"] = reason }, Moderator);

        Assert.Null(closed);
        Assert.Equal("Dismissed", await ConfirmationAsync(session));
        Assert.Equal(reason, InboxExamples.Stored(session.Bot.Services)!.Reason ?? "");
        await AssertNoLongerListedAsync(session, CandidateStatus.Dismissed);
    }

    private static List<JsonObject> Buttons(JsonNode message) =>
        [.. message["blocks"]!.AsArray().OfType<JsonObject>().Where(b => b["type"]!.GetValue<string>() == "actions").SelectMany(b => b["elements"]!.AsArray().OfType<JsonObject>())];

    /// <summary>Lists the inbox, presses the button whose label holds <paramref name="label"/>; returns the view it opened and the press's trigger.</summary>
    private static async Task<(OpenedView View, string Trigger)> PressAsync(SlackSession session, string label)
    {
        var button = Buttons((await CommandAsync(session, "/kb", "inbox"))!).Single(b => b["text"]!["text"]!.GetValue<string>().Contains(label, StringComparison.Ordinal));
        var press = FakeSlackPayloads.BlockActions(button["action_id"]!.GetValue<string>(), button["value"]!.GetValue<string>(), Moderator);
        await session.Slack.WaitForAckAsync(await session.Slack.SendEnvelopeAsync("interactive", press), SlackSession.Wait);
        var trigger = press["trigger_id"]!.GetValue<string>();
        var view = await session.Slack.WaitForAsync(
            s => s.OpenedViews.FirstOrDefault(v => v.TriggerId == trigger) ?? (s.ResponseUrlPosts is [var answer, ..] ? throw new Xunit.Sdk.XunitException("No form; the press answered: " + Text(answer.Body)) : null),
            SlackSession.Wait,
            "the form the press opens");
        return (view, trigger);
    }

    /// <summary>The private message that confirms a form's submission to the moderator.</summary>
    private static async Task<string?> ConfirmationAsync(SlackSession session) =>
        (await session.Slack.WaitForAsync(s => s.Messages.FirstOrDefault(m => m.Ephemeral && m.EphemeralUser == Moderator), SlackSession.Wait, "the confirmation")).Title;

    private static async Task AssertNoLongerListedAsync(SlackSession session, CandidateStatus decided)
    {
        Assert.Equal(decided, InboxExamples.Stored(session.Bot.Services)!.Status);
        Assert.DoesNotContain(InboxExamples.Headline, Text(await CommandAsync(session, "/kb", "inbox")), StringComparison.Ordinal);
        Assert.DoesNotContain(session.Slack.Requests, r => r.ResponseBody.Contains("\"ok\":false", StringComparison.Ordinal));
    }
}
