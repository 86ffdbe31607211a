using System.Text;
using System.Text.Json.Nodes;
using TalksBot.Slack.Tests.Fakes;
using TalksBot.Slack.Tests.SocketMode;

namespace TalksBot.Slack.Tests.Interactions;

/// <summary>The moderators' commands over Socket Mode, as a moderator and a member see them in Slack.</summary>
public sealed class ModerationTests
{
    internal const string Moderator = "U0MOD";
    private const string SecondModerator = "U0MOD2";
    internal const string Member = "U0MEMBER";
    private const string FactId = "russia-nato-year-end-no-nato";
    private const string FactText = "Putin reaffirmed in December 2025";

    /// <summary>How long the change notifier may take to announce a change (it is woken by the change itself).</summary>
    private static readonly TimeSpan NotifierWait = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task FactRetract_ByMember_IsRefusedAndNothingChanges()
    {
        await using var session = await StartAsync(slack =>
        {
            slack.AddUser("U0ADMIN", "admin", isAdmin: true);
            return Task.CompletedTask;
        });

        var member = await CommandAsync(session, "/fact", $"retract {FactId} reason:wrong", Member);
        var admin = await CommandAsync(session, "/fact", $"retract {FactId} reason:wrong", "U0ADMIN");
        var positions = await CommandAsync(session, "/positions", "nato russia", Member);

        Assert.Equal("ephemeral", member!["response_type"]!.GetValue<string>());
        Assert.Contains("Not allowed", Text(member), StringComparison.Ordinal);
        Assert.Contains("Not allowed", Text(admin), StringComparison.Ordinal);
        Assert.True(session.Bot.Store.Snapshot.Facts.Single(f => f.Id == FactId).IsCurrent);
        Assert.Contains(FactText, Text(positions), StringComparison.Ordinal);

        // Admins count only when the setting says so; nobody asked Slack about anyone.
        Assert.Empty(session.Slack.RequestsFor("users.info"));
    }

    [Fact]
    public async Task ModeratorOnlyCommands_GroupMembersAndWorkspaceAdminsAreModerators_OthersAreNot()
    {
        await using var session = await StartAsync(
            slack =>
            {
                slack.SetUserGroup("S0MODS", "U0GROUPIE");
                slack.AddUser("U0ADMIN", "admin", isAdmin: true);
                slack.AddUser("U0OWNER", "owner", isOwner: true);
                slack.AddUser(Member, "member");
                return Task.CompletedTask;
            },
            new Dictionary<string, string?>
            {
                // S0GONE is unknown to Slack: the failed look-up is logged and counts as "not a member".
                ["Slack:ModeratorUserGroupIds"] = "S0GONE, S0MODS",
                ["Slack:WorkspaceAdminsAreModerators"] = "true",
            });

        var positions = await CommandAsync(session, "/positions", "nato russia", Member);
        var lookupsForMemberCommands = session.Slack.RequestsFor("users.info").Count + session.Slack.UserGroupListCalls;
        var groupie = await CommandAsync(session, "/fact", $"show {FactId}", "U0GROUPIE");
        var admin = await CommandAsync(session, "/fact", $"show {FactId}", "U0ADMIN");
        var owner = await CommandAsync(session, "/kb", "stats", "U0OWNER");
        var member = await CommandAsync(session, "/fact", $"show {FactId}", Member);
        var stranger = await CommandAsync(session, "/fact", $"show {FactId}", "U0STRANGER");

        Assert.Contains(FactText, Text(positions), StringComparison.Ordinal);
        Assert.Equal(0, lookupsForMemberCommands);
        Assert.Equal(FactId, Title(groupie));
        Assert.Equal(FactId, Title(admin));
        Assert.DoesNotContain("Not allowed", Text(owner), StringComparison.Ordinal);
        Assert.Equal("Not allowed", Title(member));
        Assert.Equal("Not allowed", Title(stranger));
    }

    [Fact]
    public async Task UndoButton_MemberIsRefused_GroupMemberUndoes()
    {
        await using var session = await StartAsync(
            slack =>
            {
                slack.SetUserGroup("S0MODS", "U0GROUPIE");
                return Task.CompletedTask;
            },
            new Dictionary<string, string?> { ["Slack:ModeratorUserGroupIds"] = "S0MODS" });
        await CommandAsync(session, "/fact", $"retract {FactId} reason:misquoted");
        var undo = $"/fact restore {FactId} 1";

        await session.Slack.WaitForAckAsync(await session.Slack.SendEnvelopeAsync("interactive", FakeSlackPayloads.BlockActions("talksbot-1", undo, Member)), SlackSession.Wait);
        var refused = await session.Slack.WaitForAsync(s => s.ResponseUrlPosts is [var post] ? post : null, SlackSession.Wait, "the member's answer");
        var stillRetracted = !session.Bot.Store.Snapshot.Facts.Single(f => f.Id == FactId).IsCurrent;
        await session.Slack.WaitForAckAsync(await session.Slack.SendEnvelopeAsync("interactive", FakeSlackPayloads.BlockActions("talksbot-1", undo, "U0GROUPIE")), SlackSession.Wait);
        var restored = await session.Slack.WaitForAsync(s => s.ResponseUrlPosts is [_, var post] ? post : null, SlackSession.Wait, "the group member's answer");

        Assert.Equal(("ephemeral", "Not allowed"), (refused.ResponseType, Title(refused.Body)));
        Assert.True(stillRetracted);
        Assert.StartsWith("Restored revision 1", Title(restored.Body), StringComparison.Ordinal);
        Assert.True(session.Bot.Store.Snapshot.Facts.Single(f => f.Id == FactId).IsCurrent);
    }

    [Fact]
    public async Task FactGroup_BareOrHelp_ShowsUsage_AndUnknownSubcommandIsExplained()
    {
        await using var session = await StartAsync();

        var bare = await CommandAsync(session, "/fact", "", Member);
        var help = await CommandAsync(session, "/kb", "help", Member);
        var subcommandHelp = await CommandAsync(session, "/fact", "edit help");
        var typo = await CommandAsync(session, "/fact", "retrakt some-id", Member);

        Assert.Equal("/fact: moderators' commands", Title(bare));
        Assert.Contains("/fact retract id:", Text(bare), StringComparison.Ordinal);
        Assert.Contains("/kb export", Text(help), StringComparison.Ordinal);
        Assert.StartsWith("/fact edit id:<id>", Title(subcommandHelp), StringComparison.Ordinal);
        Assert.Contains("Did you mean /fact retract?", Text(typo), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FactEdit_OpensPrefilledModal_SaveWins_LaterSubmissionFromSameRevisionIsRefusedWithOwnText()
    {
        await using var session = await StartAsync();
        var before = session.Bot.Store.Snapshot.Facts.Single(f => f.Id == FactId);

        // Both moderators open the form on the same revision.
        var firstAck = await CommandAsync(session, "/fact", $"edit {FactId}");
        var secondAck = await CommandAsync(session, "/fact", $"edit {FactId}", SecondModerator);
        var views = session.Slack.OpenedViews;

        Assert.Null(firstAck);
        Assert.Null(secondAck);
        Assert.Equal(2, views.Count);
        var view = views[0].View;
        Assert.Equal("modal", view["type"]!.GetValue<string>());
        Assert.True(view["title"]!["text"]!.GetValue<string>().Length <= 24);
        Assert.Equal("Save", view["submit"]!["text"]!.GetValue<string>());
        var text = Input(view, "text");
        Assert.Equal(before.Text, text["element"]!["initial_value"]!.GetValue<string>());
        Assert.True(text["element"]!["multiline"]!.GetValue<bool>());
        Assert.False(text["optional"]!.GetValue<bool>());
        Assert.True(Input(view, "reason")["optional"]!.GetValue<bool>());

        const string First = "Putin said in December 2025 that Ukraine must never join NATO.";
        const string Second = "A different wording the second moderator wrote with care.";
        var saved = await SubmitAsync(session, views[0], new Dictionary<string, string> { ["text"] = First, ["reason"] = "clearer" }, Moderator);
        var refused = await SubmitAsync(session, views[1], new Dictionary<string, string> { ["text"] = Second }, SecondModerator);

        // The first save closes its modal and confirms privately in the channel.
        Assert.Null(saved);
        Assert.Equal(First, session.Bot.Store.Snapshot.Facts.Single(f => f.Id == FactId).Text);
        var confirmation = await session.Slack.WaitForAsync(s => s.Messages.FirstOrDefault(m => m.Ephemeral && m.EphemeralUser == Moderator), SlackSession.Wait, "the confirmation");
        Assert.Equal("C0GENERAL", confirmation.Channel);
        Assert.Contains($"revision {before.Revision + 1}", Text(confirmation.Blocks), StringComparison.Ordinal);

        // The second stays open with a note under the text, and the full refusal with their own text reaches them.
        Assert.Equal("errors", refused!["response_action"]!.GetValue<string>());
        Assert.NotEmpty(refused["errors"]!["text"]!.GetValue<string>());
        var refusal = await session.Slack.WaitForAsync(s => s.Messages.FirstOrDefault(m => m.Ephemeral && m.EphemeralUser == SecondModerator), SlackSession.Wait, "the refusal");
        Assert.Contains(Second, Text(refusal.Blocks), StringComparison.Ordinal);
        Assert.Equal(First, session.Bot.Store.Snapshot.Facts.Single(f => f.Id == FactId).Text);
    }

    [Fact]
    public async Task FactRetractThenRestore_AnswersDropAndRegainTheFact_HistoryListsBoth()
    {
        await using var session = await StartAsync();
        Assert.Contains(FactText, Text(await CommandAsync(session, "/positions", "nato russia", Member)), StringComparison.Ordinal);
        Assert.Contains(FactText, Text(await CommandAsync(session, "/ask", "Does Putin say Ukraine must stay out of NATO?", Member)), StringComparison.Ordinal);

        var retracted = await CommandAsync(session, "/fact", $"retract {FactId} reason:misquoted");
        var positionsAfterRetract = await CommandAsync(session, "/positions", "nato russia", Member);
        var askAfterRetract = await CommandAsync(session, "/ask", "Does Putin say Ukraine must stay out of NATO?", Member);
        var restored = await CommandAsync(session, "/fact", $"restore {FactId}");
        var positionsAfterRestore = await CommandAsync(session, "/positions", "nato russia", Member);
        var history = await CommandAsync(session, "/fact", $"history {FactId}");

        Assert.StartsWith("Retracted", Title(retracted), StringComparison.Ordinal);
        Assert.DoesNotContain(FactText, Text(positionsAfterRetract), StringComparison.Ordinal);
        Assert.DoesNotContain(FactText, Text(askAfterRetract), StringComparison.Ordinal);
        Assert.StartsWith("Restored", Title(restored), StringComparison.Ordinal);
        Assert.Contains(FactText, Text(positionsAfterRestore), StringComparison.Ordinal);
        var steps = Text(history);
        Assert.Contains("retract by u0mod (slack) — misquoted", steps, StringComparison.Ordinal);
        Assert.Contains("restore by u0mod (slack)", steps, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_ChannelGetsTheChangeCard_RefusedChannelIsNotSubscribed()
    {
        await using var session = await StartAsync(RefuseSecretChannel);

        // With should_escape, Slack sends the #channel the moderator picked as <#id|name>.
        var subscribed = await CommandAsync(session, "/subscribe", "<#C0UPDATES|talks-updates>");
        var refused = await CommandAsync(session, "/subscribe", "<#C0SECRET|secret>");
        await CommandAsync(session, "/fact", $"retract {FactId} reason:misquoted");
        var card = await session.Slack.WaitForAsync(
            s => s.Messages.FirstOrDefault(m => m.Channel == "C0UPDATES" && !m.Ephemeral && m.Text?.StartsWith("Fact retracted", StringComparison.Ordinal) == true),
            NotifierWait,
            "the change card in #talks-updates");

        Assert.Equal("Subscribed", Title(subscribed));
        Assert.Contains(session.Slack.Messages, m => m.Channel == "C0UPDATES" && m.Text!.StartsWith("TalksBot updates", StringComparison.Ordinal));
        Assert.Contains("misquoted", Text(card.Blocks), StringComparison.Ordinal);
        Assert.Equal("ephemeral", refused!["response_type"]!.GetValue<string>());
        Assert.Contains("TalksBot is not a member of that channel", Text(refused), StringComparison.Ordinal);
        Assert.Equal(["C0UPDATES"], session.Bot.Store.Subscriptions().Select(s => s.ChannelId));
    }

    [Fact]
    public async Task KbExport_SharesOneYamlFileInTheChannel_OrSaysWhyNot()
    {
        await using var session = await StartAsync(RefuseSecretChannel);

        var shared = await CommandAsync(session, "/kb", "export");
        var refused = await CommandAsync(session, "/kb", "export", channel: "C0SECRET");

        Assert.Null(shared);
        var steps = session.Slack.Requests.Select(r => r.Method).Where(m => m.StartsWith("files.", StringComparison.Ordinal)).Take(2);
        Assert.Equal(["files.getUploadURLExternal", "files.completeUploadExternal"], steps);
        var file = session.Slack.Files.Single(f => f.Channel is not null);
        Assert.Equal("C0GENERAL", file.Channel);
        Assert.EndsWith(".yaml", file.Name, StringComparison.Ordinal);
        Assert.Contains(FactId, Encoding.UTF8.GetString(file.Content!), StringComparison.Ordinal);
        Assert.StartsWith("Knowledge export", file.InitialComment, StringComparison.Ordinal);
        Assert.Equal("File not shared", Title(refused));
        Assert.Contains("TalksBot is not a member of that channel", Text(refused), StringComparison.Ordinal);
    }

    internal static Task<SlackSession> StartAsync(Func<FakeSlack, Task>? beforeBot = null, IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Slack:ModeratorUserIds"] = $"{Moderator}, {SecondModerator}",
            ["RateLimits:Enabled"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return SlackSession.StartAsync(beforeBot, connections: 1, settings: all);
    }

    /// <summary>A channel TalksBot was never invited to.</summary>
    private static Task RefuseSecretChannel(FakeSlack slack)
    {
        slack.RefuseChannel("C0SECRET", "not_in_channel");
        return Task.CompletedTask;
    }

    /// <summary>Runs a slash command; returns what the ack carried (null for an empty ack).</summary>
    internal static async Task<JsonNode?> CommandAsync(SlackSession session, string command, string text, string user = Moderator, string channel = "C0GENERAL")
    {
        var envelope = await session.Slack.SendEnvelopeAsync("slash_commands", FakeSlackPayloads.SlashCommand(command, text, user, channel));
        return (await session.Slack.WaitForAckAsync(envelope, SlackSession.Wait)).Payload;
    }

    internal static async Task<JsonNode?> SubmitAsync(SlackSession session, OpenedView view, IDictionary<string, string> changes, string user)
    {
        var envelope = await session.Slack.SendEnvelopeAsync("interactive", FakeSlackPayloads.ViewSubmission(view, changes, user));
        return (await session.Slack.WaitForAckAsync(envelope, SlackSession.Wait)).Payload;
    }

    internal static JsonObject Input(JsonObject view, string blockId) =>
        view["blocks"]!.AsArray().OfType<JsonObject>().Single(b => b["block_id"]?.GetValue<string>() == blockId);

    /// <summary>Every string in a message, one a line: what Slack shows, before it unescapes &amp;lt; and &amp;gt;.</summary>
    internal static string Text(JsonNode? node) => node switch
    {
        JsonObject o => string.Join("\n", o.Select(p => Text(p.Value))),
        JsonArray a => string.Join("\n", a.Select(Text)),
        JsonValue v when v.TryGetValue(out string? text) => text,
        _ => "",
    };

    internal static string? Title(JsonNode? message) => message?["blocks"]?[0]?["text"]?["text"]?.GetValue<string>();
}
