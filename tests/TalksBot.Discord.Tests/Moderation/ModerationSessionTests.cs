using System.Text;
using System.Text.Json.Nodes;
using TalksBot.Core.Knowledge;
using TalksBot.Discord.Interactions;
using TalksBot.Discord.Tests.Fakes;
using TalksBot.Discord.Tests.Gateway;

namespace TalksBot.Discord.Tests.Moderation;

/// <summary>The moderators' commands as members and moderators meet them on Discord, against the real knowledge.</summary>
public sealed class ModerationSessionTests
{
    internal const string FactId = "russia-nato-year-end-no-nato";
    private const string FactText = "Putin reaffirmed in December 2025 that Ukraine must stay out of NATO";
    private static readonly TimeSpan Wait = DiscordSession.Wait;

    [Fact]
    public async Task Start_FactAndKb_RegisteredAsGroupsOfSubcommandsForModerators()
    {
        await using var session = await StartAsync();

        var commands = session.Discord.GlobalCommands!.OfType<JsonObject>().ToDictionary(c => c["name"]!.GetValue<string>());
        Assert.Equal(["add", "edit", "retract", "deprecate", "restore", "history", "show"], SubcommandNames(commands["fact"]));
        Assert.Equal(["stats", "stale", "unanswered", "export", "inbox"], SubcommandNames(commands["kb"]));
        foreach (var name in new[] { "fact", "kb", "subscribe", "unsubscribe" })
        {
            Assert.Equal("32", commands[name]["default_member_permissions"]!.GetValue<string>());
        }

        Assert.Null(commands["ask"]["default_member_permissions"]);
        Assert.DoesNotContain(session.Discord.Requests, r => r.Status == 400);
    }

    [Fact]
    public async Task Start_RegisteredBeforeWithAnOlderSubcommand_RegistersAgain()
    {
        var older = DiscordPayloads.Json(DiscordCommandDefinitions.Build());
        var fact = older.OfType<JsonObject>().Single(c => c["name"]!.GetValue<string>() == "fact");
        fact["options"]!.AsArray().Remove(fact["options"]!.AsArray().Single(o => o!["name"]!.GetValue<string>() == "history"));

        await using var session = await StartAsync(beforeBot: discord => DiscordSession.SeedCommandsAsync(discord, older));

        Assert.Single(session.Discord.Requests, r => r.Method == "PUT" && r.Status == 200 && r.UserAgent!.Contains("talksbot", StringComparison.Ordinal));
        var registered = session.Discord.GlobalCommands!.OfType<JsonObject>().Single(c => c["name"]!.GetValue<string>() == "fact");
        Assert.Contains("history", SubcommandNames(registered));
    }

    [Fact]
    public async Task FactRetract_ByAMember_RefusedPrivatelyAndNothingChanges()
    {
        await using var session = await StartAsync();
        var before = session.Bot.Store.Snapshot.FactsById[FactId];

        var (_, callback) = await session.AskAsync(FakeInteractions.Subcommand("fact", "retract", ("id", FactId), ("reason", "I disagree")));

        Assert.Equal(4, callback.Type);
        Assert.Equal(64, callback.Data!["flags"]!.GetValue<int>());
        Assert.Equal("Not allowed", Title(callback));
        var after = session.Bot.Store.Snapshot.FactsById[FactId];
        Assert.Equal((before.Revision, FactStatus.Active), (after.Revision, after.Status));
    }

    [Fact]
    public async Task FactShow_InADirectMessage_IsNotAllowed()
    {
        await using var session = await StartAsync();

        var (_, callback) = await session.AskAsync(FakeInteractions.Subcommand(FakeInteractionContext.Dm, "fact", "show", ("id", FactId)));

        Assert.Equal("Not allowed", Title(callback));
    }

    [Fact]
    public async Task FactEdit_ByAModerator_OpensAPrefilledFormWhoseSubmissionSaves()
    {
        await using var session = await StartAsync();

        var (_, opened) = await session.AskAsync(FakeInteractions.Subcommand(FakeInteractionContext.Moderator, "fact", "edit", ("id", FactId)));

        Assert.Equal(9, opened.Type);
        var modal = opened.Data!.AsObject();
        Assert.InRange(modal["custom_id"]!.GetValue<string>().Length, 1, 100);
        var inputs = Inputs(modal);
        Assert.StartsWith(FactText, inputs["text"]["value"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, inputs["text"]["style"]!.GetValue<int>());
        Assert.InRange(inputs.Count, 1, 5);

        var edited = "Putin said in December 2025 that Ukraine must stay out of NATO (corrected wording).";
        var (_, saved) = await session.AskAsync(Submit(FakeInteractionContext.Moderator, modal, ("text", edited), ("reason", "clearer wording")));

        Assert.Equal(4, saved.Type);
        Assert.StartsWith("Saved: " + FactId, Title(saved), StringComparison.Ordinal);
        var (_, shown) = await session.AskAsync(FakeInteractions.Subcommand(FakeInteractionContext.Moderator, "fact", "show", ("id", FactId)));
        Assert.Equal(edited, shown.Data!["embeds"]![0]!["description"]!.GetValue<string>());
        Assert.Equal("discord", session.Bot.Store.History(FactId)[^1].Platform);
    }

    [Fact]
    public async Task FactEdit_SecondModeratorFromTheSameRevision_RefusedWithTheirTextAndTheFirstKept()
    {
        await using var session = await StartAsync();
        var (_, first) = await session.AskAsync(FakeInteractions.Subcommand(FakeInteractionContext.Moderator, "fact", "edit", ("id", FactId)));
        var (_, second) = await session.AskAsync(FakeInteractions.Subcommand(FakeInteractionContext.Administrator, "fact", "edit", ("id", FactId)));
        var firstText = "First moderator's wording: Putin insisted in December 2025 that Ukraine stay out of NATO.";
        var secondText = "Second moderator's wording: in December 2025 Putin again ruled out Ukraine in NATO.";

        var (_, saved) = await session.AskAsync(Submit(FakeInteractionContext.Moderator, first.Data!.AsObject(), ("text", firstText)));
        var (_, refused) = await session.AskAsync(Submit(FakeInteractionContext.Administrator, second.Data!.AsObject(), ("text", secondText)));

        Assert.StartsWith("Saved", Title(saved), StringComparison.Ordinal);
        Assert.Equal(64, refused.Data!["flags"]!.GetValue<int>());
        var message = AllText(refused.Data);
        Assert.Contains(secondText, message, StringComparison.Ordinal);
        Assert.Contains("their change stands", message, StringComparison.Ordinal);
        Assert.Equal(firstText, session.Bot.Store.Snapshot.FactsById[FactId].Text);
    }

    [Fact]
    public async Task ModalSubmit_AnsweredWithAnotherForm_GetsAPrivateErrorInstead()
    {
        await using var session = await StartAsync();
        var revision = session.Bot.Store.Snapshot.FactsById[FactId].Revision;
        var (_, opened) = await session.AskAsync(FakeInteractions.Subcommand(FakeInteractionContext.Moderator, "fact", "edit", ("id", FactId)));
        var emptied = Inputs(opened.Data!.AsObject()).Keys.Select(k => (k, "")).ToArray();

        var (_, answer) = await session.AskAsync(Submit(FakeInteractionContext.Moderator, opened.Data!.AsObject(), emptied));

        Assert.Equal(4, answer.Type);
        Assert.Equal(64, answer.Data!["flags"]!.GetValue<int>());
        Assert.Equal("Another form", Title(answer));
        Assert.Equal(revision, session.Bot.Store.Snapshot.FactsById[FactId].Revision);
    }

    [Fact]
    public async Task FactAdd_TopicTooLongToCarryInAForm_PrivateErrorRatherThanAnInvalidModal()
    {
        await using var session = await StartAsync();

        var (_, callback) = await session.AskAsync(FakeInteractions.Subcommand(FakeInteractionContext.Moderator, "fact", "add", ("topic", new string('t', 99))));

        Assert.Equal(4, callback.Type);
        Assert.Equal(64, callback.Data!["flags"]!.GetValue<int>());
        Assert.Equal("The form cannot open", Title(callback));
        Assert.DoesNotContain(session.Discord.Requests, r => r.Status == 400);
    }

    [Fact]
    public async Task FactRetract_ThenRestore_AnswersDropTheFactAndGetItBack()
    {
        await using var session = await StartAsync();
        Assert.Contains(FactText, await AnswersAsync(session), StringComparison.Ordinal);

        var (_, retracted) = await session.AskAsync(FakeInteractions.Subcommand(FakeInteractionContext.Moderator, "fact", "retract", ("id", FactId), ("reason", "misquoted")));
        var withoutIt = await AnswersAsync(session);
        var (_, restored) = await session.AskAsync(FakeInteractions.Subcommand(FakeInteractionContext.Moderator, "fact", "restore", ("id", FactId)));
        var withIt = await AnswersAsync(session);

        Assert.StartsWith("Retracted", Title(retracted), StringComparison.Ordinal);
        Assert.DoesNotContain(FactText, withoutIt, StringComparison.Ordinal);
        Assert.StartsWith("Restored", Title(restored), StringComparison.Ordinal);
        Assert.Contains(FactText, withIt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FactHistory_AfterEditRetractAndRestore_ListsEveryStep()
    {
        await using var session = await StartAsync();
        var moderator = FakeInteractionContext.Moderator;
        await session.AskAsync(FakeInteractions.Subcommand(moderator, "fact", "edit", ("id", FactId), ("text", FactText + ", Reuters reported."), ("reason", "attribution")));
        await session.AskAsync(FakeInteractions.Subcommand(moderator, "fact", "retract", ("id", FactId), ("reason", "duplicate")));
        await session.AskAsync(FakeInteractions.Subcommand(moderator, "fact", "restore", ("id", FactId)));

        var (_, history) = await session.AskAsync(FakeInteractions.Subcommand(moderator, "fact", "history", ("id", FactId)));

        var text = AllText(history.Data);
        Assert.Equal("History of " + FactId, Title(history));
        foreach (var step in new[] { "edit by Moderator (discord) — attribution", "retract by Moderator (discord) — duplicate", "restore by Moderator (discord)" })
        {
            Assert.Contains(step, text, StringComparison.Ordinal);
        }

        Assert.Equal(session.Bot.Store.History(FactId).Count, text.Split('\n').Count(l => l.StartsWith('r') && l.Contains(" UTC · ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Autocomplete_FactEditId_SuggestsFactIds()
    {
        await using var session = await StartAsync();

        var (_, callback) = await session.AskAsync(FakeInteractions.SubcommandAutocomplete(FakeInteractionContext.Moderator, "fact", "edit", "id", "russia-nato"));

        Assert.Equal(8, callback.Type);
        var values = callback.Data!["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()).ToList();
        Assert.Contains(FactId, values);
        Assert.All(values, v => Assert.True(session.Bot.Store.Snapshot.FactsById.ContainsKey(v), v));
    }

    [Fact]
    public async Task KbExport_EditsThePrivateOriginalWithAYamlAttachment()
    {
        await using var session = await StartAsync();
        var interaction = FakeInteractions.Subcommand(FakeInteractionContext.Moderator, "kb", "export");

        var (_, callback) = await session.AskAsync(interaction);
        var edit = await session.Discord.WaitForOriginalEditAsync(interaction["token"]!.GetValue<string>(), Wait);

        Assert.Equal((5, 64), (callback.Type, callback.Data!["flags"]!.GetValue<int>()));
        var file = Assert.Single(edit.Files);
        Assert.Equal("files[0]", file.FieldName);
        Assert.EndsWith(".yaml", file.FileName, StringComparison.Ordinal);
        Assert.Contains(FactId, Encoding.UTF8.GetString(file.Content), StringComparison.Ordinal);
        Assert.Equal(file.FileName, edit.Body!["attachments"]![0]!["filename"]!.GetValue<string>());
        Assert.Equal("Knowledge export", edit.Body!["embeds"]![0]!["title"]!.GetValue<string>());
        var original = session.Discord.GetOriginalMessage(interaction["token"]!.GetValue<string>())!;
        Assert.Equal(file.Content.Length, original["attachments"]![0]!["size"]!.GetValue<int>());
    }

    internal static Task<DiscordSession> StartAsync(Func<FakeDiscord, Task>? beforeBot = null) =>
        StartReadyAsync(beforeBot);

    internal static string Title(InteractionCallback callback) => callback.Data!["embeds"]![0]!["title"]!.GetValue<string>();

    /// <summary>Every string in a JSON tree, one per line, unescaped.</summary>
    internal static string AllText(JsonNode? node) => node switch
    {
        JsonObject o => string.Join("\n", o.Select(p => AllText(p.Value))),
        JsonArray a => string.Join("\n", a.Select(AllText)),
        JsonValue v when v.TryGetValue(out string? s) => s,
        _ => "",
    };

    private static async Task<DiscordSession> StartReadyAsync(Func<FakeDiscord, Task>? beforeBot)
    {
        var session = await DiscordSession.StartAsync(beforeBot: beforeBot);
        try
        {
            await session.Discord.WaitForReadyAsync(Wait);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>What a member sees for Russia on NATO: /positions and /ask.</summary>
    private static async Task<string> AnswersAsync(DiscordSession session)
    {
        var (_, positions) = await session.AskAsync(FakeInteractions.Command("positions", ("topic", "nato"), ("party", "russia")));
        var (_, ask) = await session.AskAsync(FakeInteractions.Command("ask", ("question", "What does Russia say about Ukraine joining NATO?")));
        return AllText(positions.Data) + "\n" + AllText(ask.Data);
    }

    private static List<string> SubcommandNames(JsonObject command) =>
        command["options"]!.AsArray().Where(o => o!["type"]!.GetValue<int>() == 1).Select(o => o!["name"]!.GetValue<string>()).ToList();

    internal static Dictionary<string, JsonObject> Inputs(JsonObject modal) =>
        modal["components"]!.AsArray().Select(row => row!["components"]![0]!.AsObject()).ToDictionary(i => i["custom_id"]!.GetValue<string>());

    /// <summary>The modal submitted as Discord sends it: every input with its (pre-filled or changed) value.</summary>
    internal static JsonObject Submit(FakeInteractionContext context, JsonObject modal, params (string Field, string Value)[] changes)
    {
        var values = Inputs(modal).ToDictionary(p => p.Key, p => p.Value["value"]?.GetValue<string>() ?? "");
        foreach (var (field, value) in changes)
        {
            values[field] = value;
        }

        return FakeInteractions.ModalSubmit(context, modal["custom_id"]!.GetValue<string>(), [.. values.Select(p => (p.Key, p.Value))]);
    }
}
